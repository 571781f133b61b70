import { setTimeout as sleep } from 'node:timers/promises';
import { LockWaitTimeoutException, type EntityManager } from '@mikro-orm/core';
import Database from 'libsql';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { Logger } from './logger';

/**
 * A delete that matches no row. SQLite still takes the database's write lock for it, as
 * `begin immediate` would at the start of a transaction, which MikroORM does not issue. The
 * migrations table is the one table that exists in every migrated database.
 */
const WRITE_LOCK_SQL = 'delete from ratusz_migrations where 0';

/** How long a process waits for another process's write transaction on SQLite, in milliseconds. */
const SQLITE_LOCK_WAIT_MS = 10 * 60_000;

/** Pause between two attempts to take the SQLite write lock, in milliseconds. */
const RETRY_PAUSE_MS = 250;

/**
 * Takes SQLite's write lock at the start of transaction `tx`, before it reads anything, so the
 * transaction reads every write that other processes committed before it, and no other process
 * writes until it ends. SQLite waits `busy_timeout` for the lock and then fails with
 * `SQLITE_BUSY`, which `retryWhileSqliteLocked` retries. On PostgreSQL it does nothing, because
 * callers lock the rows they read there.
 */
export async function lockSqliteForWrite(tx: EntityManager): Promise<void> {
  if (tx.getPlatform() instanceof PostgreSqlPlatform) {
    return;
  }
  await tx.getConnection().execute(WRITE_LOCK_SQL, [], 'run', tx.getTransactionContext());
}

/**
 * Reports whether `error`, or an error it wraps as its `cause`, reports that another connection
 * holds SQLite's write lock: MikroORM's `LockWaitTimeoutException`, or the driver's
 * `SQLITE_BUSY` codes, which raw statements raise unconverted.
 */
function isSqliteBusy(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (
      current instanceof LockWaitTimeoutException ||
      (typeof code === 'string' && code.startsWith('SQLITE_BUSY'))
    ) {
      return true;
    }
  }

  return false;
}

/**
 * Runs `work` again while SQLite reports its write lock busy, for at most `SQLITE_LOCK_WAIT_MS`.
 * It is for start-up work, such as migrations and the demo seed, that another process may be
 * doing on the same SQLite file for longer than `busy_timeout`. A failed attempt of `work` must
 * leave nothing behind, as a rolled-back transaction does, so the next one starts afresh.
 */
export async function retryWhileSqliteLocked<T>(
  work: () => Promise<T>,
  logger: Logger,
  task: string,
): Promise<T> {
  const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() > deadline) {
        throw error;
      }
      // Attempts come every RETRY_PAUSE_MS or busy_timeout, so only some are logged.
      if (attempt % 40 === 1) {
        logger.info(
          { task, attempt },
          'waiting for another process that holds the SQLite write lock',
        );
      }
      await sleep(RETRY_PAUSE_MS);
    }
  }
}

/** Suffix of the lock file next to a SQLite database, taken while migrations run. */
const MIGRATION_LOCK_SUFFIX = '-migrations.lock';

/**
 * Runs `migrate` while holding a lock that other processes migrating the SQLite file at
 * `sqlitePath` wait for, as the PostgreSQL advisory lock does for replicas of a server database.
 * The migrator reads the applied list before its transaction writes, and MikroORM's SQLite pool
 * has one connection, so the database's own write lock cannot be taken first. The lock is
 * instead the write lock of a second, empty SQLite file next to the database, held by
 * `begin immediate` on a connection of its own. The operating system releases it when the
 * process exits, so a crashed process never leaves it taken.
 */
export async function withSqliteMigrationLock<T>(
  sqlitePath: string,
  logger: Logger,
  migrate: () => Promise<T>,
): Promise<T> {
  const lockPath = `${sqlitePath}${MIGRATION_LOCK_SUFFIX}`;
  let lock: InstanceType<typeof Database> | undefined;
  try {
    const opened = new Database(lockPath);
    lock = opened;
    // No busy timeout: a busy lock fails at once and is retried after a pause, so the wait does
    // not block the event loop.
    opened.exec('pragma busy_timeout = 0');
    await retryWhileSqliteLocked(async () => opened.exec('begin immediate'), logger, 'migrations');
  } catch (error) {
    lock?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Could not take the migration lock file ${lockPath} (${reason}): the API needs to create and write this file next to SQLITE_PATH. Make that folder writable, or delete the file if it is not an SQLite database, and start again.`,
      { cause: error },
    );
  }
  try {
    return await migrate();
  } finally {
    lock.close();
  }
}
