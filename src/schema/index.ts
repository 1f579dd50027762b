// Assembles the schema: importing each domain file registers its types on the builder.
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import { withCacheTags } from './cache-tags.js';
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

// Cacheable answers collect the tags of the objects they contain (./cache-tags.ts).
export const schema = withCacheTags(lexicographicSortSchema(builder.toSchema()));
