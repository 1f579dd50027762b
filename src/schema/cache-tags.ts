// The read side of the cache-tag rule (src/editorial/cache-tags.ts): while a cacheable answer is
// resolved, it collects the tags of what it contains. Lists, lookups and counts are tagged where they are
// resolved (`tagAnswer`); every Article, Section and Source object an answer contains is tagged by
// wrapping the resolvers of the fields that return them (`withCacheTags`), so no field can forget to.
import {
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
} from 'graphql';
import type { Context } from '../context.js';
import { cacheTag } from '../editorial/cache-tags.js';

/** Adds tags to the answer when it may be cached (a no-op otherwise). */
export function tagAnswer(ctx: Context, ...tags: string[]): void {
  ctx.cacheTags?.add(...tags);
}

/** The answer depends on something no tag covers (e.g. a node lookup): never keep it. */
export function refuseCaching(ctx: Context): void {
  ctx.cacheTags?.refuse();
}

type Tagger = (id: number) => string;

/** Objects whose id makes a tag: each answer containing one is dropped when it changes. */
const OBJECT_TAGS: Record<string, Tagger> = {
  Article: cacheTag.article,
  Section: cacheTag.section,
  Source: cacheTag.source,
};

/** Count fields: they change with the articles counted, not with the object's own fields. */
const COUNT_TAGS: Record<string, Record<string, Tagger>> = {
  Section: { articleCount: cacheTag.sectionCount },
  Source: { articleCount: cacheTag.sourceCount, citationCount: cacheTag.sourceCount },
};

function tagObjects(value: unknown, tagger: Tagger, ctx: Context): void {
  if (Array.isArray(value)) {
    for (const item of value) tagObjects(item, tagger, ctx);
  } else if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'number') {
    ctx.cacheTags?.add(tagger(value.id));
  }
}

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function';

function wrap(
  resolve: GraphQLFieldResolver<unknown, Context>,
  tag: (result: unknown, parent: unknown, ctx: Context) => void,
) {
  const wrapped: GraphQLFieldResolver<unknown, Context> = (parent, args, ctx, info) => {
    const result = resolve(parent, args, ctx, info);
    if (!ctx.cacheTags) return result;
    if (isPromise(result)) {
      return result.then((value) => {
        tag(value, parent, ctx);
        return value;
      });
    }
    tag(result, parent, ctx);
    return result;
  };
  return wrapped;
}

/**
 * Wraps, in place, the resolvers of every field that returns an Article, Section or Source (or a list
 * of them) and of the count fields, so the objects an answer contains are in its tags. Their rows are
 * loaded whole (Pothos's include mode), so the `id` the tags need is always there.
 */
export function withCacheTags(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Context>;
      const objectTag = OBJECT_TAGS[getNamedType(field.type).name];
      const countTag = COUNT_TAGS[type.name]?.[field.name];
      if (objectTag)
        field.resolve = wrap(resolve, (result, _parent, ctx) => tagObjects(result, objectTag, ctx));
      else if (countTag)
        field.resolve = wrap(resolve, (_result, parent, ctx) => tagObjects(parent, countTag, ctx));
    }
  }
  return schema;
}
