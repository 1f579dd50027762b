// What a write touches, by the one rule the response cache and CDNs follow (src/editorial/cache-tags.ts).
import { describe, expect, it } from 'vitest';
import { cacheTag, type TaggedArticle, writeTags } from '../../src/editorial/cache-tags.js';

const NOW = new Date('2025-03-03T12:00:00Z');
const base: TaggedArticle = {
  id: 7,
  slug: 'ministers-meet',
  headline: 'Ministers meet',
  headlineKey: 'ministers meet',
  publishedAt: new Date('2025-03-01T08:00:00Z'),
  status: 'PUBLISHED',
  deletedAt: null,
  sectionId: 2,
  sourceIds: [10, 11],
  linkTitleKeys: ['earlier talks'],
};
const list = (order: 'p' | 'h' | 'u', scope = '') => `list:${scope}${order}`;
const listsOf = (tags: string[]) => tags.filter((t) => t.startsWith('list:')).sort();

describe('writeTags', () => {
  it('touches nothing public for a draft, before and after, nor for an article still scheduled', () => {
    const draft = { ...base, status: 'DRAFT' as const };
    expect(writeTags(draft, { ...draft, headline: 'Other' }, NOW, { content: true })).toEqual([]);
    const scheduled = { ...base, publishedAt: new Date('2025-03-04T00:00:00Z') };
    expect(writeTags(scheduled, { ...scheduled, headline: 'Other' }, NOW, { content: true })).toEqual([]);
  });

  it('puts a newly public article in every ordering of every list it is on, and into the section and source lists', () => {
    const tags = writeTags({ ...base, status: 'DRAFT' }, base, NOW, { content: false });
    expect(listsOf(tags)).toEqual(
      [
        ...['p', 'h', 'u'].map((o) => list(o as 'p')),
        ...['p', 'h', 'u'].map((o) => list(o as 'p', 'section:2:')),
        ...['p', 'h', 'u'].map((o) => list(o as 'p', 'source:10:')),
        ...['p', 'h', 'u'].map((o) => list(o as 'p', 'source:11:')),
      ].sort(),
    );
    expect(tags).toEqual(
      expect.arrayContaining([
        cacheTag.article(7),
        cacheTag.articleSlug('ministers-meet'),
        cacheTag.sections,
        cacheTag.sources,
        cacheTag.sectionCount(2),
        cacheTag.sourceCount(11),
        cacheTag.titleKey('earlier talks'),
        cacheTag.search,
      ]),
    );
  });

  it('moves a headline edit only in the headline and updated orderings, and through both title keys', () => {
    const after = { ...base, headline: 'Ministers agree', headlineKey: 'ministers agree' };
    const tags = writeTags(base, after, NOW, { content: true });
    expect(listsOf(tags)).toEqual(
      [list('h'), list('u'), list('h', 'section:2:'), list('u', 'section:2:')]
        .concat([
          list('h', 'source:10:'),
          list('u', 'source:10:'),
          list('h', 'source:11:'),
          list('u', 'source:11:'),
        ])
        .sort(),
    );
    expect(tags).toContain(cacheTag.titleKey('ministers meet'));
    expect(tags).toContain(cacheTag.titleKey('ministers agree'));
    expect(tags).not.toContain(cacheTag.sections);
  });

  it('keeps a paragraph edit out of every list but the most-recently-updated one', () => {
    const tags = writeTags(base, base, NOW, { content: true });
    expect(listsOf(tags).every((t) => t.endsWith(':u'))).toBe(true);
  });

  it('touches both sections, in every ordering, when an article moves between them', () => {
    const tags = writeTags(base, { ...base, sectionId: 3 }, NOW, { content: true });
    for (const order of ['p', 'h', 'u'] as const) {
      expect(tags).toContain(list(order, 'section:2:'));
      expect(tags).toContain(list(order, 'section:3:'));
    }
    expect(tags).toContain(cacheTag.sections);
  });

  it('takes an unpublished or deleted article out of everything it was on', () => {
    for (const after of [
      { ...base, status: 'DRAFT' as const },
      { ...base, deletedAt: NOW },
    ]) {
      const tags = writeTags(base, after, NOW, { content: false });
      expect(listsOf(tags)).toHaveLength(12);
      expect(tags).toContain(cacheTag.sources);
    }
  });
});
