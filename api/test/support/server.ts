import 'reflect-metadata';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig, type Config } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { startServer, type RunningServer } from '../../src/platform/server';
import { createTestDatabase, type TestDatabase } from './database';

export type GraphQLResponse<T = Record<string, any>> = {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
};

export type TestServer = RunningServer & {
  config: Config;
  database: TestDatabase;
  /** Sends one GraphQL operation over HTTP and returns the parsed response. */
  graphql: <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse<T>>;
  /** Opens a graphql-ws client to this server; closed with the server. */
  wsClient: () => Client;
  stop: () => Promise<void>;
};

/** Builds a configuration for tests from the environment plus `overrides`. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    REDIS_URL: process.env.REDIS_URL,
    RATUSZ_HASH_KEY: 'test-hash-key-0123456789',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    RATUSZ_SEED_DEMO: 'false',
    // Tests send many requests from one address; the rate-limit tests turn the limit back on.
    RATUSZ_RATE_LIMIT_PER_MINUTE: '0',
    ...overrides,
  });
}

/** Starts an API on a free loopback port with a database of its own. */
export async function startTestServer(overrides: Record<string, string | undefined> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = testConfig({ ...database.env, ...overrides });
  const server = await startServer(config, createLogger(config));
  const clients: Client[] = [];

  return {
    ...server,
    config,
    database,
    graphql: async (query, variables) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });

      return response.json() as Promise<GraphQLResponse<any>>;
    },
    wsClient: () => {
      const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
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
