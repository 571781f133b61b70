import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { openDatabase, type Orm } from '../../src/platform/database';
import type { Config } from '../../src/platform/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testLogger } from '../support/server';

/** The Polis conversations in the data folder. */
export const POLIS_CONVERSATIONS = ['15-per-hour-seattle', 'london.youth.policing'];

/** Reads a CSV file of a Polis export as objects keyed by its header. */
export function readExportTable(folder: string, file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(folder, file)), { columns: true, bom: true });
}

/** A migrated database of its own for one test file. */
export type TestOrm = {
  orm: Orm;
  config: Config;
  database: TestDatabase;
  close: () => Promise<void>;
};

/** Opens a fresh, migrated database on the engine the environment selects. */
export async function openTestOrm(): Promise<TestOrm> {
  const database = await createTestDatabase();
  const config = testConfig(database.env);
  const orm = await openDatabase(config, testLogger(config));

  return {
    orm,
    config,
    database,
    close: async () => {
      await orm.close();
      await database.drop();
    },
  };
}
