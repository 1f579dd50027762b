// Paragraph and Citation: the body text in reading order and the phrases in it that cite sources.

import { visibleArticleWhere } from '../editorial/publication.js';
import { builder } from './builder.js';

builder.prismaNode('Paragraph', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id: Number(id), article: visibleArticleWhere(ctx) }),
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Reading order, starting at 1.' }),
    text: t.exposeString('text'),
    citations: t.relation('citations', { query: { orderBy: { start: 'asc' } } }),
    article: t.relation('article'),
  }),
});

builder.prismaObject('Citation', {
  description: 'A phrase in a paragraph that attributes information to a source.',
  fields: (t) => ({
    phrase: t.exposeString('phrase', { description: 'The exact attribution phrase, e.g. "CNN reported".' }),
    start: t.exposeInt('start', {
      description: 'Offset of the phrase in the paragraph text (UTF-16 units).',
    }),
    end: t.exposeInt('end', { description: 'Offset just past the phrase.' }),
    source: t.relation('source'),
    paragraph: t.relation('paragraph'),
  }),
});
