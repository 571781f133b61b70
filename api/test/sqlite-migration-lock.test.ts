import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/logger';
import { withSqliteMigrationLock } from '../src/platform/sqlite-write-lock';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-migration-lock-'));
const logger = createLogger({ logLevel: 'silent' });

afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('SQLite migration lock', () => {
  it('runs the migration while holding the lock', async () => {
    const sqlitePath = path.join(folder, 'ok.sqlite');

    const result = await withSqliteMigrationLock(sqlitePath, logger, async () => 'migrated');

    expect(result).toBe('migrated');
  });

  it('names a lock file that is not a database', async () => {
    const sqlitePath = path.join(folder, 'broken.sqlite');
    fs.writeFileSync(`${sqlitePath}-migrations.lock`, 'this is not an SQLite database, but long enough to have a header');
    let migrated = false;

    const attempt = withSqliteMigrationLock(sqlitePath, logger, async () => {
      migrated = true;
    });

    await expect(attempt).rejects.toThrow(`${sqlitePath}-migrations.lock`);
    await expect(attempt).rejects.toThrow(/delete the file if it is not an SQLite database/);
    expect(migrated).toBe(false);
  });
});
