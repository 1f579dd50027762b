// Reads the date line at the top of a page into a UTC instant.

export type DateLineResult = { ok: true; date: Date } | { ok: false; reason: string };

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const WEEKDAYS = new Set([
  'mon',
  'monday',
  'tue',
  'tues',
  'tuesday',
  'wed',
  'wednesday',
  'thu',
  'thur',
  'thurs',
  'thursday',
  'fri',
  'friday',
  'sat',
  'saturday',
  'sun',
  'sunday',
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
    .filter((t) => t !== '' && t !== 'of' && t !== 'the');
  if (tokens.length > 0 && WEEKDAYS.has(tokens[0] ?? '')) tokens.shift();
  if (tokens.length !== 3) return null;

  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  for (const [i, t] of tokens.entries()) {
    if (/^\d{4}$/.test(t) && year === undefined && i !== 1) year = Number(t);
    else if (/^\d{1,2}(?:st|nd|rd|th)?$/.test(t) && day === undefined) day = Number.parseInt(t, 10);
    else if (MONTHS[t] !== undefined && month === undefined) month = MONTHS[t];
    else return null;
  }
  if (year === undefined || month === undefined || day === undefined) return null;
  // Only day-month-year, month-day-year and year-month-day orders; the year never sits in the middle.
  if (tokens[0] === String(year) && !MONTHS[tokens[1] ?? '']) return null;
  return [year, month, day];
}
