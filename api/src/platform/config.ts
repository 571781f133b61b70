import path from 'node:path';
import { DEFAULT_REOPEN_WINDOW_DAYS } from '@ratusz/shared';
import { z } from 'zod';

/** Log levels accepted by pino, in increasing verbosity. */
const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** The development key for identifier hashing. Start-up warns while it is in use. */
export const DEVELOPMENT_HASH_KEY = 'ratusz-development-key-change-me';

/** Validated start-up settings. Read once by `loadConfig` and passed down explicitly. */
export type Config = {
  host: string;
  port: number;
  /** PostgreSQL connection URL. When absent, the API uses the SQLite file at `sqlitePath`. */
  databaseUrl: string | undefined;
  sqlitePath: string;
  /** Redis URL for pub/sub across API processes. When absent, pub/sub stays in process. */
  redisUrl: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Secret key for the keyed hashes that replace voter and participant identifiers. */
  hashKey: string;
  /** Public aggregates over fewer cases than this (heatmap cells, district counts) are hidden. */
  minAggregateCount: number;
  /** Fill an empty database with the generated demo city at start-up. */
  seedDemo: boolean;
  /** Origins allowed by CORS. An empty list allows same-origin requests only. */
  corsOrigins: string[];
  /** Days after a case's resolution during which the resident may confirm the fix or reopen it. */
  reopenWindowDays: number;
  /** Seconds between runs of the case deadline checker; 0 turns the checker off. */
  deadlineCheckIntervalSeconds: number;
};

/** An invalid setting, reported with its name and the values it accepts. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const booleanSetting = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const PORT_RANGE = 'must be a whole number from 0 (any free port) to 65535';
const portSetting = z.coerce
  .number({ error: PORT_RANGE })
  .int(PORT_RANGE)
  .min(0, PORT_RANGE)
  .max(65535, PORT_RANGE);

/** Builds a setting for a whole number from `min` to `max`, with one message for every invalid value. */
function wholeNumberSetting(min: number, max: number) {
  const range = `must be a whole number from ${min} to ${max}`;

  return z.coerce.number({ error: range }).int(range).min(min, range).max(max, range);
}

const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: portSetting.default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SQLITE_PATH: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  RATUSZ_HASH_KEY: z.string().min(16, 'must be at least 16 characters long').optional(),
  RATUSZ_MIN_AGGREGATE_COUNT: z.coerce
    .number({ error: 'must be a whole number from 1 to 1000' })
    .int('must be a whole number from 1 to 1000')
    .min(1, 'must be a whole number from 1 to 1000')
    .max(1000, 'must be a whole number from 1 to 1000')
    .default(5),
  RATUSZ_SEED_DEMO: booleanSetting.optional(),
  CORS_ORIGINS: z.string().default(''),
  RATUSZ_REOPEN_WINDOW_DAYS: wholeNumberSetting(1, 365).default(DEFAULT_REOPEN_WINDOW_DAYS),
  RATUSZ_DEADLINE_CHECK_INTERVAL_SECONDS: wholeNumberSetting(0, 3600).default(60),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

/** Treat empty strings as unset, as shells and compose files often export `VAR=`. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/**
 * Reads and validates the settings from `env` once at start-up.
 *
 * Throws a `ConfigError` that names every invalid setting and what it accepts, so an operator
 * can fix them all in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = environmentSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = env[name];
        const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;

        return `${name} ${issue.message}${shown}`;
      }),
    );
  }

  const settings = parsed.data;
  if (settings.NODE_ENV === 'production' && !settings.RATUSZ_HASH_KEY) {
    throw new ConfigError([
      'RATUSZ_HASH_KEY is required when NODE_ENV=production: set it to a random secret of at least 16 characters',
    ]);
  }

  return {
    host: settings.HOST,
    port: settings.PORT,
    databaseUrl: settings.DATABASE_URL,
    sqlitePath: path.resolve(cwd, settings.SQLITE_PATH ?? 'data/ratusz.sqlite'),
    redisUrl: settings.REDIS_URL,
    logLevel: settings.LOG_LEVEL,
    hashKey: settings.RATUSZ_HASH_KEY ?? DEVELOPMENT_HASH_KEY,
    minAggregateCount: settings.RATUSZ_MIN_AGGREGATE_COUNT,
    seedDemo: settings.RATUSZ_SEED_DEMO ?? !settings.DATABASE_URL,
    corsOrigins: settings.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    reopenWindowDays: settings.RATUSZ_REOPEN_WINDOW_DAYS,
    deadlineCheckIntervalSeconds: settings.RATUSZ_DEADLINE_CHECK_INTERVAL_SECONDS,
  };
}

/** Names the database engine a configuration selects. */
export function databaseEngine(config: Pick<Config, 'databaseUrl'>): 'postgresql' | 'sqlite' {
  return config.databaseUrl ? 'postgresql' : 'sqlite';
}
