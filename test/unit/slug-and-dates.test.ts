// Tests for slugify/fallback slugs and the date-line reader.
import { describe, expect, it } from 'vitest';
import { parseDateLine } from '../../src/ingest/dates.js';
import { fnv1a, slugify, slugOrFallback } from '../../src/ingest/slug.js';
import { SEED_HEADLINE, SEED_SLUG } from '../helpers/fixtures.js';

describe('slugify', () => {
  it.each([
    [SEED_HEADLINE, SEED_SLUG],
    ["China's Foreign Ministry", 'china-s-foreign-ministry'],
    ['China’s Foreign Ministry', 'china-s-foreign-ministry'],
    ['Élysée pledges €2bn — “fresh” aid', 'elysee-pledges-2bn-fresh-aid'],
    ['Straße in Łódź, Ærø and Đà Nẵng', 'strasse-in-lodz-aero-and-da-nang'],
    ['  --Latest   News--  ', 'latest-news'],
    ['ﬁnal ２０２４ results', 'final-2024-results'],
    ['中俄签署联合声明', ''],
    ['!!!', ''],
  ])('%j → %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });
});

describe('slugOrFallback', () => {
  it('keeps a non-empty slug', () => {
    expect(slugOrFallback('Latest News', 'section')).toBe('latest-news');
  });

  it('falls back to prefix + FNV-1a of the text when the slug is empty', () => {
    expect(slugOrFallback('中俄签署联合声明', 'article')).toBe(`article-${fnv1a('中俄签署联合声明')}`);
    expect(slugOrFallback('中俄签署联合声明', 'article')).toMatch(/^article-[0-9a-f]{8}$/);
    expect(slugOrFallback('???', 'article')).not.toBe(slugOrFallback('!!!', 'article'));
  });

  it('hashes with the published FNV-1a 32-bit vectors', () => {
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
    expect(fnv1a('foobar')).toBe('bf9cf968');
  });
});

describe('parseDateLine', () => {
  const ok = (line: string): string => {
    const r = parseDateLine(line);
    if (!r.ok) throw new Error(r.reason);
    return r.date.toISOString();
  };

  it.each([
    ['Thursday, June, 20,2024', '2024-06-20T00:00:00.000Z'],
    ['Monday, March 3, 2025', '2025-03-03T00:00:00.000Z'],
    ['Sunday, 7 September 2025', '2025-09-07T00:00:00.000Z'],
    ['June 20, 2024', '2024-06-20T00:00:00.000Z'],
    ['20 June 2024', '2024-06-20T00:00:00.000Z'],
    ['2024-06-20', '2024-06-20T00:00:00.000Z'],
    ['2024/06/20', '2024-06-20T00:00:00.000Z'],
    ['Sept. 7, 2025', '2025-09-07T00:00:00.000Z'],
    ['Sep 7 2025', '2025-09-07T00:00:00.000Z'],
    ['Jun. 3rd, 2024', '2024-06-03T00:00:00.000Z'],
    ['Tue.,  1st   Oct ,2024', '2024-10-01T00:00:00.000Z'],
    ['20th of June, 2024', '2024-06-20T00:00:00.000Z'],
    ['2024 June 20', '2024-06-20T00:00:00.000Z'],
    ['Published: June 20, 2024', '2024-06-20T00:00:00.000Z'],
    ['Updated on 20 June 2024', '2024-06-20T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('date only: %j → %s (midnight UTC)', (line, iso) => {
    expect(ok(line)).toBe(iso);
  });

  it.each([
    ['June 20, 2024 10:45 AM IST', '2024-06-20T05:15:00.000Z'],
    ['June 20, 2024 10:45', '2024-06-20T10:45:00.000Z'],
    ['20 June 2024, 14:05 GMT', '2024-06-20T14:05:00.000Z'],
    ['20 June 2024, 14:05 GMT+8', '2024-06-20T06:05:00.000Z'],
    ['June 20, 2024 14:05 +05:30', '2024-06-20T08:35:00.000Z'],
    ['June 20, 2024 14:05 (UTC-0400)', '2024-06-20T18:05:00.000Z'],
    ['Jun 20, 2024 at 10:45 a.m. EDT', '2024-06-20T14:45:00.000Z'],
    ['June 20, 2024 12:05 AM', '2024-06-20T00:05:00.000Z'],
    ['June 20, 2024 9 PM', '2024-06-20T21:00:00.000Z'],
    ['June 20, 2024 12:05 PM', '2024-06-20T12:05:00.000Z'],
    ['20 June 2024 | 10.45am IST', '2024-06-20T05:15:00.000Z'],
    ['2024-06-20T10:45:00Z', '2024-06-20T10:45:00.000Z'],
    ['2025-01-15T08:30:00+08:00', '2025-01-15T00:30:00.000Z'],
    ['June 1, 2024 01:30 IST', '2024-05-31T20:00:00.000Z'],
  ])('with time: %j → %s', (line, iso) => {
    expect(ok(line)).toBe(iso);
  });

  it('does not check the weekday against the date', () => {
    expect(ok('Monday, June 20, 2024')).toBe('2024-06-20T00:00:00.000Z');
  });

  it.each([
    ['Friday, February 30, 2024', 'impossible date "Friday, February 30, 2024"'],
    ['2023-02-29', 'impossible date "2023-02-29"'],
    ['June 31, 2024', 'impossible date "June 31, 2024"'],
    ['June 20, 2024 25:10', 'impossible time "25:10"'],
    ['June 20, 2024 13:10 PM', 'impossible time "13:10 PM"'],
    ['June 20, 2024 10:45 CST', 'unknown time zone "CST" in date line "June 20, 2024 10:45 CST"'],
    ['Latest News', 'unreadable date line "Latest News"'],
    ['20/06/2024', 'unreadable date line "20/06/2024"'],
    ['June 2024', 'unreadable date line "June 2024"'],
    ['June 2024 20', 'unreadable date line "June 2024 20"'],
    ['Thursdy, June 20, 2024', 'unreadable date line "Thursdy, June 20, 2024"'],
    [
      '10:45 AM, June 20, 2024',
      'unreadable date line "10:45 AM, June 20, 2024" (a time must follow the date)',
    ],
  ])('rejects %j', (line, reason) => {
    expect(parseDateLine(line)).toEqual({ ok: false, reason });
  });
});
