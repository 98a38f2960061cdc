// @prisma/adapter-pg 7.10 as the schema engine needs it; used for migrations only, the service's
// own queries use the stock adapter. Two differences:
// - The engine reads PostgreSQL's catalogs, whose one-byte "char" columns (pg_constraint
//   .contype, ...) the adapter cannot type ("Column type 'char' could not be deserialized");
//   they are reported as Character, which is what the engine expects. pg already parses their
//   values as strings.
// - The adapter runs a migration script by splitting it on every `;`, which breaks comments and
//   function bodies; like Prisma's native engine, this sends the script whole, and PostgreSQL
//   runs a multi-statement simple query atomically.
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';

const CHAR_OID = 18;
const TEXT_OID = 25;

interface PgResult { fields: Array<{ dataTypeID: number }> }
interface PgQueryable {
  queryRaw(query: unknown): Promise<{ columnTypes: number[] }>;
  performIO(query: unknown): Promise<PgResult>;
  startTransaction?(...args: unknown[]): Promise<unknown>;
  executeScript?(script: string): Promise<void>;
  client: { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
}

function runScriptsWhole<T>(adapter: T): T {
  const target = adapter as unknown as PgQueryable;
  target.executeScript = async (script) => {
    try {
      await target.client.query(script);
    } catch (error) {
      target.onError(error);
    }
  };
  return adapter;
}

function typeCharColumns<T>(adapter: T): T {
  const target = adapter as unknown as PgQueryable;
  const queryRaw = target.queryRaw;
  target.queryRaw = async function (query) {
    let charColumns: number[] = [];
    // Per call, a view whose performIO hides "char" from the stock mapping and remembers where it was.
    const view = Object.create(target, {
      performIO: {
        value: async (io: unknown) => {
          const result = await target.performIO(io);
          charColumns = result.fields.flatMap((field, index) => (field.dataTypeID === CHAR_OID ? [index] : []));
          for (const index of charColumns) result.fields[index]!.dataTypeID = TEXT_OID;
          return result;
        },
      },
    });
    const result = await queryRaw.call(view, query);
    for (const index of charColumns) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  const startTransaction = target.startTransaction;
  if (startTransaction) target.startTransaction = async (...args) => typeCharColumns(await startTransaction.apply(target, args));
  return adapter;
}

export class PrismaPgForSchemaEngine extends PrismaPg {
  override async connect() {
    return runScriptsWhole(typeCharColumns(await super.connect()));
  }
  override async connectToShadowDb() {
    return runScriptsWhole(typeCharColumns(await super.connectToShadowDb()));
  }
}
