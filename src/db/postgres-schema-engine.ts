// The driver adapter Prisma's CLI (prisma.pg.config.ts) runs its WebAssembly schema engine through on
// PostgreSQL: @prisma/adapter-pg 6.19.3 with three upstream bugs worked around. Remove each when fixed.
// 1. Prisma issue 27403: the engine's catalogue queries return built-in types the adapter cannot map
//    (`name`, `"char"`, `regclass`, ...): "Column type 'name' could not be deserialized from the
//    database". Report them as text.
// 2. executeScript (used by `migrate deploy`) splits the script on every `;`, even inside comments,
//    strings and $$ bodies, and runs the pieces one by one outside a transaction. Send the script as one
//    simple-protocol query instead: PostgreSQL runs it as one implicit transaction, as Prisma's native
//    engine does, so a failing migration leaves nothing half-applied.
// 3. connectToShadowDb: with a connectionString, pg ignores the shadow `database` option (the replay then
//    runs against the MAIN database), and it drops the shadow database before closing its pool (fails).
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from '@prisma/driver-adapter-utils';

/** Built-in type OIDs adapter-pg 6.19.3 maps (fieldToColumnType in its dist/index.mjs). */
const MAPPED = new Set([
  16, 17, 20, 21, 23, 25, 26, 114, 142, 143, 199, 650, 651, 700, 701, 790, 791, 869, 1000, 1001, 1002, 1005,
  1007, 1009, 1014, 1015, 1016, 1021, 1022, 1028, 1041, 1042, 1043, 1082, 1083, 1114, 1115, 1182, 1183, 1184,
  1185, 1231, 1266, 1560, 1561, 1562, 1563, 1700, 2950, 2951, 3802, 3807,
]);
/** The first OID of user-defined types (enums): the adapter handles those itself. */
const FIRST_USER_OID = 16384;
const TEXT_OID = 25;

/** The adapter's private query method (an array of results for a multi-statement script). */
interface PerformIO {
  performIO(query: SqlQuery): Promise<{ fields?: { dataTypeID: number }[]; rows: unknown[][] }>;
}

function patched<T extends SqlDriverAdapter>(adapter: T): T {
  const internals = adapter as T & PerformIO;
  const performIO = internals.performIO.bind(internals);
  internals.performIO = async (query) => {
    const result = await performIO(query);
    result.fields?.forEach((field, i) => {
      if (field.dataTypeID >= FIRST_USER_OID || MAPPED.has(field.dataTypeID)) return;
      field.dataTypeID = TEXT_OID;
      for (const row of result.rows)
        if (row[i] != null && typeof row[i] !== 'string') row[i] = String(row[i]);
    });
    return result;
  };
  adapter.executeScript = async (sql) => void (await adapter.executeRaw({ sql, args: [], argTypes: [] }));
  return adapter;
}

export function postgresSchemaEngineAdapter(connectionString: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg({ connectionString });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patched(await factory.connect()),
    connectToShadowDb: async () => {
      const main = patched(await factory.connect());
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await main.executeScript(`CREATE DATABASE "${name}"`);
      const url = new URL(connectionString);
      url.pathname = `/${name}`;
      const shadow = patched(await new PrismaPg({ connectionString: url.href }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose(); // closes the shadow pool first: a database with open connections cannot be dropped
        await main.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        await main.dispose();
      };
      return shadow;
    },
  };
}
