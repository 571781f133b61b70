import net from 'node:net';
import path from 'node:path';
import { DEFAULT_REOPEN_WINDOW_DAYS, isRole, type Role } from '@ratusz/shared';
import { z } from 'zod';

/** Log levels accepted by pino, in increasing verbosity. */
const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** The development key for identifier hashing. Start-up warns while it is in use. */
export const DEVELOPMENT_HASH_KEY = 'ratusz-development-key-change-me';

/** Validated start-up settings. Read once by `loadConfig` and passed down explicitly. */
export type Config = {
  host: string;
  port: number;
  /**
   * Public base URL that clients reach this API at, without a trailing slash, such as
   * https://311.example.org. Links the API publishes (the Open311 discovery endpoints) start
   * with it. When unset they start with http://HOST:PORT of the listening socket.
   */
  publicUrl: string | undefined;
  /** PostgreSQL connection URL. When absent, the API uses the SQLite file at `sqlitePath`. */
  databaseUrl: string | undefined;
  sqlitePath: string;
  /** Redis URL for pub/sub across API processes. When absent, pub/sub stays in process. */
  redisUrl: string | undefined;
  /** Prefix of every Redis pub/sub channel and key, so deployments sharing one Redis stay apart. */
  redisPrefix: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Secret key for the keyed hashes that replace voter and participant identifiers. */
  hashKey: string;
  /** Public aggregates over fewer cases than this (heatmap cells, district counts) are hidden. */
  minAggregateCount: number;
  /** Fill an empty database with the generated demo city at start-up. */
  seedDemo: boolean;
  /** Origins allowed by CORS. An empty list allows same-origin requests only. */
  corsOrigins: string[];
  /** Serve schema introspection. Off by default when NODE_ENV=production. */
  introspection: boolean;
  /** Lifetime of a session token issued by sign-in, in hours. */
  sessionTtlHours: number;
  /**
   * Seconds a WebSocket connection's viewer is trusted before its token is checked again; 0
   * checks it before every event.
   */
  webSocketSessionCheckSeconds: number;
  /** GraphQL HTTP requests, WebSocket connections and WebSocket operations allowed per client address per minute; 0 turns the limit off. */
  requestsPerMinute: number;
  /** Sign-in attempts allowed per account per 15 minutes (`SIGN_IN_WINDOW_SECONDS`). */
  signInLimitPerAccount: number;
  /** Sign-in attempts allowed per client address per 15 minutes (`SIGN_IN_WINDOW_SECONDS`). */
  signInLimitPerAddress: number;
  /** Addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` header names the client. */
  trustedProxies: string[];
  /** Addresses or CIDR ranges exempt from the request rate limit, such as the dashboard server. */
  rateLimitExempt: string[];
  /** OpenID Connect issuer whose tokens the API accepts, or undefined when OIDC is off. */
  oidc: OidcConfig | undefined;
  /** Days after a case's resolution during which the resident may confirm the fix or reopen it. */
  reopenWindowDays: number;
  /** Seconds between runs of the case deadline checker; 0 turns the checker off. */
  deadlineCheckIntervalSeconds: number;
  /** Seconds between checks that push consultation results opened by a scheduled time; 0 turns the checks off. */
  consultationScheduleIntervalSeconds: number;
  /** Seconds between passes of the webhook delivery worker; 0 turns the worker off. */
  webhookIntervalSeconds: number;
  /** Seconds after which one webhook request is aborted and counted as a failed attempt. */
  webhookTimeoutSeconds: number;
  /** Attempts after which a webhook delivery is marked FAILED for administrators to see. */
  webhookMaxAttempts: number;
  /** Seconds after which a district boundary check is stopped and the import rejected. */
  boundaryCheckTimeoutSeconds: number;
  /** Inbound e-mail endpoint settings; the endpoint is off while `secret` is unset. */
  inboundEmail: {
    secret: string | undefined;
    maxBytes: number;
    jurisdictionCode: string | undefined;
    categoryCode: string | undefined;
  };
  /** SMTP settings for status e-mails, or undefined when `SMTP_URL` is unset. */
  smtp: { url: string; from: string; outboxIntervalSeconds: number } | undefined;
  /** Radius around a new report within which open cases of its category are offered as duplicates, in metres. */
  duplicateRadiusMeters: number;
};

/** Settings for verifying bearer tokens from an OpenID Connect issuer. */
export type OidcConfig = {
  issuer: string;
  audience: string;
  /** JWS algorithms accepted in token headers. */
  algorithms: string[];
  /** Claim that lists the holder's groups or roles, as a dot-separated path such as `realm_access.roles`. */
  rolesClaim: string;
  /** Claim value to Ratusz role. When empty, claim values that equal a role name are taken as is. */
  roleMapping: Map<string, Role>;
  /** Claim that names a staff member's department, if the issuer sends one. */
  departmentClaim: string | undefined;
};

/** Asymmetric JWS algorithms an issuer may sign with. Shared-secret (HS*) and `none` are not accepted. */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

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

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An issuer URL: https, or http on a loopback host for local development and tests. */
const issuerSetting = z.string().refine((value) => {
  try {
    const url = new URL(value);

    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}, 'must be an https:// URL (http:// is accepted on 127.0.0.1 and localhost only)');

const publicUrlSetting = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);

      return (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        url.username === '' &&
        url.password === '' &&
        url.search === '' &&
        url.hash === ''
      );
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL without credentials, query or fragment, such as https://311.example.org')
  .transform((value) => new URL(value).href.replace(/\/+$/, ''));

/** Reports whether `entry` is an IP address or a CIDR range such as `10.0.0.0/8`. */
export function isAddressOrRange(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (family === 0 || extra !== undefined) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  const bits = Number(prefix);

  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** Widest ranges accepted: IPv4 /8 (such as 10.0.0.0/8) and IPv6 /7 (fc00::/7). */
const WIDEST_PREFIX = { 4: 8, 6: 7 } as const;

/**
 * Reports whether `entry` is a CIDR range wider than any private network, such as 0.0.0.0/1 or
 * ::ffff:0.0.0.0/96: with two of them a list could match every client.
 */
export function isTooWideRange(entry: string): boolean {
  const [address = '', prefix] = entry.split('/');
  if (prefix === undefined) {
    return false;
  }
  const bits = Number(prefix);
  const family = net.isIP(address);
  if (family === 6 && /^::ffff:/i.test(address)) {
    // IPv4-mapped addresses: ::ffff:0.0.0.0/96 is all of IPv4.
    return bits - 96 < WIDEST_PREFIX[4];
  }

  return family === 4 ? bits < WIDEST_PREFIX[4] : bits < WIDEST_PREFIX[6];
}

const addressListSetting = z
  .string()
  .default('')
  .refine(
    (value) => commaList(value).every(isAddressOrRange),
    'must be a comma-separated list of IP addresses or CIDR ranges, such as 10.0.0.5,172.16.0.0/12',
  )
  .refine(
    (value) => !commaList(value).some(isTooWideRange),
    'must not contain a range wider than /8 for IPv4 or /7 for IPv6, which would match clients as well as your own machines; list the addresses of your proxies or networks',
  );

/** Reports whether `entry` is a bare web origin: scheme, host and optional port, nothing else. */
export function isWebOrigin(entry: string): boolean {
  try {
    const url = new URL(entry);

    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry;
  } catch {
    return false;
  }
}

const originListSetting = z
  .string()
  .default('')
  .refine(
    (value) => !commaList(value).includes('*'),
    "must list each allowed origin; '*' is not accepted, because it would let any web site call the API with a visitor's session",
  )
  .refine(
    (value) => commaList(value).every((entry) => entry === '*' || isWebOrigin(entry)),
    'must be a comma-separated list of origins without a path or trailing slash, such as https://dashboard.example.org,http://127.0.0.1:3000',
  );

const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: portSetting.default(4000),
  RATUSZ_PUBLIC_URL: publicUrlSetting.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SQLITE_PATH: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or the characters _ . : -')
    .default('ratusz:'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  RATUSZ_HASH_KEY: z.string().min(16, 'must be at least 16 characters long').optional(),
  RATUSZ_MIN_AGGREGATE_COUNT: z.coerce
    .number({ error: 'must be a whole number from 1 to 1000' })
    .int('must be a whole number from 1 to 1000')
    .min(1, 'must be a whole number from 1 to 1000')
    .max(1000, 'must be a whole number from 1 to 1000')
    .default(5),
  RATUSZ_SEED_DEMO: booleanSetting.optional(),
  CORS_ORIGINS: originListSetting,
  GRAPHQL_INTROSPECTION: booleanSetting.optional(),
  RATUSZ_SESSION_TTL_HOURS: wholeNumberSetting(1, 720).default(12),
  RATUSZ_WS_SESSION_CHECK_SECONDS: wholeNumberSetting(0, 3600).default(30),
  RATUSZ_RATE_LIMIT_PER_MINUTE: wholeNumberSetting(0, 1_000_000).default(600),
  RATUSZ_SIGN_IN_LIMIT_PER_ACCOUNT: wholeNumberSetting(1, 1000).default(10),
  RATUSZ_SIGN_IN_LIMIT_PER_ADDRESS: wholeNumberSetting(1, 100_000).default(100),
  RATUSZ_TRUSTED_PROXIES: addressListSetting,
  RATUSZ_RATE_LIMIT_EXEMPT: addressListSetting,
  OIDC_ISSUER: issuerSetting.optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_ALGORITHMS: z.string().default('RS256,ES256'),
  OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  OIDC_ROLE_MAPPING: z.string().default(''),
  OIDC_DEPARTMENT_CLAIM: z.string().min(1).optional(),
  RATUSZ_REOPEN_WINDOW_DAYS: wholeNumberSetting(1, 365).default(DEFAULT_REOPEN_WINDOW_DAYS),
  RATUSZ_DEADLINE_CHECK_INTERVAL_SECONDS: wholeNumberSetting(0, 3600).default(60),
  RATUSZ_CONSULTATION_SCHEDULE_INTERVAL_SECONDS: wholeNumberSetting(0, 3600).default(15),
  RATUSZ_WEBHOOK_INTERVAL_SECONDS: wholeNumberSetting(0, 3600).default(5),
  RATUSZ_WEBHOOK_TIMEOUT_SECONDS: wholeNumberSetting(1, 60).default(10),
  RATUSZ_WEBHOOK_MAX_ATTEMPTS: wholeNumberSetting(1, 30).default(12),
  RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS: wholeNumberSetting(1, 3600).default(60),
  RATUSZ_INBOUND_EMAIL_SECRET: z.string().min(16, 'must be at least 16 characters long').optional(),
  RATUSZ_INBOUND_EMAIL_MAX_BYTES: wholeNumberSetting(1_000, 50_000_000).default(10_000_000),
  RATUSZ_INBOUND_EMAIL_JURISDICTION: z.string().min(1).optional(),
  RATUSZ_INBOUND_EMAIL_CATEGORY: z.string().min(1).optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL').optional(),
  SMTP_FROM: z.string().min(3).optional(),
  RATUSZ_EMAIL_OUTBOX_INTERVAL_SECONDS: wholeNumberSetting(1, 3600).default(15),
  RATUSZ_DUPLICATE_RADIUS_METERS: wholeNumberSetting(1, 5000).default(100),
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

  const oidc = settings.OIDC_ISSUER ? oidcConfig(settings) : undefined;
  if (settings.SMTP_URL && !settings.SMTP_FROM) {
    throw new ConfigError(['SMTP_FROM is required when SMTP_URL is set: give the sender address, such as "City 311 <311@example.org>"']);
  }

  return {
    host: settings.HOST,
    port: settings.PORT,
    publicUrl: settings.RATUSZ_PUBLIC_URL,
    databaseUrl: settings.DATABASE_URL,
    sqlitePath: path.resolve(cwd, settings.SQLITE_PATH ?? 'data/ratusz.sqlite'),
    redisUrl: settings.REDIS_URL,
    redisPrefix: settings.REDIS_PREFIX,
    logLevel: settings.LOG_LEVEL,
    hashKey: settings.RATUSZ_HASH_KEY ?? DEVELOPMENT_HASH_KEY,
    minAggregateCount: settings.RATUSZ_MIN_AGGREGATE_COUNT,
    seedDemo: settings.RATUSZ_SEED_DEMO ?? !settings.DATABASE_URL,
    corsOrigins: commaList(settings.CORS_ORIGINS),
    introspection: settings.GRAPHQL_INTROSPECTION ?? settings.NODE_ENV !== 'production',
    sessionTtlHours: settings.RATUSZ_SESSION_TTL_HOURS,
    webSocketSessionCheckSeconds: settings.RATUSZ_WS_SESSION_CHECK_SECONDS,
    requestsPerMinute: settings.RATUSZ_RATE_LIMIT_PER_MINUTE,
    signInLimitPerAccount: settings.RATUSZ_SIGN_IN_LIMIT_PER_ACCOUNT,
    signInLimitPerAddress: settings.RATUSZ_SIGN_IN_LIMIT_PER_ADDRESS,
    trustedProxies: commaList(settings.RATUSZ_TRUSTED_PROXIES),
    rateLimitExempt: commaList(settings.RATUSZ_RATE_LIMIT_EXEMPT),
    oidc,
    reopenWindowDays: settings.RATUSZ_REOPEN_WINDOW_DAYS,
    deadlineCheckIntervalSeconds: settings.RATUSZ_DEADLINE_CHECK_INTERVAL_SECONDS,
    consultationScheduleIntervalSeconds: settings.RATUSZ_CONSULTATION_SCHEDULE_INTERVAL_SECONDS,
    webhookIntervalSeconds: settings.RATUSZ_WEBHOOK_INTERVAL_SECONDS,
    webhookTimeoutSeconds: settings.RATUSZ_WEBHOOK_TIMEOUT_SECONDS,
    webhookMaxAttempts: settings.RATUSZ_WEBHOOK_MAX_ATTEMPTS,
    boundaryCheckTimeoutSeconds: settings.RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS,
    inboundEmail: {
      secret: settings.RATUSZ_INBOUND_EMAIL_SECRET,
      maxBytes: settings.RATUSZ_INBOUND_EMAIL_MAX_BYTES,
      jurisdictionCode: settings.RATUSZ_INBOUND_EMAIL_JURISDICTION,
      categoryCode: settings.RATUSZ_INBOUND_EMAIL_CATEGORY,
    },
    smtp: settings.SMTP_URL
      ? { url: settings.SMTP_URL, from: settings.SMTP_FROM!, outboxIntervalSeconds: settings.RATUSZ_EMAIL_OUTBOX_INTERVAL_SECONDS }
      : undefined,
    duplicateRadiusMeters: settings.RATUSZ_DUPLICATE_RADIUS_METERS,
  };
}

function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Validates the OIDC settings together, because they only make sense as a set. */
function oidcConfig(settings: z.infer<typeof environmentSchema>): OidcConfig {
  const issues: string[] = [];
  if (!settings.OIDC_AUDIENCE) {
    issues.push('OIDC_AUDIENCE is required when OIDC_ISSUER is set: use the client id the issuer puts in `aud`');
  }

  const algorithms = commaList(settings.OIDC_ALGORITHMS);
  const unknown = algorithms.filter((algorithm) => !(OIDC_ALGORITHMS as readonly string[]).includes(algorithm));
  if (algorithms.length === 0 || unknown.length > 0) {
    issues.push(`OIDC_ALGORITHMS must list algorithms from ${OIDC_ALGORITHMS.join(', ')} (got ${JSON.stringify(settings.OIDC_ALGORITHMS)})`);
  }

  const roleMapping = new Map<string, Role>();
  for (const entry of commaList(settings.OIDC_ROLE_MAPPING)) {
    const [claimValue, role] = entry.split('=').map((part) => part.trim());
    if (!claimValue || !role || !isRole(role)) {
      issues.push(`OIDC_ROLE_MAPPING entry ${JSON.stringify(entry)} is invalid: write claimValue=ROLE with a Ratusz role such as AGENT`);
      continue;
    }
    roleMapping.set(claimValue, role);
  }
  if (issues.length > 0) {
    throw new ConfigError(issues);
  }

  return {
    issuer: settings.OIDC_ISSUER!,
    audience: settings.OIDC_AUDIENCE!,
    algorithms,
    rolesClaim: settings.OIDC_ROLES_CLAIM,
    roleMapping,
    departmentClaim: settings.OIDC_DEPARTMENT_CLAIM,
  };
}

/** Names the database engine a configuration selects. */
export function databaseEngine(config: Pick<Config, 'databaseUrl'>): 'postgresql' | 'sqlite' {
  return config.databaseUrl ? 'postgresql' : 'sqlite';
}
