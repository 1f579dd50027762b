// Limits against hostile queries: depth, aliases, tokens and directives (graphql-armor), the length of
// list arguments, and a cost estimate that multiplies by page sizes and list lengths (ours). Defaults and
// the cost model: docs/limits.md.
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badUserInput, type LimitCode, limitExceeded } from '../errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../schema/pagination.js';

export interface QueryLimits {
  /** Deepest field nesting (fragments flattened). */
  maxDepth: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** Lexical tokens in the document. */
  maxTokens: number;
  /** Directives in one operation. */
  maxDirectives: number;
  /** Estimated fields resolved, see `estimateCost`. */
  maxCost: number;
  /** Items in one list-valued argument (`nodes(ids:)`), like a page. */
  maxListArgument: number;
}

export const QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 20,
  maxCost: 25_000,
  maxListArgument: MAX_PAGE_SIZE,
};

/** Expected length of a list field without `first`/`last` (paragraphs, sources, quotes, links). */
export const ASSUMED_LIST_LENGTH = 10;

function armorMessage(error: GraphQLError): string {
  return error.message.replace(/^Syntax Error: /, '');
}

/** graphql-armor throws plain errors; ours carry a code and the limit, and say which limit. */
function armorPlugins(limits: QueryLimits): Plugin[] {
  const reject =
    (code: LimitCode, limit: number) =>
    (_ctx: unknown, error: GraphQLError): never => {
      throw limitExceeded(code, armorMessage(error), limit);
    };
  const armor = new EnvelopArmor({
    maxDepth: {
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      onReject: [reject('QUERY_TOO_DEEP', limits.maxDepth)],
    },
    maxAliases: { n: limits.maxAliases, onReject: [reject('TOO_MANY_ALIASES', limits.maxAliases)] },
    maxTokens: { n: limits.maxTokens, onReject: [reject('TOO_MANY_TOKENS', limits.maxTokens)] },
    maxDirectives: {
      n: limits.maxDirectives,
      onReject: [reject('TOO_MANY_DIRECTIVES', limits.maxDirectives)],
    },
    // Ours below multiplies by page sizes, which armor's static cost cannot.
    costLimit: { enabled: false },
  });
  return armor.protect().plugins as Plugin[];
}

function intArgument(value: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

/** A list argument longer than allowed: its name (as `extensions.field`) and length. */
export interface LongListArgument {
  argument: string;
  length: number;
}

interface CostInput {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** The longest list argument seen so far. */
  longest?: LongListArgument;
}

/**
 * Items in a list-typed argument: a literal list, a variable's array (or 1 for a single value, which
 * GraphQL coerces to a list of one). Undefined when the argument is not a list.
 */
function listArgumentLength(
  definition: GraphQLArgument | undefined,
  value: ValueNode,
  variables: Record<string, unknown>,
): number | undefined {
  if (!definition || !isListType(getNullableType(definition.type))) return undefined;
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    if (v === undefined || v === null) return 0;
    return Array.isArray(v) ? v.length : 1;
  }
  return value.kind === Kind.NULL ? 0 : 1;
}

function selectionCost(
  input: CostInput,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  seenFragments: ReadonlySet<string>,
): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      const type = typeName ? input.schema.getType(typeName) : parentType;
      if (type && isCompositeType(type))
        total += selectionCost(input, selection.selectionSet, type, seenFragments);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = input.fragments.get(name);
      if (!fragment || seenFragments.has(name)) continue;
      const type = input.schema.getType(fragment.typeCondition.name.value);
      if (type && isCompositeType(type)) {
        total += selectionCost(input, fragment.selectionSet, type, new Set([...seenFragments, name]));
      }
      continue;
    }
    const name = selection.name.value;
    if (name.startsWith('__')) continue;
    const field: GraphQLField<unknown, unknown> | undefined =
      isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
    if (!field) continue;
    const returnType = getNamedType(field.type);
    let multiplier = 1;
    // A list argument (`nodes(ids:)`) asks for one result per item: it multiplies by its length.
    let listItems: number | undefined;
    for (const argument of selection.arguments ?? []) {
      const definition = field.args.find((a) => a.name === argument.name.value);
      const length = listArgumentLength(definition, argument.value, input.variables);
      if (length === undefined) continue;
      listItems = (listItems ?? 0) + length;
      if (!input.longest || length > input.longest.length) {
        input.longest = { argument: argument.name.value, length };
      }
    }
    const pageArg = selection.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
    if (listItems !== undefined) {
      multiplier = listItems;
    } else if (returnType.name.endsWith('Connection')) {
      const size = intArgument(pageArg?.value, input.variables);
      multiplier = size === undefined || size < 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
    } else if (isListType(getNullableType(field.type)) && !parentType.name.endsWith('Connection')) {
      // A connection's `edges` are already counted by the connection's page size.
      multiplier = ASSUMED_LIST_LENGTH;
    }
    const children =
      selection.selectionSet && isCompositeType(returnType)
        ? selectionCost(input, selection.selectionSet, returnType, seenFragments)
        : 0;
    total += 1 + multiplier * children;
  }
  return total;
}

/**
 * Estimated fields resolved by an operation: each field costs 1; a field with list arguments multiplies
 * what is under it by their length, a connection by its `first`/`last` (20 when absent), any other list
 * by ASSUMED_LIST_LENGTH. Introspection is free.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): number {
  return analyseOperation(schema, document, operationName, variables).cost;
}

/** `estimateCost`, and the longest list argument of the operation (if it has any). */
export function analyseOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): { cost: number; longest?: LongListArgument } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return { cost: 0 };
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return { cost: 0 };
  const input: CostInput = { schema, fragments, variables };
  const cost = selectionCost(input, operation.selectionSet, root, new Set());
  return input.longest ? { cost, longest: input.longest } : { cost };
}

/**
 * Refuses, before anything runs, an operation whose list arguments are too long (BAD_USER_INPUT naming the
 * argument) or whose estimated cost is too high (QUERY_TOO_COMPLEX). Variables are not coerced yet: a
 * 100,000-id list costs a walk over the document, not 100,000 lookups.
 */
function useCostLimit(maxCost: number, maxListArgument: number): Plugin {
  const check = ({ args, setResultAndStopExecution }: CostCheck) => {
    const { cost, longest } = analyseOperation(
      args.schema,
      args.document,
      args.operationName,
      (args.variableValues ?? {}) as Record<string, unknown>,
    );
    if (longest && longest.length > maxListArgument) {
      const error = badUserInput(
        `${longest.argument}: at most ${maxListArgument} items are allowed in one request, got ${longest.length}.`,
        longest.argument,
      );
      error.extensions.limit = maxListArgument;
      setResultAndStopExecution({ errors: [error] });
      return;
    }
    if (cost > maxCost) {
      setResultAndStopExecution({
        errors: [
          limitExceeded(
            'QUERY_TOO_COMPLEX',
            `Query cost limit of ${maxCost} exceeded, estimated ${cost}: ask for fewer items per page or fewer nested lists.`,
            maxCost,
          ),
        ],
      });
    }
  };
  // A subscription is a read too: each event costs what its selection costs (onSubscribe, not onExecute).
  return { onExecute: check, onSubscribe: check };
}

interface CostCheck {
  args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: unknown;
  };
  setResultAndStopExecution: (result: { errors: GraphQLError[] }) => void;
}

/** The Yoga plugins enforcing `limits`; app.ts adds them to its plugin list. */
export function queryLimitPlugins(limits: QueryLimits = QUERY_LIMITS): Plugin[] {
  return [...armorPlugins(limits), useCostLimit(limits.maxCost, limits.maxListArgument)];
}
