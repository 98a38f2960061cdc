// The schema engine reads PostgreSQL's catalogs, whose one-byte "char" columns (pg_constraint
// .contype, .confdeltype, ...) @prisma/adapter-pg 7.10 cannot type: it fails with "Column type
// 'char' could not be deserialized", and the engine needs them typed as Character. This factory,
// used by the schema engine only, reports those columns as Character; pg already parses their
// values as strings. The service's own queries never return "char" and use the stock adapter.
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';

const CHAR_OID = 18;
const TEXT_OID = 25;

interface PgResult { fields: Array<{ dataTypeID: number }> }
interface PgQueryable {
  queryRaw(query: unknown): Promise<{ columnTypes: number[] }>;
  performIO(query: unknown): Promise<PgResult>;
  startTransaction?(...args: unknown[]): Promise<unknown>;
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

export class PrismaPgWithCharColumns extends PrismaPg {
  override async connect() {
    return typeCharColumns(await super.connect());
  }
  override async connectToShadowDb() {
    return typeCharColumns(await super.connectToShadowDb());
  }
}
