import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/platform/audit/audit';
import { AuditEvent } from '../../src/platform/audit/audit-event.entity';
import { withAuditScope } from '../../src/platform/audit/audit-subscriber';
import { ImportRun } from '../../src/modules/imports/import-run.entity';
import { openDatabase, type Orm } from '../../src/platform/database';
import { createLogger } from '../../src/platform/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig } from '../support/server';

function importRun(kind: string): Omit<ImportRun, 'id' | 'importedAt' | 'targetId'> {
  return { kind, fileName: 'file.csv', sha256: 'a'.repeat(64), rowsImported: 1, rowsRejected: 0 };
}

describe('audit of flushed changes', () => {
  let database: TestDatabase;
  let orm: Orm;

  const eventsFor = (subjectId: string) => orm.em.fork().find(AuditEvent, { subjectId }, { orderBy: { position: 'asc' } });

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(testConfig(database.env), createLogger({ logLevel: 'silent' }));
  });

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  it('records a flush outside a transaction', async () => {
    const em = orm.em.fork();
    const run = em.create(ImportRun, importRun('implicit'));
    await withAuditScope({ actorId: 'actor-1', operation: 'testOperation' }, () => em.flush());

    const [event] = await eventsFor(run.id);
    expect(event?.action).toBe('import_run.created');
    expect(event?.actorId).toBe('actor-1');
    expect(event?.details).toEqual({ via: 'testOperation' });
  });

  it('records changed field names only', async () => {
    const em = orm.em.fork();
    const run = em.create(ImportRun, importRun('update'));
    await em.flush();
    run.rowsImported = 5;
    await em.flush();

    const events = await eventsFor(run.id);
    expect(events.map((event) => event.action)).toEqual(['import_run.created', 'import_run.updated']);
    expect(events[1]!.details).toEqual({ fields: 'rowsImported' });
  });

  it('skips a flush that changes no value', async () => {
    const em = orm.em.fork();
    const run = em.create(ImportRun, importRun('unchanged'));
    await em.flush();
    const other = orm.em.fork();
    const loaded = await other.findOneOrFail(ImportRun, { id: run.id });
    loaded.rowsImported = 1;
    await other.flush();

    expect(await eventsFor(run.id)).toHaveLength(1);
  });

  it('records inside em.transactional', async () => {
    let id = '';
    await orm.em.fork().transactional(async (tx) => {
      id = tx.create(ImportRun, importRun('explicit')).id;
      await tx.flush();
    });

    expect(await eventsFor(id)).toHaveLength(1);
  });

  it('stores no entry when the transaction rolls back', async () => {
    let id = '';
    await expect(
      orm.em.fork().transactional(async (tx) => {
        id = tx.create(ImportRun, importRun('rolled-back')).id;
        await tx.flush();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');

    expect(await eventsFor(id)).toHaveLength(0);
    expect(await orm.em.fork().count(ImportRun, { id })).toBe(0);
    expect((await verifyAuditChain(orm.em.fork())).broken).toBeNull();
  });
});
