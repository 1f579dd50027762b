// Classifies a cited source's name into a kind using the curated outlet table (lexicon/outlets.json).

import type { SourceKind } from '../generated/prisma/client.js';
import {
  alternation,
  GOVERNMENT_PHRASES,
  GOVERNMENT_WORDS,
  KEY_MEDIA_DESCRIPTORS,
  KEY_STATE_QUALIFIERS,
  LOOKUP_DESCRIPTORS,
  OUTLETS,
} from './lexicon.js';
import { slugify } from './slug.js';

// Names are written as people write them; lookups compare slugs, so case, accents, apostrophe style,
// hyphens and spacing never matter (`Al-Jazeera` = `al jazeera`, `People’s Daily` = `People's Daily`).
const OUTLET_KIND = new Map<string, SourceKind>();
for (const [kind, names] of OUTLETS) {
  for (const name of names) OUTLET_KIND.set(slugify(name), kind);
}

// Checked after the outlet table so `Xinhua News Agency` stays an agency and `Press Information Bureau`
// (a ministry's office) still reads as government.
const GOVERNMENT_SLUGS = [...GOVERNMENT_PHRASES].map(slugify);

// Qualifiers that describe rather than name: `state media Xinhua`, `the Kremlin`, `Xinhua news agency`.
const LEADING_QUALIFIER = new RegExp(
  `^(?:the\\s+)?(?:${alternation(KEY_STATE_QUALIFIERS)}(?:\\s+${alternation(KEY_MEDIA_DESCRIPTORS)})?\\s+)?(?:the\\s+)?`,
  'i',
);
const TRAILING_DESCRIPTOR = new RegExp(`\\s+${alternation(LOOKUP_DESCRIPTORS)}$`, 'i');

/** The comparison key for a source name: slugged, qualifiers such as `The ` / `state media ` dropped. */
export function sourceKey(name: string): string {
  // Initials fold so `U.N.` and `UN` are one source.
  const undotted = name.trim().replace(/(?<=(?:^|[\s.])\p{Lu})\.(?=\p{Lu}\.|\s|$)/gu, '');
  return slugify(undotted.replace(LEADING_QUALIFIER, '').replace(/['’]s$/, ''));
}

/** Table lookup for a source name: case-insensitive, tolerant of a leading `The `/`state media `. */
export function sourceKind(name: string): SourceKind {
  const key = sourceKey(name);
  const direct = OUTLET_KIND.get(key);
  if (direct) return direct;
  const trimmed = OUTLET_KIND.get(
    sourceKey(name.replace(LEADING_QUALIFIER, '').replace(TRAILING_DESCRIPTOR, '')),
  );
  if (trimmed) return trimmed;
  const tokens = key.split('-');
  if (tokens.some((t) => GOVERNMENT_WORDS.has(t))) return 'GOVERNMENT';
  if (GOVERNMENT_SLUGS.some((p) => `-${key}-`.includes(`-${p}-`))) return 'GOVERNMENT';
  return 'OTHER';
}

/** True for the kinds the curated outlet table holds: agencies, broadcasters and newspapers. */
export function isOutletKind(kind: SourceKind): boolean {
  return OUTLETS.has(kind);
}

/** True for agencies, broadcasters and newspapers in the curated table. */
export function isKnownOutlet(name: string): boolean {
  return isOutletKind(sourceKind(name));
}
