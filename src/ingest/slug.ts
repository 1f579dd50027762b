// URL slugs: ASCII-folded, lower-case, hyphen-separated; plus a deterministic fallback for slugs that fold to nothing.

// Letters NFKD does not decompose into a base letter plus combining marks.
const FOLD: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
  ŧ: 't',
  Ŧ: 't',
  ŋ: 'ng',
  Ŋ: 'ng',
};
const FOLD_RE = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'gu');

/**
 * `Xi-Putin sign, issue joint statement` → `xi-putin-sign-issue-joint-statement`.
 * Accents fold to ASCII; every run of anything else becomes one `-`. May return `''` (e.g. CJK-only text).
 */
export function slugify(text: string): string {
  return text
    .replace(FOLD_RE, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** 32-bit FNV-1a over the UTF-8 bytes, as 8 hex digits: tiny, pure and identical on every platform. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** `slugify(text)`, or `<prefix>-<fnv1a(text)>` when that is empty, so a stored slug is never blank. */
export function slugOrFallback(text: string, prefix: string): string {
  return slugify(text) || `${prefix}-${fnv1a(text)}`;
}
