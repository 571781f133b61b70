import fs from 'node:fs';
import { AuditSubscriber } from './audit/audit-subscriber';
import path from 'node:path';
import {
  MikroORM,
  ReflectMetadataProvider,
  type AnyEntity,
  type EntityClass,
  type Options,
} from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';
import pg from 'pg';
import { databaseEngine, type Config } from './config';
import type { Logger } from './logger';
import { PinoOrmLogger } from './orm-logger';
import { withSqliteMigrationLock } from './sqlite-write-lock';
import { entities } from '../modules/entities';
import { postgresqlMigrations } from '../migrations/postgresql';
import { sqliteMigrations } from '../migrations/sqlite';

export type Orm = MikroORM;
export type DatabaseEngine = ReturnType<typeof databaseEngine>;

type MigrationClass = new (...args: any[]) => Migration;

/** Versioned migrations of one engine, in the order they apply. */
export type MigrationList = { name: string; class: MigrationClass }[];

/** Returns the migrations for an engine: MikroORM generates engine-specific SQL, so each has its own. */
export function migrationsFor(engine: DatabaseEngine): MigrationList {
  return engine === 'postgresql' ? postgresqlMigrations : sqliteMigrations;
}

/** Builds the MikroORM options for the configured engine. */
export function ormOptions(
  config: Pick<Config, 'databaseUrl' | 'sqlitePath'>,
  logger?: Logger,
  entityList: EntityClass<AnyEntity>[] = entities,
): Options {
  const engine = databaseEngine(config);
  const common: Options = {
    entities: entityList,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    // Explicit `type` on every property keeps entities valid under tsc, tsx and vitest alike,
    // so metadata is never inferred from emitted decorator types.
    discovery: { warnWhenNoEntities: true, requireEntitiesArray: true },
    forceUtcTimezone: true,
    migrations: {
      tableName: 'ratusz_migrations',
      migrationsList: migrationsFor(engine),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    // Every query goes to the logger, which keeps slow ones at warn and the rest at debug.
    debug: logger ? ['query'] : false,
    loggerFactory: logger ? () => new PinoOrmLogger(logger) : undefined,
    allowGlobalContext: false,
    // Appends an audit entry for every row written through the unit of work, in the same transaction.
    subscribers: [new AuditSubscriber()],
    // Full-text search tables of the knowledge base are created by hand-written migration SQL
    // (an FTS5 virtual table on SQLite, a tsvector table on PostgreSQL) that entities cannot
    // describe, so the schema comparison leaves them alone.
    schemaGenerator: { skipTables: [/(^|\.)kb_article_(fts|search)/] },
  } as Options;

  if (engine === 'postgresql') {
    return { ...common, driver: PostgreSqlDriver, clientUrl: config.databaseUrl, pool: { min: 0, max: 10 } } as Options;
  }

  return {
    ...common,
    driver: LibSqlDriver,
    dbName: config.sqlitePath,
    pool: { afterCreate: applySqlitePragmas },
  } as Options;
}

/**
 * Connection settings SQLite keeps per connection. The pool of MikroORM's libsql dialect
 * replaces a connection after 10 seconds, so they are applied to every new connection, not once.
 * - WAL lets readers run while one writer commits.
 * - synchronous = NORMAL syncs the WAL at checkpoints instead of at every commit. A crash of the
 *   API process loses nothing, but a power loss or operating-system crash can undo the last
 *   commits (the file stays consistent).
 * - busy_timeout makes a writer wait up to 5 s for another process's write lock (the CLI, a
 *   second API process) instead of failing at once. It comes first, because switching a new
 *   file to WAL needs that lock too.
 */
const SQLITE_PRAGMAS = [
  'pragma busy_timeout = 5000',
  'pragma journal_mode = wal',
  'pragma synchronous = normal',
  'pragma foreign_keys = on',
];

function applySqlitePragmas(
  connection: { exec(sql: string): void },
  done: (error: Error | null, connection: unknown) => void,
): void {
  try {
    for (const pragma of SQLITE_PRAGMAS) {
      connection.exec(pragma);
    }
    done(null, connection);
  } catch (error) {
    done(error as Error, connection);
  }
}

/**
 * Opens the database and applies pending migrations, so a fresh SQLite file or an empty
 * PostgreSQL database is ready to use and an older one is upgraded in place.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'sqlitePath'>,
  logger: Logger,
): Promise<Orm> {
  if (databaseEngine(config) === 'sqlite') {
    fs.mkdirSync(path.dirname(config.sqlitePath), { recursive: true });
  }

  const orm = await MikroORM.init(ormOptions(config, logger.child({ component: 'orm' })));

  const migrate = () => orm.getMigrator().up();
  const applied = config.databaseUrl
    ? await withMigrationLock(config, migrate)
    : await withSqliteMigrationLock(config.sqlitePath, logger, migrate);
  if (applied.length > 0) {
    logger.info({ migrations: applied.map((migration) => migration.name) }, 'applied migrations');
  }

  return orm;
}

/** Key of the PostgreSQL advisory lock that serialises migrations across API processes. */
const MIGRATION_LOCK_KEY = 7_271_530;

/**
 * Runs `migrate` while holding a PostgreSQL advisory lock, so API replicas starting together
 * apply each migration once: the first takes the lock and migrates, the others wait and then
 * find nothing pending. `withSqliteMigrationLock` does the same for processes sharing a SQLite
 * file.
 */
async function withMigrationLock<T>(
  config: Pick<Config, 'databaseUrl'>,
  migrate: () => Promise<T>,
): Promise<T> {
  if (!config.databaseUrl) {
    return migrate();
  }

  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);

    return await migrate();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** Runs a trivial query, for the health endpoint. */
export async function pingDatabase(orm: Orm): Promise<void> {
  await orm.em.getConnection().execute('select 1');
}
