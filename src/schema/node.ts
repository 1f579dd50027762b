// node(id) and nodes(ids): Relay's lookup of any object by its global id, with one answer for every id.
// - The id of a node type this API issues, naming no object this request may see (none, or a draft's):
//   null, no error, exactly as article(slug) for an unknown slug, so a hidden row and a missing one look alike.
// - Anything else (not base64 of `Type:key`, a type that is not a node such as ApiToken, a key that is not
//   a canonical positive integer such as `01000` or `1e3`): null and BAD_USER_INPUT naming the argument.
// Pothos's own node fields are off (src/schema/builder.ts): they answered an unknown type with an
// unmasked "… has not been implemented" and read `Article:1e3` as article 1000.
import { resolveNodes } from '@pothos/plugin-relay';
import { GraphQLError, type GraphQLResolveInfo, isObjectType } from 'graphql';
import { badUserInput } from '../errors.js';
import { builder } from './builder.js';
import { refuseCaching } from './cache-tags.js';
import { parseGlobalId } from './inputs.js';
import { MAX_PAGE_SIZE } from './pagination.js';

const NodeInterface = builder.nodeInterfaceRef();

/** The node type and key a global id names, or the BAD_USER_INPUT error for an id no node can have. */
function nodeKey(
  globalId: string,
  info: GraphQLResolveInfo,
  field: string,
): { typename: string; id: number } | GraphQLError {
  const key = parseGlobalId(globalId);
  const type = key && info.schema.getType(key.typename);
  if (!key || !isObjectType(type) || !type.getInterfaces().some((i) => i.name === NodeInterface.name)) {
    return badUserInput('Not the id of any object of this API', field);
  }
  return key;
}

builder.queryFields((t) => ({
  node: t.field({
    type: NodeInterface,
    nullable: true,
    description:
      'Fetches any object by its global id: null when no object this request may see has it; an id that is not a global id of one of our types is BAD_USER_INPUT.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx, info) => {
      // Whether a hidden id becomes visible depends on its parent article: no tag says that for every type.
      refuseCaching(ctx);
      const key = nodeKey(String(args.id), info, 'id');
      if (key instanceof GraphQLError) throw key;
      const [node] = await resolveNodes(builder, ctx, info, [key]);
      return node ?? null;
    },
  }),
  nodes: t.field({
    type: [NodeInterface],
    nullable: { list: false, items: true },
    description: `Fetches several objects by their global ids (at most ${MAX_PAGE_SIZE}), in the order given; each position answers as \`node\` would (an error at a bad id names \`ids.<index>\`).`,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: async (_root, args, ctx, info) => {
      refuseCaching(ctx);
      const keys = args.ids.map((id, i) => nodeKey(String(id), info, `ids.${i}`));
      const nodes = await resolveNodes(
        builder,
        ctx,
        info,
        keys.map((key) => (key instanceof GraphQLError ? null : key)),
      );
      // graphql-js reports an Error in a list at that item's path, leaving the item null.
      return keys.map((key, i) => (key instanceof GraphQLError ? key : (nodes[i] ?? null)));
    },
  }),
}));
