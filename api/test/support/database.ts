import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A database made for one test file, on the engine the environment selects. */
export type TestDatabase = {
  engine: 'sqlite' | 'postgresql';
  /** Settings that select this database, plus a Redis prefix of its own so test files never see each other's events. */
  env: { DATABASE_URL?: string; SQLITE_PATH?: string; REDIS_PREFIX: string };
  drop: () => Promise<void>;
};

/**
 * Creates an empty database for one test file: a new PostgreSQL database on the server named by
 * `DATABASE_URL` when it is set, otherwise a new SQLite file in a temporary folder. Test files
 * never share a database, so they can run in parallel and in any order.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const redisPrefix = `ratusz-test-${randomBytes(6).toString('hex')}:`;
  if (!serverUrl) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-test-'));

    return {
      engine: 'sqlite',
      env: { SQLITE_PATH: path.join(folder, 'test.sqlite'), REDIS_PREFIX: redisPrefix },
      drop: async () => fs.rmSync(folder, { recursive: true, force: true }),
    };
  }

  const name = `ratusz_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  return {
    engine: 'postgresql',
    env: { DATABASE_URL: url.toString(), REDIS_PREFIX: redisPrefix },
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
