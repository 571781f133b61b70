import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseEngine } from '../src/platform/config';
import { migrationsFor, openDatabase, ormOptions } from '../src/platform/database';
import { createLogger } from '../src/platform/logger';
import { createTestDatabase, type TestDatabase } from './support/database';
import { testConfig } from './support/server';

describe('migrations', () => {
  let database: TestDatabase | undefined;
  let orm: MikroORM | undefined;

  afterEach(async () => {
    await orm?.close();
    await database?.drop();
  });

  async function open() {
    database = await createTestDatabase();
    const config = testConfig(database.env);
    orm = await MikroORM.init({ ...ormOptions(config), debug: false });

    return { orm, engine: databaseEngine(config) };
  }

  it('leave no difference between entities and schema', async () => {
    const { orm } = await open();
    await orm.getMigrator().up();

    const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });

    expect(diff.trim()).toBe('');
  });

  it('upgrade a database step by step without losing rows', async () => {
    const { orm, engine } = await open();
    const migrations = migrationsFor(engine);
    const first = migrations[0]!.name;
    await orm.getMigrator().up({ to: first });
    const connection = orm.em.getConnection();
    await connection.execute(
      `insert into import_run (id, kind, file_name, sha256, rows_imported, rows_rejected, imported_at)
       values ('00000000-0000-4000-8000-000000000001', 'pabulib', 'a.pb', 'abc', 3, 0, '2026-01-01T00:00:00Z')`,
    );

    const applied = await orm.getMigrator().up();
    const rows = await connection.execute('select kind, file_name, rows_imported from import_run');

    expect(applied.map((migration) => migration.name)).toEqual(migrations.slice(1).map((m) => m.name));
    expect(rows).toEqual([{ kind: 'pabulib', file_name: 'a.pb', rows_imported: 3 }]);
  });

  it('move existing voters out of the ballot table', async () => {
    const { orm, engine } = await open();
    const migrations = migrationsFor(engine);
    const before = migrations.findIndex((migration) => migration.name.endsWith('BudgetPhasesAndAnonymousBallots'));
    await orm.getMigrator().up({ to: migrations[before - 1]!.name });
    const connection = orm.em.getConnection();
    const editions: [string, string | null][] = [
      ['00000000-0000-4000-8000-0000000000e1', 'greedy'],
      ['00000000-0000-4000-8000-0000000000e2', null],
    ];
    for (const [id, sourceRule] of editions) {
      await connection.execute(
        `insert into budget_edition (id, name, currency, budget, vote_type, rule, source_rule, meta, ballot_count, created_at, tally_updated_at)
         values (?, 'Edition', 'PLN', 100, 'approval', 'greedy', ?, '{}', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
        [id, sourceRule],
      );
      await connection.execute(
        `insert into ballot (id, edition_id, voter_hash, channel, created_at)
         values (?, ?, 'hash-of-voter', 'INTERNET', '2026-01-01T00:00:00Z')`,
        [`00000000-0000-4000-8000-0000000000b${id.slice(-1)}`, id],
      );
    }

    await orm.getMigrator().up();
    const voters = await connection.execute('select edition_id, voter_hash from ballot_voter order by edition_id');
    const ballots = await connection.execute('select * from ballot order by edition_id');
    const phases = await connection.execute('select phase from budget_edition order by id');

    expect(voters).toEqual(editions.map(([id]) => ({ edition_id: id, voter_hash: 'hash-of-voter' })));
    expect(ballots).toHaveLength(2);
    expect(Object.keys(ballots[0]).sort()).toEqual(['change_token', 'channel', 'edition_id', 'id']);
    expect(phases).toEqual([{ phase: 'RESULTS' }, { phase: 'VOTING' }]);
  });

  it.skipIf(!process.env.DATABASE_URL)('apply once when several processes start together', async () => {
    database = await createTestDatabase();
    const config = testConfig(database.env);
    const logger = createLogger({ logLevel: 'silent' });

    const orms = await Promise.all([1, 2, 3].map(() => openDatabase(config, logger)));
    const rows = await orms[0]!.em.getConnection().execute('select name from ratusz_migrations');
    await Promise.all(orms.map((opened) => opened.close()));

    expect(rows.map((row: { name: string }) => row.name)).toEqual(migrationsFor('postgresql').map((m) => m.name));
  });
});
