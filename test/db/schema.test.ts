import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import internals from '@prisma/internals';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';
import { listMigrations } from '../../src/db/migrate';
import { repoRoot } from '../../dev/infra/paths';

interface Column {
  table: string;
  column: string;
  nullable: boolean;
}

async function expectedColumns(): Promise<Column[]> {
  const datamodel = readFileSync(join(repoRoot, 'prisma', 'schema.prisma'), 'utf8');
  const dmmf = await internals.getDMMF({ datamodel });
  return dmmf.datamodel.models.flatMap((model) =>
    model.fields
      .filter((field) => field.kind === 'scalar' || field.kind === 'enum')
      .map((field) => ({
        table: model.dbName ?? model.name,
        column: field.dbName ?? field.name,
        nullable: !field.isRequired,
      })),
  );
}

describe('the migrated database', () => {
  const client = new pg.Client({ connectionString: getConfig().databaseUrl });
  let actual: Column[];

  beforeAll(async () => {
    await client.connect();
    const { rows } = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    actual = rows.map((row) => ({
      table: row.table_name,
      column: row.column_name,
      nullable: row.is_nullable === 'YES',
    }));
  });
  afterAll(() => client.end());

  it('has every table and column of schema.prisma with the same nullability', async () => {
    const expected = await expectedColumns();
    expect(expected.length).toBeGreaterThan(0);
    const missingOrDifferent = expected.filter(
      (want) =>
        !actual.some(
          (have) =>
            have.table === want.table && have.column === want.column && have.nullable === want.nullable,
        ),
    );
    expect(missingOrDifferent).toEqual([]);
  });

  it('has no column that schema.prisma does not declare', async () => {
    const expected = await expectedColumns();
    const modelTables = new Set(expected.map((column) => column.table));
    const undeclared = actual.filter(
      (have) =>
        modelTables.has(have.table) &&
        !expected.some((want) => want.table === have.table && want.column === have.column),
    );
    expect(undeclared).toEqual([]);
  });

  it("records every migration in Prisma's bookkeeping table with its checksum", async () => {
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    expect(rows).toEqual(listMigrations().map(({ name, checksum }) => ({ migration_name: name, checksum })));
  });
});
