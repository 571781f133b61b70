import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../../src/modules/accounts/account.entity';
import { residentIdHash, signIn } from '../../src/modules/accounts/account.service';
import { Department } from '../../src/modules/cases/department.entity';
import { Jurisdiction } from '../../src/modules/cases/jurisdiction.entity';
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

  it('rejects disabling the last administrator', async () => {
    const outcome = await runAccountCommand(database, ['disable', '--login=first.admin@city.example']);
    const result = await signIn(orm.em.fork(), { hashKey: HASH_KEY, sessionTtlHours: 1 }, 'first.admin@city.example', 'a long enough password');

    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^LAST_ADMINISTRATOR: Account [0-9a-f-]{36} is the last enabled administrator: give ADMINISTRATOR to another account first\./m);
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
    expect(result.ok).toBe(true);
  });

  it('disables an account', async () => {
    const second = await runAccountCommand(
      database,
      ['create', '--login=second.admin@city.example', '--roles=ADMINISTRATOR'],
      'a second admin password\n',
    );
    const outcome = await runAccountCommand(database, ['disable', '--login=first.admin@city.example']);
    const unknown = await runAccountCommand(database, ['disable', '--login=nobody@city.example']);
    const result = await signIn(orm.em.fork(), { hashKey: HASH_KEY, sessionTtlHours: 1 }, 'first.admin@city.example', 'a long enough password');

    expect(second.code).toBe(0);
    expect(outcome.code).toBe(0);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^NOT_FOUND: No account has this login/m);
    expect(result.ok).toBe(false);
  });

  it('creates an agent of an existing department', async () => {
    const em = orm.em.fork();
    const jurisdiction = em.create(Jurisdiction, { code: 'cli-town', name: 'CLI Town' });
    const department = em.create(Department, { jurisdiction, code: 'roads', name: 'Roads' });
    await em.flush();

    const byCode = await runAccountCommand(database, ['create', '--login=agent@city.example', '--roles=AGENT', '--department=roads'], 'an agent password\n');
    const byId = await runAccountCommand(
      database,
      ['create', '--login=manager@city.example', '--roles=DEPARTMENT_MANAGER', `--department=${department.id}`],
      'a manager password\n',
    );

    expect(byCode.code).toBe(0);
    expect(byId.code).toBe(0);
  });

  it.each(['Roads Dept', '<script>alert(1)</script>', 'no-such-department'])('rejects department %j', async (value) => {
    const outcome = await runAccountCommand(database, ['create', '--login=stray.agent@city.example', '--roles=AGENT', `--department=${value}`], 'an agent password\n');

    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`DEPARTMENT_NOT_FOUND: No department has code or id ${JSON.stringify(value)}`);
    expect(outcome.stderr).toContain('departments query');
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints usage for an unknown command', async () => {
    const outcome = await runAccountCommand(database, ['rename']);

    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toMatch(/^Usage:/);
  });
});
