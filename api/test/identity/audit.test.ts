import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, InvalidAuditEventError, verifyAuditChain } from '../../src/platform/audit/audit';
import { AuditChainHead, AuditEvent } from '../../src/platform/audit/audit-event.entity';
import { openDatabase, type Orm } from '../../src/platform/database';
import { createLogger } from '../../src/platform/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig } from '../support/server';

const run = promisify(execFile);
const verifyScript = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'audit-verify.js');

/** Runs `npm run audit:verify` against the test database and returns its exit code and output. */
async function runVerifyCommand(database: TestDatabase): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [verifyScript], {
      env: { PATH: process.env.PATH, RATUSZ_HASH_KEY: 'test-hash-key-0123456789', ...database.env },
    });

    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };

    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('audit chain', () => {
  let database: TestDatabase;
  let orm: Orm;

  const append = (subjectId: string) =>
    orm.em.fork().transactional((tx) =>
      appendAudit(tx, { action: 'test.appended', actorId: null, subjectType: 'test', subjectId, details: { count: 1 } }),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(testConfig(database.env), createLogger({ logLevel: 'silent' }));
  });

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  it('verifies an empty chain', async () => {
    const result = await verifyAuditChain(orm.em.fork());

    expect(result.broken).toBeNull();
    expect(result.events).toBe(0);
  });

  it('links each event to the previous one', async () => {
    const first = await append('first');
    const second = await append('second');

    expect(first.position).toBe(1);
    expect(second.position).toBe(2);
    expect(second.previousHash).toBe(first.hash);
    expect((await verifyAuditChain(orm.em.fork())).broken).toBeNull();
  });

  it('stores nothing when the transaction rolls back', async () => {
    const before = await orm.em.fork().count(AuditEvent);

    await expect(
      orm.em.fork().transactional(async (tx) => {
        await appendAudit(tx, { action: 'test.appended', actorId: null, subjectType: 'test', subjectId: 'rolled-back' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');

    expect(await orm.em.fork().count(AuditEvent)).toBe(before);
    expect((await orm.em.fork().findOneOrFail(AuditChainHead, { id: 1 })).position).toBe(before);
  });

  it('rejects an append outside a transaction', async () => {
    await expect(
      appendAudit(orm.em.fork(), { action: 'test.appended', actorId: null, subjectType: 'test', subjectId: 'x' }),
    ).rejects.toThrow(/inside the transaction/);
  });

  it('rejects personal values in details', async () => {
    const withDetails = (details: Record<string, string>) =>
      orm.em.fork().transactional((tx) =>
        appendAudit(tx, { action: 'test.appended', actorId: null, subjectType: 'test', subjectId: 'x', details }),
      );

    await expect(withDetails({ email: 'ana.kowalska@example.org' })).rejects.toBeInstanceOf(InvalidAuditEventError);
    await expect(withDetails({ name: 'Ana Kowalska' })).rejects.toBeInstanceOf(InvalidAuditEventError);
  });

  it('rejects personal values as the subject or actor', async () => {
    const append = (subjectId: string, actorId: string | null = null) =>
      orm.em.fork().transactional((tx) => appendAudit(tx, { action: 'test.appended', actorId, subjectType: 'test', subjectId }));

    await expect(append('victim@mail.example')).rejects.toBeInstanceOf(InvalidAuditEventError);
    await expect(append('John Smith, 12 Main St')).rejects.toBeInstanceOf(InvalidAuditEventError);
    await expect(append('x', 'ana.kowalska@example.org')).rejects.toBeInstanceOf(InvalidAuditEventError);
  });

  it('keeps the chain valid under concurrent appends', async () => {
    const before = await orm.em.fork().count(AuditEvent);
    const writers = 24;

    await Promise.all(Array.from({ length: writers }, (_, index) => append(`concurrent-${index}`)));

    const events = await orm.em.fork().find(AuditEvent, {}, { orderBy: { position: 'asc' } });
    expect(events.map((event) => event.position)).toEqual(Array.from({ length: before + writers }, (_, index) => index + 1));
    const result = await verifyAuditChain(orm.em.fork());
    expect(result.broken).toBeNull();
    expect(result.events).toBe(before + writers);
  });

  it('verify command exits 0 on a valid chain', async () => {
    const outcome = await runVerifyCommand(database);

    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/Audit chain verified: \d+ entries/);
  });

  it('names the first tampered entry', async () => {
    const em = orm.em.fork();
    const target = await em.findOneOrFail(AuditEvent, { position: 2 });
    const connection = em.getConnection();
    await connection.execute('update audit_event set subject_id = ? where id = ?', ['changed', target.id]);

    const result = await verifyAuditChain(orm.em.fork());
    const outcome = await runVerifyCommand(database);
    await connection.execute('update audit_event set subject_id = ? where id = ?', [target.subjectId, target.id]);

    expect(result.broken?.id).toBe(target.id);
    expect(result.broken?.position).toBe(2);
    expect(result.events).toBe(1);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain(`position 2, entry ${target.id}`);
    expect((await verifyAuditChain(orm.em.fork())).broken).toBeNull();
  });

  it('detects a deleted last entry', async () => {
    const em = orm.em.fork();
    const [last] = await em.find(AuditEvent, {}, { orderBy: { position: 'desc' }, limit: 1 });
    await em.getConnection().execute('delete from audit_event where id = ?', [last!.id]);

    const result = await verifyAuditChain(orm.em.fork());

    expect(result.broken?.id).toBeNull();
    expect(result.broken?.position).toBe(last!.position);
    expect(result.broken?.reason).toMatch(/removed/);
  });
});
