import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { TestDatabase } from './database';

/** One SQL statement with `?` placeholders, and its parameters. */
export type Statement = [sql: string, parameters: unknown[]];

/** How long the SQLite child process keeps its transaction open before it commits, in milliseconds. */
const SQLITE_HOLD_MS = 1_000;

/** How long to wait on PostgreSQL for `work` to block on the transaction's row locks, in milliseconds. */
const POSTGRESQL_WAIT_MS = 10_000;

/**
 * Runs `statements` in a transaction on a connection of its own, starts `work` while that
 * transaction is still open, commits it, and returns what `work` returns. This shows whether
 * `work` checks the rows that the statements change inside its own transaction and waits for
 * the concurrent change.
 * - PostgreSQL: the transaction commits once another session of the test database waits for a
 *   lock. It throws when none does within 10 s, because then `work` did not lock those rows.
 * - SQLite: the API under test runs in this process and waits for the write lock synchronously,
 *   which would stop this process from committing, so a child process holds the transaction and
 *   commits after a second.
 */
export async function commitWhileWaiting<T>(
  database: TestDatabase,
  statements: Statement[],
  work: () => Promise<T>,
): Promise<T> {
  return database.env.DATABASE_URL
    ? commitOnPostgreSql(database.env.DATABASE_URL, statements, work)
    : commitOnSqlite(database.env.SQLITE_PATH!, statements, work);
}

async function commitOnPostgreSql<T>(
  url: string,
  statements: Statement[],
  work: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    for (const [sql, parameters] of statements) {
      let index = 0;
      await client.query(
        sql.replace(/\?/g, () => `$${++index}`),
        parameters,
      );
    }
    const result = work();
    const deadline = Date.now() + POSTGRESQL_WAIT_MS;
    let waiting = 0;
    while (waiting === 0 && Date.now() < deadline) {
      const rows = await client.query<{ count: string }>(
        `select count(*) from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
      );
      waiting = Number(rows.rows[0]!.count);
      if (waiting === 0) {
        await sleep(50);
      }
    }
    await client.query('commit');
    if (waiting === 0) {
      await result.catch(() => undefined);
      throw new Error(`No session waited for the uncommitted change within ${POSTGRESQL_WAIT_MS} ms.`);
    }

    return await result;
  } finally {
    await client.end();
  }
}

/** Child process script: runs the statements in an immediate transaction and commits it later. */
const SQLITE_CHILD = `
const Database = require('libsql');
const [file, statements, holdMs] = process.argv.slice(1);
const db = new Database(file);
db.exec('pragma busy_timeout = 5000');
db.exec('begin immediate');
for (const [sql, parameters] of JSON.parse(statements)) {
  db.prepare(sql).run(...parameters);
}
process.stdout.write('locked\\n');
setTimeout(() => {
  db.exec('commit');
  db.close();
}, Number(holdMs));
`;

async function commitOnSqlite<T>(
  file: string,
  statements: Statement[],
  work: () => Promise<T>,
): Promise<T> {
  const child = spawn(
    process.execPath,
    ['-e', SQLITE_CHILD, file, JSON.stringify(statements), String(SQLITE_HOLD_MS)],
    { cwd: path.resolve(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const locked = await new Promise<boolean>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) {
        resolve(true);
      }
    });
    void exited.then(() => resolve(false));
  });
  if (!locked) {
    throw new Error(`The SQLite child process failed before it held its transaction: ${stderr}`);
  }
  const result = work();
  const code = await exited;
  if (code !== 0) {
    await result.catch(() => undefined);
    throw new Error(`The SQLite child process exited with ${code}: ${stderr}`);
  }

  return result;
}
