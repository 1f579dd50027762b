// One SQL statement for a whole Prisma query tree on SQLite. Prisma 6.19 runs a `findMany` with nested
// `include`s as one statement per relation level (11 for the article page), each costing ~0.5 ms of its
// client's CPU; PostgreSQL has `relationLoadStrategy: "join"` for this, SQLite does not. This compiles the
// tree Pothos builds for a request (include/select, nested orderBy/where/take, relation counts) into one
// SELECT whose rows are JSON built by SQLite's json_object/json_group_array, and turns the JSON back into
// exactly the objects Prisma would return (Date for DateTime, boolean for Boolean), so Pothos resolves
// the nested fields from them. Anything it does not know throws Unsupported and the caller uses Prisma.
import type Database from 'better-sqlite3';
import { getDatamodel } from '../generated/pothos-types.js';

/** A part of a query this compiler does not translate: the caller falls back to Prisma. */
export class Unsupported extends Error {}

interface Field {
  name: string;
  kind: 'scalar' | 'object' | 'enum';
  type: string;
  isList: boolean;
  relationName?: string;
  relationFromFields?: string[];
}

interface Model {
  fields: Field[];
}

const MODELS = getDatamodel().datamodel.models as unknown as Record<string, Model>;
/** Each model's fields by name, for reviving rows without a search per key. */
const FIELDS = new Map(
  Object.entries(MODELS).map(([name, model]) => [name, new Map(model.fields.map((f) => [f.name, f]))]),
);

/** The foreign key joining `parent` (alias) to a relation field's model (alias): `child.fk = parent.id`. */
function joinCondition(model: string, field: Field, parent: string, child: string): string {
  if (field.relationFromFields && field.relationFromFields.length > 0) {
    // This side holds the key: parent.fk = child.id
    return `${child}."id" = ${parent}."${field.relationFromFields[0]}"`;
  }
  const other = MODELS[field.type]?.fields.find(
    (f) => f.relationName === field.relationName && f.type === model && f.relationFromFields?.length,
  );
  if (!other?.relationFromFields?.[0]) throw new Unsupported(`relation ${model}.${field.name}`);
  return `${child}."${other.relationFromFields[0]}" = ${parent}."id"`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Args = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

class Compiler {
  readonly params: unknown[] = [];
  #aliases = 0;

  alias(): string {
    return `t${this.#aliases++}`;
  }

  param(value: unknown): string {
    if (value instanceof Date) this.params.push(value.toISOString().replace('Z', '+00:00'));
    else if (typeof value === 'boolean') this.params.push(value ? 1 : 0);
    else if (typeof value === 'string' || typeof value === 'number' || value === null)
      this.params.push(value);
    else throw new Unsupported(`parameter ${typeof value}`);
    return '?';
  }

  field(model: string, name: string): Field {
    const field = MODELS[model]?.fields.find((f) => f.name === name);
    if (!field) throw new Unsupported(`field ${model}.${name}`);
    return field;
  }

  /** A Prisma `where` as SQL over `alias` (a row of `model`). */
  where(model: string, alias: string, where: unknown): string {
    if (where === undefined || where === null) return '1';
    if (!isObject(where)) throw new Unsupported('where');
    const parts: string[] = [];
    for (const [key, value] of Object.entries(where)) {
      if (value === undefined) continue;
      if (key === 'AND' || key === 'OR' || key === 'NOT') {
        const list = (Array.isArray(value) ? value : [value]).map((w) => this.where(model, alias, w));
        if (key === 'AND') parts.push(list.length ? `(${list.join(' AND ')})` : '1');
        else if (key === 'OR') parts.push(list.length ? `(${list.join(' OR ')})` : '0');
        else parts.push(`NOT (${list.join(' AND ') || '1'})`);
        continue;
      }
      const field = this.field(model, key);
      if (field.kind === 'object') parts.push(this.relationFilter(model, alias, field, value));
      else parts.push(this.scalarFilter(`${alias}."${key}"`, value));
    }
    return parts.length ? parts.join(' AND ') : '1';
  }

  scalarFilter(column: string, filter: unknown): string {
    if (!isObject(filter)) return filter === null ? `${column} IS NULL` : `${column} = ${this.param(filter)}`;
    const parts: string[] = [];
    for (const [op, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      switch (op) {
        case 'equals':
          parts.push(value === null ? `${column} IS NULL` : `${column} = ${this.param(value)}`);
          break;
        case 'not':
          parts.push(
            value === null
              ? `${column} IS NOT NULL`
              : isObject(value)
                ? `NOT (${this.scalarFilter(column, value)})`
                : `${column} IS NOT ${this.param(value)}`,
          );
          break;
        case 'in':
        case 'notIn': {
          const list = value as unknown[];
          const sql = list.length ? `${column} IN (${list.map((v) => this.param(v)).join(', ')})` : '0';
          parts.push(op === 'in' ? sql : `NOT (${sql})`);
          break;
        }
        case 'lt':
        case 'lte':
        case 'gt':
        case 'gte':
          parts.push(`${column} ${{ lt: '<', lte: '<=', gt: '>', gte: '>=' }[op]} ${this.param(value)}`);
          break;
        case 'contains':
        case 'startsWith':
        case 'endsWith': {
          // As Prisma does on SQLite: LIKE with no ESCAPE (callers mask wildcards, src/ingest/derive.ts).
          const pattern = op === 'contains' ? `%${value}%` : op === 'startsWith' ? `${value}%` : `%${value}`;
          parts.push(`${column} LIKE ${this.param(pattern)}`);
          break;
        }
        default:
          throw new Unsupported(`filter ${op}`);
      }
    }
    return parts.length ? parts.join(' AND ') : '1';
  }

  relationFilter(model: string, alias: string, field: Field, filter: unknown): string {
    const child = this.alias();
    const table = `"${field.type}" AS ${child}`;
    const join = joinCondition(model, field, alias, child);
    const exists = (where: unknown) =>
      `EXISTS (SELECT 1 FROM ${table} WHERE ${join} AND ${this.where(field.type, child, where)})`;
    if (!isObject(filter)) throw new Unsupported('relation filter');
    if (field.isList) {
      const parts: string[] = [];
      for (const [op, value] of Object.entries(filter)) {
        if (op === 'some') parts.push(exists(value));
        else if (op === 'none') parts.push(`NOT ${exists(value)}`);
        else if (op === 'every') {
          parts.push(
            `NOT EXISTS (SELECT 1 FROM ${table} WHERE ${join} AND NOT (${this.where(field.type, child, value)}))`,
          );
        } else throw new Unsupported(`relation filter ${op}`);
      }
      return parts.join(' AND ') || '1';
    }
    if ('is' in filter || 'isNot' in filter) {
      const parts: string[] = [];
      if (filter.is !== undefined) parts.push(filter.is === null ? `NOT ${exists({})}` : exists(filter.is));
      if (filter.isNot !== undefined)
        parts.push(filter.isNot === null ? exists({}) : `NOT ${exists(filter.isNot)}`);
      return parts.join(' AND ');
    }
    return exists(filter);
  }

  orderBy(model: string, alias: string, orderBy: unknown): string {
    const list = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
    const parts: string[] = [];
    for (const entry of list) {
      if (!isObject(entry)) throw new Unsupported('orderBy');
      for (const [key, direction] of Object.entries(entry)) {
        if (direction !== 'asc' && direction !== 'desc') throw new Unsupported('orderBy direction');
        if (this.field(model, key).kind === 'object') throw new Unsupported('orderBy relation');
        parts.push(`${alias}."${key}" ${direction.toUpperCase()}`);
      }
    }
    return parts.join(', ');
  }

  /** The JSON object of one `model` row at `alias`, with the fields and relations `args` asks for. */
  object(model: string, alias: string, args: Args): string {
    const { select, include } = args;
    if (select !== undefined && include !== undefined) throw new Unsupported('select and include');
    const entries: string[] = [];
    const fields = MODELS[model]?.fields ?? [];
    const chosen = isObject(select) ? select : undefined;
    for (const field of fields) {
      if (field.kind === 'object') continue;
      if (chosen ? chosen[field.name] : true) entries.push(`'${field.name}', ${alias}."${field.name}"`);
    }
    const nested = chosen ?? (isObject(include) ? include : {});
    for (const [name, value] of Object.entries(nested)) {
      if (!value) continue;
      if (name === '_count') {
        entries.push(`'_count', ${this.counts(model, alias, value)}`);
        continue;
      }
      const field = this.field(model, name);
      if (field.kind !== 'object') continue; // a scalar of a `select`, done above
      entries.push(`'${name}', ${this.relation(model, alias, field, value === true ? {} : (value as Args))}`);
    }
    return `json_object(${entries.join(', ')})`;
  }

  relation(model: string, alias: string, field: Field, args: Args): string {
    for (const key of Object.keys(args)) {
      if (!['select', 'include', 'where', 'orderBy', 'take'].includes(key))
        throw new Unsupported(`relation ${key}`);
    }
    const child = this.alias();
    const join = joinCondition(model, field, alias, child);
    const where = this.where(field.type, child, args.where);
    const row = this.object(field.type, child, args);
    // json(): a value leaving a subquery loses its JSON subtype, and json_object would quote it.
    if (!field.isList) {
      return `json((SELECT ${row} FROM "${field.type}" AS ${child} WHERE ${join} AND ${where}))`;
    }
    const order = this.orderBy(field.type, child, args.orderBy);
    const limit = args.take === undefined ? '' : ` LIMIT ${this.take(args.take)}`;
    // Rows are picked (ordered and limited) in a subquery, then aggregated in the same order.
    const picked = `SELECT ${row} AS j${
      order
        ? `, ${order
            .split(', ')
            .map((o, i) => `${o.split(' ')[0]} AS o${i}`)
            .join(', ')}`
        : ''
    } FROM "${field.type}" AS ${child} WHERE ${join} AND ${where}${order ? ` ORDER BY ${order}` : ''}${limit}`;
    const aggregateOrder = order
      ? ` ORDER BY ${order
          .split(', ')
          .map((o, i) => `o${i} ${o.split(' ')[1]}`)
          .join(', ')}`
      : '';
    return `json((SELECT json_group_array(json(j)${aggregateOrder}) FROM (${picked})))`;
  }

  counts(model: string, alias: string, value: unknown): string {
    if (!isObject(value) || !isObject(value.select)) throw new Unsupported('_count');
    const entries: string[] = [];
    for (const [name, spec] of Object.entries(value.select)) {
      if (!spec) continue;
      const field = this.field(model, name);
      if (!field.isList) throw new Unsupported('_count of a to-one relation');
      const child = this.alias();
      const where = this.where(field.type, child, isObject(spec) ? spec.where : undefined);
      entries.push(
        `'${name}', (SELECT count(*) FROM "${field.type}" AS ${child} WHERE ${joinCondition(model, field, alias, child)} AND ${where})`,
      );
    }
    return `json_object(${entries.join(', ')})`;
  }

  take(value: unknown): string {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new Unsupported('take');
    return String(value);
  }
}

/** Turns the JSON of `model` rows into what Prisma returns: Dates and booleans where the model says. */
function revive(model: string, value: Json): unknown {
  if (Array.isArray(value)) return value.map((v) => revive(model, v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '_count') {
      out[key] = v;
      continue;
    }
    const field = FIELDS.get(model)?.get(key);
    if (!field || v === null) out[key] = v;
    else if (field.kind === 'object') out[key] = revive(field.type, v);
    else if (field.type === 'DateTime') out[key] = new Date(v as string);
    else if (field.type === 'Boolean') out[key] = v === 1 || v === true;
    else out[key] = v;
  }
  return out;
}

export interface CompiledTree {
  sql: string;
  params: unknown[];
}

/** One SELECT for `findMany(args)` on `model`: a JSON text per row. Throws Unsupported. */
export function compileFindMany(model: string, args: Args): CompiledTree {
  for (const key of Object.keys(args)) {
    if (!['select', 'include', 'where', 'orderBy', 'take'].includes(key))
      throw new Unsupported(`findMany ${key}`);
  }
  if (!MODELS[model]) throw new Unsupported(`model ${model}`);
  const compiler = new Compiler();
  const alias = compiler.alias();
  const row = compiler.object(model, alias, args);
  const where = compiler.where(model, alias, args.where);
  const order = compiler.orderBy(model, alias, args.orderBy);
  const limit = args.take === undefined ? '' : ` LIMIT ${compiler.take(args.take)}`;
  // The row is built in the SELECT list, which SQLite evaluates after WHERE, ORDER BY and LIMIT.
  const sql = `SELECT ${row} FROM "${model}" AS ${alias} WHERE ${where}${order ? ` ORDER BY ${order}` : ''}${limit}`;
  return { sql, params: compiler.params };
}

/** One `SELECT count(*)` of the `model` rows matching a Prisma `where`. Throws Unsupported. */
export function compileCount(model: string, where: unknown): CompiledTree {
  if (!MODELS[model]) throw new Unsupported(`model ${model}`);
  const compiler = new Compiler();
  const alias = compiler.alias();
  const sql = `SELECT count(*) FROM "${model}" AS ${alias} WHERE ${compiler.where(model, alias, where)}`;
  return { sql, params: compiler.params };
}

/**
 * Prepared statements by SQL text, per connection. A request's tree differs from the next one's only in
 * its parameters (slug, cursor, page size is inlined but takes few values), so a handful of texts recur:
 * preparing the article page's statement costs more than running it. Bounded: emptied when full.
 */
const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const PREPARED_MAX = 200;

function statement(raw: Database.Database, sql: string): Database.Statement {
  let statements = prepared.get(raw);
  if (!statements) {
    statements = new Map();
    prepared.set(raw, statements);
  }
  let found = statements.get(sql);
  if (!found) {
    if (statements.size >= PREPARED_MAX) statements.clear();
    found = raw.prepare(sql).pluck();
    statements.set(sql, found);
  }
  return found;
}

/** Runs a compiled tree on the connection and returns Prisma-shaped rows. */
export function runTree(raw: Database.Database, model: string, tree: CompiledTree): unknown[] {
  const rows = statement(raw, tree.sql).all(...tree.params) as string[];
  return rows.map((text) => revive(model, JSON.parse(text) as Json));
}

/** Runs a compiled count on the connection. */
export function runCount(raw: Database.Database, tree: CompiledTree): number {
  // Number(): the adapter reads integers as BigInt (safeIntegers); a count fits a double.
  return Number(statement(raw, tree.sql).get(...tree.params));
}
