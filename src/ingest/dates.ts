// Reads the date line at the top of a page into a UTC instant.

import {
  DATE_FILLER_WORDS,
  MONTH_ABBREVIATIONS,
  MONTHS,
  WEEKDAY_ABBREVIATIONS,
  WEEKDAYS,
} from './lexicon.js';

export type DateLineResult = { ok: true; date: Date } | { ok: false; reason: string };

// Month numbers by every spelling a date line may use: the full names are in calendar order, and an
// abbreviation is the start of its month's name (`sept` → september).
const MONTH_NAMES = [...MONTHS];
const MONTH_NUMBER: Record<string, number> = Object.fromEntries([
  ...MONTH_NAMES.map((name, i) => [name, i + 1]),
  ...[...MONTH_ABBREVIATIONS].map((short) => [
    short,
    MONTH_NAMES.findIndex((name) => name.startsWith(short)) + 1,
  ]),
]);

/**
 * Zone abbreviations with one unambiguous meaning, in minutes east of UTC. Ambiguous ones (CST is
 * China *and* US Central; IST is also Irish/Israel but news pages overwhelmingly mean India) are
 * either resolved as documented here or left out so they fail loudly rather than shift times silently.
 */
export const TIME_ZONES: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  BST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  PKT: 300,
  IST: 330,
  NPT: 345,
  WIB: 420,
  ICT: 420,
  HKT: 480,
  SGT: 480,
  PHT: 480,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  EST: -300,
  EDT: -240,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

const PREFIX = /^(?:(?:last\s+)?updated|published|posted|date)(?:\s+on)?\s*:?\s*/i;
const TIME_12H = /(?<!\d)(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s?m\.?(?![a-z])/i;
const TIME_24H = /(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?/;
const OFFSET = /^(?:(?:UTC|GMT)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * Accepts e.g. `Thursday, June, 20,2024`, `Monday, March 3rd, 2025`, `Sunday, 7 September 2025`,
 * `Sept. 7, 2025`, `2024-06-20`, `2024-06-20T10:45:00Z`, `June 20, 2024 10:45 AM IST`,
 * `20 June 2024, 14:05 GMT+8`. The weekday is ignored, not checked against the date, because pages
 * get it wrong more often than the date itself. No time means midnight UTC; a time without a zone is UTC.
 */
export function parseDateLine(raw: string): DateLineResult {
  const line = raw.trim().replace(PREFIX, '');
  let datePart = line;
  let minutes = 0;
  let offset = 0;

  const m12 = TIME_12H.exec(line);
  const m24 = m12 ? null : TIME_24H.exec(line);
  const time = m12 ?? m24;
  if (time) {
    datePart = line.slice(0, time.index);
    if (datePart.trim() === '') {
      return { ok: false, reason: `unreadable date line "${raw.trim()}" (a time must follow the date)` };
    }
    const hour = Number(time[1]);
    const minute = Number(time[2] ?? '0');
    const second = Number(time[3] ?? '0');
    let h = hour;
    if (m12) {
      if (hour < 1 || hour > 12) return { ok: false, reason: `impossible time "${time[0].trim()}"` };
      h = (hour % 12) + (time[4]?.toLowerCase() === 'p' ? 12 : 0);
    }
    if (h > 23 || minute > 59 || second > 59) {
      return { ok: false, reason: `impossible time "${time[0].trim()}"` };
    }
    minutes = h * 60 + minute + second / 60;
    const zone = line
      .slice(time.index + time[0].length)
      .trim()
      .replace(/^\((.*)\)$/, '$1')
      .trim();
    const z = parseZone(zone);
    if (z === null) return { ok: false, reason: `unknown time zone "${zone}" in date line "${raw.trim()}"` };
    offset = z;
  }

  const ymd = parseDatePart(datePart.replace(/(?:\s|,|\bat\b|[|T@-])+$/i, ''));
  if (!ymd) return { ok: false, reason: `unreadable date line "${raw.trim()}"` };
  const [y, mo, d] = ymd;
  const midnight = Date.UTC(y, mo - 1, d);
  const check = new Date(midnight);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return { ok: false, reason: `impossible date "${raw.trim()}"` };
  }
  return { ok: true, date: new Date(midnight + Math.round((minutes - offset) * 60_000)) };
}

function parseZone(zone: string): number | null {
  if (zone === '') return 0;
  const named = TIME_ZONES[zone.toUpperCase()];
  if (named !== undefined) return named;
  const m = OFFSET.exec(zone.replace(/\s+/g, ''));
  if (!m) return null;
  const hours = Number(m[2]);
  const mins = Number(m[3] ?? '0');
  if (hours > 14 || mins > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + mins);
}

function parseDatePart(text: string): [number, number, number] | null {
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text.trim());
  if (iso) return [Number(iso[1]), Number(iso[2]), Number(iso[3])];

  const tokens = text
    .toLowerCase()
    .split(/[\s,]+/)
    .map((t) => t.replace(/\.$/, ''))
    .filter((t) => t !== '' && !DATE_FILLER_WORDS.has(t));
  const first = tokens[0] ?? '';
  if (WEEKDAYS.has(first) || WEEKDAY_ABBREVIATIONS.has(first)) tokens.shift();
  if (tokens.length !== 3) return null;

  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  for (const [i, t] of tokens.entries()) {
    if (/^\d{4}$/.test(t) && year === undefined && i !== 1) year = Number(t);
    else if (/^\d{1,2}(?:st|nd|rd|th)?$/.test(t) && day === undefined) day = Number.parseInt(t, 10);
    else if (MONTH_NUMBER[t] !== undefined && month === undefined) month = MONTH_NUMBER[t];
    else return null;
  }
  if (year === undefined || month === undefined || day === undefined) return null;
  // Only day-month-year, month-day-year and year-month-day orders; the year never sits in the middle.
  if (tokens[0] === String(year) && !MONTH_NUMBER[tokens[1] ?? '']) return null;
  return [year, month, day];
}
