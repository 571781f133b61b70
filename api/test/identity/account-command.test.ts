import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../../src/modules/accounts/account.entity';
import { residentIdHash, signIn } from '../../src/modules/accounts/account.service';
import { openDatabase, type Orm } from '../../src/platform/database';
import { createLogger } from '../../src/platform/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig } from '../support/server';

const script = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'account.js');
const HASH_KEY = 'test-hash-key-0123456789';

type Outcome = { code: number | null; stdout: string; stderr: string };

/** Runs `npm run account -- <args>` with `input` on standard input. */
function runAccountCommand(database: TestDatabase, args: string[], input = ''): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH, RATUSZ_HASH_KEY: HASH_KEY, ...database.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('account command', () => {
  let database: TestDatabase;
  let orm: Orm;

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(testConfig(database.env), createLogger({ logLevel: 'silent' }));
  });

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  it('creates an administrator that can sign in', async () => {
    const outcome = await runAccountCommand(
      database,
      ['create', '--login=first.admin@city.example', '--roles=ADMINISTRATOR'],
      'a long enough password\n',
    );
    const result = await signIn(orm.em.fork(), { hashKey: HASH_KEY, sessionTtlHours: 1 }, 'first.admin@city.example', 'a long enough password');

    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^Created account [0-9a-f-]{36} with roles ADMINISTRATOR\./);
    expect(result.ok).toBe(true);
  });

  it('reports a taken login with exit code 1', async () => {
    const outcome = await runAccountCommand(
      database,
      ['create', '--login=FIRST.ADMIN@city.example', '--roles=ADMINISTRATOR'],
      'another long password\n',
    );

    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^LOGIN_TAKEN: /m);
  });

  it('rejects a short password', async () => {
    const outcome = await runAccountCommand(database, ['create', '--login=second@city.example', '--roles=AUDITOR'], 'short\n');

    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^WEAK_PASSWORD: The password has 5 characters/m);
  });

  it('links a resident id', async () => {
    const outcome = await runAccountCommand(
      database,
      ['create', '--login=resident@city.example', '--roles=RESIDENT', '--resident-id=PL-000123'],
      'a resident password\n',
    );
    const id = /Created account ([0-9a-f-]{36})/.exec(outcome.stdout)?.[1];
    const account = await orm.em.fork().findOneOrFail(Account, { id });

    expect(outcome.code).toBe(0);
    expect(account.residentIdHash).toBe(residentIdHash({ hashKey: HASH_KEY }, 'PL-000123'));
  });

  it('disables an account', async () => {
    const outcome = await runAccountCommand(database, ['disable', '--login=first.admin@city.example']);
    const unknown = await runAccountCommand(database, ['disable', '--login=nobody@city.example']);
    const result = await signIn(orm.em.fork(), { hashKey: HASH_KEY, sessionTtlHours: 1 }, 'first.admin@city.example', 'a long enough password');

    expect(outcome.code).toBe(0);
    expect(unknown.code).toBe(1);
    expect(result.ok).toBe(false);
  });

  it('prints usage for an unknown command', async () => {
    const outcome = await runAccountCommand(database, ['rename']);

    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toMatch(/^Usage:/);
  });
});
