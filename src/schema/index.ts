// Assembles the schema: importing each domain file registers its types on the builder.
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './article.js';
import './article-mutations.js';
import './node.js';
import './paragraph.js';
import './quote.js';
import './related-articles.js';
import './related-link.js';
import './revision.js';
import './search.js';
import './section.js';
import './source.js';

export const schema = lexicographicSortSchema(builder.toSchema());
