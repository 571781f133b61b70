import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pino, type DestinationStream } from 'pino';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Role } from '@ratusz/shared';
import { createAccount, signIn } from '../../src/modules/accounts/account.service';
import { Department } from '../../src/modules/cases/department.entity';
import { Jurisdiction } from '../../src/modules/cases/jurisdiction.entity';
import type { Orm } from '../../src/platform/database';
import { isRecordId } from '../../src/platform/ids';
import { loadConfig, type Config } from '../../src/platform/config';
import { createLogger, type Logger } from '../../src/platform/logger';
import { startServer, type RunningServer } from '../../src/platform/server';
import { createTestDatabase, type TestDatabase } from './database';
import { privacyScanFolder, RecordingWebSocket } from './public-responses';

export type GraphQLResponse<T = Record<string, any>> = {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
};

/** Every role a test account can hold. */
export type StaffOrResidentRole = Exclude<Role, 'PUBLIC'>;

export type TestServer = RunningServer & {
  config: Config;
  database: TestDatabase;
  /**
   * Sends one GraphQL operation over HTTP and returns the parsed response. Without `as`, the
   * request is anonymous; with it, the request carries a session token of a test account that
   * has that role (see `tokenFor`).
   */
  graphql: <T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { as?: StaffOrResidentRole; token?: string },
  ) => Promise<GraphQLResponse<T>>;
  /**
   * Returns a session token for a test account holding `role`, creating the account on first
   * use. Accounts are `test-<role>@ratusz.test`; agents and department managers belong to
   * `departmentId`, or to `test-department` when it is not given.
   */
  tokenFor: (role: StaffOrResidentRole, departmentId?: string) => Promise<string>;
  /**
   * Opens a graphql-ws client to this server, anonymous or with the token of `as`, closed with
   * the server. An anonymous client's messages go to the privacy scan.
   */
  wsClient: (options?: { as?: StaffOrResidentRole; token?: string }) => Client;
  stop: () => Promise<void>;
};

/** Builds a configuration for tests from the environment plus `overrides`. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    REDIS_URL: process.env.REDIS_URL,
    RATUSZ_HASH_KEY: 'test-hash-key-0123456789',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? (privacyScanFolder() ? 'debug' : 'silent'),
    HOST: '127.0.0.1',
    PORT: '0',
    RATUSZ_SEED_DEMO: 'false',
    // Tests send many requests from one address; the rate-limit tests turn the limit back on.
    RATUSZ_RATE_LIMIT_PER_MINUTE: '0',
    ...overrides,
  });
}

/**
 * Starts an API on a free loopback port with a database of its own. `logger` replaces the
 * silent test logger, for tests that read what the API logs.
 */
export async function startTestServer(
  overrides: Record<string, string | undefined> = {},
  logger?: Logger,
): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = testConfig({ ...database.env, ...overrides });
  const server = await startServer(config, logger ?? createLogger(config, 'ratusz-api', testLogDestination()));
  const clients: Client[] = [];
  const tokens = new Map<string, Promise<string>>();

  const tokenFor = (role: StaffOrResidentRole, departmentId?: string) => {
    const key = `${role}:${departmentId ?? ''}`;
    let token = tokens.get(key);
    if (!token) {
      token = createRoleToken(server, config, role, departmentId);
      tokens.set(key, token);
    }

    return token;
  };

  return {
    ...server,
    config,
    database,
    graphql: async (query, variables, options = {}) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const token = options.token ?? (options.as ? await tokenFor(options.as) : undefined);
      if (token) {
        headers.authorization = `Bearer ${token}`;
      }
      const response = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });

      return response.json() as Promise<GraphQLResponse<any>>;
    },
    tokenFor,
    wsClient: (options = {}) => {
      const token = options.token ?? (options.as ? tokenFor(options.as) : undefined);
      const client = createClient({
        url: server.wsUrl,
        webSocketImpl: token ? WebSocket : RecordingWebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: async () => (token ? { authorization: `Bearer ${await token}` } : {}),
      });
      clients.push(client);

      return client;
    },
    stop: async () => {
      await Promise.all(clients.map((client) => client.dispose()));
      await server.close();
      await database.drop();
    },
  };
}

/**
 * Returns a log file of its own in the privacy scan folder, which `privacy-scan.global.ts`
 * searches after the run, or undefined to log to stdout when the scan is off.
 */
function testLogDestination(): DestinationStream | undefined {
  const folder = privacyScanFolder();

  return folder ? pino.destination({ dest: path.join(folder, `${randomUUID()}.log`), sync: true }) : undefined;
}

/**
 * Starts a second API on the database of `first`, with its own connections, limiters and pub/sub
 * clients, as another process of the same deployment would run.
 */
export async function startSecondServer(
  first: TestServer,
  overrides: Record<string, string | undefined> = {},
): Promise<RunningServer> {
  const config = testConfig({ ...first.database.env, ...overrides });

  return startServer(config, testLogger(config));
}

/**
 * Creates a logger for code that a test runs in its own process (importers, a second server),
 * writing into the privacy scan folder like `startTestServer` does, instead of to stdout.
 */
export function testLogger(config: Pick<Config, 'logLevel'>): Logger {
  return createLogger(config, 'ratusz-api', testLogDestination());
}

/** Code of the jurisdiction that contains the departments `ensureDepartment` creates. */
const STAFF_JURISDICTION_CODE = 'test-staff';

/**
 * Creates a department with code `department` in the `test-staff` jurisdiction unless a
 * department of that code or id exists, so staff test accounts can name it.
 */
export async function ensureDepartment(orm: Orm, department: string): Promise<void> {
  const em = orm.em.fork();
  const where = isRecordId(department) ? { $or: [{ id: department }, { code: department }] } : { code: department };
  if ((await em.count(Department, where)) > 0) {
    return;
  }
  const jurisdiction =
    (await em.findOne(Jurisdiction, { code: STAFF_JURISDICTION_CODE })) ??
    em.create(Jurisdiction, { code: STAFF_JURISDICTION_CODE, name: 'Test staff' });
  em.create(Department, { jurisdiction, code: department, name: department });
  await em.flush();
}

/** Creates an account with one role and signs it in, returning the session token. */
async function createRoleToken(
  server: RunningServer,
  config: Config,
  role: StaffOrResidentRole,
  departmentId: string | undefined,
): Promise<string> {
  // Agents and department managers must belong to a department, so they get a default one.
  const department = departmentId ?? (role === 'AGENT' || role === 'DEPARTMENT_MANAGER' ? 'test-department' : undefined);
  const login = `test-${role.toLowerCase()}${department ? `-${department}` : ''}@ratusz.test`;
  const password = 'test password for every role';
  if (department) {
    await ensureDepartment(server.orm, department);
  }
  const created = await createAccount(server.orm.em.fork(), config, { login, password, roles: [role], departmentId: department }, null);
  if (created.errors.length > 0) {
    throw new Error(`creating the ${role} test account failed: ${JSON.stringify(created.errors)}`);
  }
  const result = await signIn(server.orm.em.fork(), config, login, password);
  if (!result.ok) {
    throw new Error(`signing in the ${role} test account failed: ${result.error.message}`);
  }

  return result.token;
}

/**
 * Collects the next `count` events of a subscription. Resolves once they arrived; rejects on a
 * subscription error.
 */
export function nextEvents<T>(client: Client, query: string, variables: Record<string, unknown>, count: number) {
  const received: T[] = [];
  let ready!: () => void;
  const subscribed = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const done = new Promise<T[]>((resolve, reject) => {
    const unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) {
            reject(new Error(JSON.stringify(value.errors)));
          }
          received.push(value.data as T);
          if (received.length >= count) {
            unsubscribe();
            resolve(received);
          }
        },
        error: reject,
        complete: () => resolve(received),
      },
    );
    // graphql-ws sends `subscribe` right after the connection is acknowledged; a short pause
    // gives the server time to register the subscription before the test publishes.
    client.on('connected', () => setTimeout(ready, 100));
  });

  return { subscribed, done };
}
