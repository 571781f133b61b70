import 'reflect-metadata';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetEdition } from '../../src/modules/budget/budget-edition.entity';
import { parsePabulib } from '../../src/modules/budget/pabulib.parser';
import { openDatabase } from '../../src/platform/database';
import { dataFile, hasData } from '../support/data';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testLogger } from '../support/server';

const run = promisify(execFile);
const cli = (name: string) => path.resolve(__dirname, '..', '..', 'dist', 'cli', `${name}.js`);
const FILE = 'Poland_Gdansk_2020_Rudniki.pb';

describe.skipIf(!hasData)('export command', () => {
  let database: TestDatabase;
  let folder: string;
  const env = () => ({
    PATH: process.env.PATH,
    RATUSZ_HASH_KEY: 'test-hash-key-0123456789',
    RATUSZ_SEED_DEMO: 'false',
    ...database.env,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-export-cli-'));
  });

  afterAll(async () => {
    await database?.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('writes an imported edition to a file', async () => {
    await run(process.execPath, [cli('import'), 'pabulib', dataFile('pabulib', FILE)], {
      env: env(),
    });
    const orm = await openDatabase(
      testConfig(database.env),
      testLogger(testConfig(database.env)),
    );
    const [edition] = await orm.em.fork().find(BudgetEdition, {});
    await orm.close();
    const target = path.join(folder, 'out.pb');
    const result = await run(process.execPath, [cli('export'), 'pabulib', edition!.id, target], {
      env: env(),
    });
    const exported = parsePabulib('out.pb', fs.readFileSync(target));
    const source = parsePabulib(FILE, fs.readFileSync(dataFile('pabulib', FILE)));

    expect(result.stderr).toContain(`wrote ${target}`);
    expect(exported.votes).toHaveLength(source.votes.length);
    expect(exported.projects.map((project) => project.code)).toEqual(
      source.projects.map((project) => project.code),
    );
  });

  it('rejects an unknown edition id', async () => {
    const failure = await run(
      process.execPath,
      [
        cli('export'),
        'pabulib',
        '00000000-0000-4000-8000-000000000000',
        path.join(folder, 'none.pb'),
      ],
      { env: env() },
    ).catch((error: { code: number; stderr: string }) => error);

    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toContain('does not exist');
    expect(fs.existsSync(path.join(folder, 'none.pb'))).toBe(false);
  });

  it('rejects missing arguments with usage', async () => {
    const failure = (await run(process.execPath, [cli('export'), 'pabulib'], { env: env() }).catch(
      (error: unknown) => error,
    )) as { code: number; stderr: string };

    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain('Usage: npm run export');
  });
});
