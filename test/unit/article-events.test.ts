// The event rule (src/editorial/article-events.ts): which public event a save is, from the publication state
// before and after; the retry schedule's bounds; the signature's timestamp tolerance.
import { describe, expect, it } from 'vitest';
import { type ArticleSnapshot, type EventSide, eventsOfSave } from '../../src/editorial/article-events.js';
import type { PublicationFields } from '../../src/editorial/publication.js';
import type { ArticleState } from '../../src/editorial/revisions.js';
import { backoffMs, RETRY_POLICY } from '../../src/webhooks/retry.js';
import { signatureHeader, verifySignature } from '../../src/webhooks/signature.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const PAST = new Date('2025-03-01T08:00:00Z');
const LATER = new Date('2025-03-02T08:00:00Z');

const STATE: ArticleState = {
  slug: 'grid-deal',
  headline: 'Ministers agree on grid deal',
  section: 'World',
  dateline: null,
  publishedAt: PAST.toISOString(),
  status: 'PUBLISHED',
  deleted: false,
  paragraphs: ['One.'],
  relatedLinks: [],
};

type Stand = 'draft' | 'scheduled' | 'published' | 'deleted';

function publication(stand: Stand, publishedAt = stand === 'scheduled' ? LATER : PAST): PublicationFields {
  return {
    status: stand === 'draft' ? 'DRAFT' : 'PUBLISHED',
    publishedAt,
    deletedAt: stand === 'deleted' ? PAST : null,
  };
}

function was(stand: Stand, state: Partial<ArticleState> = {}): ArticleSnapshot {
  return { publication: publication(stand), state: { ...STATE, ...state } };
}

function becomes(stand: Stand, state: Partial<ArticleState> = {}): EventSide {
  return { articleId: 7, sectionSlug: 'world', ...was(stand, state) };
}

const types = (result: ReturnType<typeof eventsOfSave>) =>
  result.events.map((e) => `${e.type}@${e.deliverAt.toISOString()}`);

describe('eventsOfSave', () => {
  it.each([
    ['draft', 'draft', []],
    ['draft', 'published', [`article.published@${NOW.toISOString()}`]],
    ['published', 'draft', [`article.unpublished@${NOW.toISOString()}`]],
    ['published', 'deleted', [`article.deleted@${NOW.toISOString()}`]],
    ['deleted', 'published', [`article.restored@${NOW.toISOString()}`]],
    ['deleted', 'draft', []],
    ['draft', 'deleted', []],
    ['draft', 'scheduled', [`article.published@${LATER.toISOString()}`]],
    ['scheduled', 'draft', []],
    ['scheduled', 'published', [`article.published@${NOW.toISOString()}`]],
    [
      'published',
      'scheduled',
      [`article.unpublished@${NOW.toISOString()}`, `article.published@${LATER.toISOString()}`],
    ],
  ] as const)('%s -> %s', (from, to, expected) => {
    expect(types(eventsOfSave(was(from), becomes(to), NOW, false))).toEqual(expected);
  });

  it('a public article edited and still public is article.updated with the changed fields', () => {
    const result = eventsOfSave(
      was('published'),
      becomes('published', { headline: 'New', paragraphs: ['Two.'] }),
      NOW,
      true,
    );
    expect(result.events).toMatchObject([
      { type: 'article.updated', changedFields: ['headline', 'paragraphs'] },
    ]);
  });

  it('an edit that changes nothing public is no event; derived data alone is an update with no fields', () => {
    expect(eventsOfSave(was('published'), becomes('published'), NOW, false).events).toEqual([]);
    expect(eventsOfSave(was('published'), becomes('published'), NOW, true).events).toMatchObject([
      { type: 'article.updated', changedFields: [] },
    ]);
  });

  it('names the slug before the change when it moved', () => {
    const [event] = eventsOfSave(was('published'), becomes('published', { slug: 'grid' }), NOW, true).events;
    expect(event).toMatchObject({ slug: 'grid', previousSlug: 'grid-deal', section: { slug: 'world' } });
  });

  it('a save of a scheduled article replaces its pending event, whatever it becomes', () => {
    for (const to of ['draft', 'scheduled', 'published', 'deleted'] as const) {
      expect(eventsOfSave(was('scheduled'), becomes(to), NOW, false).replacesPending).toBe(true);
    }
    expect(eventsOfSave(was('published'), becomes('scheduled'), NOW, false).replacesPending).toBe(false);
    expect(eventsOfSave(null, becomes('scheduled'), NOW, true).replacesPending).toBe(false);
  });

  it('a new article: published when public, at its time when scheduled, nothing as a draft', () => {
    expect(types(eventsOfSave(null, becomes('published'), NOW, true))).toEqual([
      `article.published@${NOW.toISOString()}`,
    ]);
    expect(types(eventsOfSave(null, becomes('scheduled'), NOW, true))).toEqual([
      `article.published@${LATER.toISOString()}`,
    ]);
    expect(eventsOfSave(null, becomes('draft'), NOW, true).events).toEqual([]);
  });
});

describe('backoffMs', () => {
  it('doubles from the initial wait up to the cap, jittered between half and all of it', () => {
    const policy = RETRY_POLICY;
    expect(backoffMs(1, policy, () => 0)).toBe(5_000);
    expect(backoffMs(1, policy, () => 1 - Number.EPSILON)).toBe(10_000);
    expect(backoffMs(4, policy, () => 0)).toBe(40_000);
    expect(backoffMs(30, policy, () => 0)).toBe(policy.maxBackoffMs / 2);
    expect(backoffMs(30, policy, () => 1 - Number.EPSILON)).toBe(policy.maxBackoffMs);
  });
});

describe('verifySignature', () => {
  const body = '{"id":"e1"}';
  const t = Math.floor(NOW.getTime() / 1000);

  it('accepts its own signature within the tolerance, and refuses it outside', () => {
    const header = signatureHeader('whsec_a', body, t);
    expect(verifySignature('whsec_a', body, header, { now: NOW })).toBe(true);
    expect(verifySignature('whsec_a', body, header, { now: new Date(NOW.getTime() + 301_000) })).toBe(false);
  });

  it('refuses another secret, another body, and malformed headers', () => {
    const header = signatureHeader('whsec_a', body, t);
    expect(verifySignature('whsec_b', body, header, { now: NOW })).toBe(false);
    expect(verifySignature('whsec_a', `${body} `, header, { now: NOW })).toBe(false);
    for (const bad of [null, '', 'v1=00', `t=${t}`, `t=${t},v1=zz`, `t=x,v1=${'0'.repeat(64)}`]) {
      expect(verifySignature('whsec_a', body, bad, { now: NOW })).toBe(false);
    }
  });
});
