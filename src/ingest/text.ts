// Text normalisation for plain-text pages: decoding, line splitting and per-line cleanup.

/** Why a page cannot be treated as text; `line` is 1-based. */
export interface NotTextProblem {
  line: number;
  reason: string;
}

/**
 * Decodes page bytes as strict UTF-8. Returns the text, or where it stopped being text.
 * `fatal: true` makes invalid sequences throw instead of silently becoming U+FFFD, which would hide
 * a binary or mis-encoded file behind a plausible-looking article.
 */
export function decodePage(input: string | Uint8Array): string | NotTextProblem {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return { line: lineOfInvalidByte(input), reason: 'not text: the page is not valid UTF-8' };
    }
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return { line: lineAt(text, nul), reason: 'not text: the page contains a NUL character' };
  }
  // TextDecoder already drops a leading BOM; string input may still carry one.
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Splits on CRLF, lone CR, LF and the Unicode line/paragraph separators. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|[\r\n\u2028\u2029]/);
}

// Invisible characters that only ever get in the way of matching. ZWJ/ZWNJ are deliberately kept
// inside a line because they change rendering in emoji and in Indic/Persian scripts.
const INVISIBLE = /[\u200B\u2060\uFEFF\u180E\u00AD]/g;
// JS `\s` already covers NBSP, U+2000–U+200A, U+202F, U+205F and U+3000; `\p{Cc}` adds tabs and stray
// C0/C1 control characters, so every kind of spacing collapses to one plain space.
const SPACES = /[\s\p{Cc}]+/gu;
const EDGE_JOINERS = /^(?:\u200C|\u200D| )+|(?:\u200C|\u200D| )+$/g;

/** NFC, invisible characters removed, all spacing collapsed to single ASCII spaces, trimmed. */
export function normaliseLine(line: string): string {
  return line.normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ').replace(EDGE_JOINERS, '');
}

/** Folds typographic apostrophes so matching can treat ’ and ' alike. */
export function foldApostrophes(text: string): string {
  return text.replace(/[\u2018\u2019\u02BC\u2032`]/g, "'");
}

/** Words that contain at least one letter or digit; punctuation-only tokens like `—` don't count. */
export function countWords(text: string): number {
  let n = 0;
  for (const token of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(token)) n++;
  return n;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

// Newline bytes never occur inside a multi-byte UTF-8 sequence, so decoding line by line finds the
// line holding the first invalid sequence.
function lineOfInvalidByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const b = bytes[i];
    if (i < bytes.length && b !== 10 && b !== 13) continue;
    try {
      decoder.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    if (b === 13 && bytes[i + 1] === 10) i++;
    start = i + 1;
    line++;
  }
  return 1;
}
