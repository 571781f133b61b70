import { createHash, randomInt } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config';
import { startTestServer, type TestServer } from '../support/server';

const ALLOWED_ORIGIN = 'https://dashboard.city.example';
const QUERY = '{ serverInfo { version } }';
// With REDIS_URL, request counters outlive the test for a minute, so every run uses client
// addresses of its own.
const NETWORK = `10.${randomInt(0, 256)}.${randomInt(0, 256)}`;

/** Opens a raw WebSocket with an Origin header and reports the handshake status. */
function handshake(url: string, origin: string | undefined, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', origin ? { origin, headers } : { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) {
        reject(error);
      }
    });
  });
}

/** Returns a WebSocket class for graphql-ws whose handshakes are forwarded for `address`. */
function forwardedWebSocket(address: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { 'x-forwarded-for': address } });
    }
  } as typeof WebSocket;
}

type OperationOutcome = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Runs one operation on an open graphql-ws client and returns its result or its errors. */
function runOperation(client: Client, query: string): Promise<OperationOutcome> {
  return new Promise((resolve) => {
    let outcome: OperationOutcome = {};
    client.subscribe(
      { query },
      {
        next: (value) => {
          outcome = value as OperationOutcome;
        },
        error: (error) => resolve({ errors: Array.isArray(error) ? error : [{ message: String(error) }] }),
        complete: () => resolve(outcome),
      },
    );
  });
}

/**
 * Opens a graphql-ws client forwarded for `address` and runs `count` operations on it one after
 * another, reporting whether the socket closed meanwhile.
 */
async function runOperationsOverSocket(url: string, address: string, count: number) {
  const client = createClient({ url, webSocketImpl: forwardedWebSocket(address), retryAttempts: 0, lazy: false });
  let closed = false;
  client.on('closed', () => {
    closed = true;
  });
  const outcomes: OperationOutcome[] = [];
  for (let operation = 0; operation < count; operation += 1) {
    outcomes.push(await runOperation(client, QUERY));
  }
  const closedBeforeDispose = closed;
  await client.dispose();

  return { outcomes, closed: closedBeforeDispose };
}

describe('HTTP hardening', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      CORS_ORIGINS: ALLOWED_ORIGIN,
      RATUSZ_RATE_LIMIT_PER_MINUTE: '5',
      RATUSZ_TRUSTED_PROXIES: '127.0.0.1',
      // Requests without X-Forwarded-For come from 127.0.0.1 and are not counted.
      RATUSZ_RATE_LIMIT_EXEMPT: '192.0.2.10,127.0.0.1',
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('answers 429 with Retry-After over the request limit', async () => {
    const address = { 'x-forwarded-for': `${NETWORK}.20` };
    const statuses: number[] = [];
    for (let request = 0; request < 5; request += 1) {
      statuses.push((await post({ query: QUERY }, address)).status);
    }

    const limited = await post({ query: QUERY }, address);
    const body = (await limited.json()) as { errors: { extensions: { code: string } }[] };
    const otherClient = await post({ query: QUERY }, { 'x-forwarded-for': `${NETWORK}.21` });

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
    expect(otherClient.status).toBe(200);
  });

  it('ignores X-Forwarded-For entries left of the nearest hop', async () => {
    const statuses: number[] = [];
    for (let request = 0; request < 6; request += 1) {
      // A client cannot escape the limit by varying the addresses it claims to forward for.
      statuses.push((await post({ query: QUERY }, { 'x-forwarded-for': `10.9.9.${request}, ${NETWORK}.30` })).status);
    }

    expect(statuses.at(-1)).toBe(429);
  });

  it('applies the request limit to Open311', async () => {
    const discovery = server.url.replace(/\/graphql$/, '/open311/v2/discovery.json');
    const statuses: number[] = [];
    for (let request = 0; request < 6; request += 1) {
      statuses.push((await fetch(discovery, { headers: { 'x-forwarded-for': `${NETWORK}.45` } })).status);
    }

    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
  });

  it('exempts listed addresses from the request limit', async () => {
    const statuses: number[] = [];
    for (let request = 0; request < 8; request += 1) {
      statuses.push((await post({ query: QUERY }, { 'x-forwarded-for': '192.0.2.10' })).status);
    }

    expect(statuses.every((status) => status === 200)).toBe(true);
  });

  it('rejects a simple form POST', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `${NETWORK}.40` },
      body: `query=${encodeURIComponent('mutation { signOut { revoked } }')}`,
    });
    const text = await response.text();

    expect(response.status).toBe(400);
    expect(text).toMatch(/CSRF/i);
  });

  it('rejects a GET without a preflight header', async () => {
    const url = `${server.url}?query=${encodeURIComponent(QUERY)}`;

    const bare = await fetch(url, { headers: { 'x-forwarded-for': `${NETWORK}.41` } });
    const preflighted = await fetch(url, { headers: { 'apollo-require-preflight': 'true', 'x-forwarded-for': `${NETWORK}.41` } });

    expect(bare.status).toBe(400);
    expect(preflighted.status).toBe(200);
  });

  it('allows CORS for a listed origin only', async () => {
    const preflight = (origin: string) =>
      fetch(server.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'x-forwarded-for': `${NETWORK}.42` },
      });

    const allowed = await preflight(ALLOWED_ORIGIN);
    const other = await preflight('https://attacker.example');

    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('checks the WebSocket Origin against CORS_ORIGINS', async () => {
    expect(await handshake(server.wsUrl, ALLOWED_ORIGIN)).toBe(101);
    expect(await handshake(server.wsUrl, 'https://attacker.example')).toBe(403);
    expect(await handshake(server.wsUrl, undefined)).toBe(101);
  });

  it('applies the request limit to WebSocket handshakes', async () => {
    const address = { 'x-forwarded-for': `${NETWORK}.50` };
    for (let request = 0; request < 5; request += 1) {
      await post({ query: QUERY }, address);
    }

    expect(await handshake(server.wsUrl, ALLOWED_ORIGIN, address)).toBe(429);
  });

  it('counts WebSocket operations against the request limit', async () => {
    const address = `${NETWORK}.55`;
    // The handshake is the first of the 5 requests, so 4 operations go through.
    const { outcomes, closed } = await runOperationsOverSocket(server.wsUrl, address, 7);
    const http = await post({ query: QUERY }, { 'x-forwarded-for': address });

    for (const outcome of outcomes.slice(0, 4)) {
      expect(outcome.errors).toBeUndefined();
      expect(outcome.data).toEqual({ serverInfo: { version: expect.any(String) } });
    }
    for (const outcome of outcomes.slice(4)) {
      expect(outcome.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(outcome.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
      expect(outcome.errors?.[0]?.message).toContain('Too many requests from this address');
    }
    expect(closed).toBe(false);
    expect(http.status).toBe(429);
  });

  it.runIf(process.env.REDIS_URL)('shares WebSocket operation counts through Redis', async () => {
    const address = `${NETWORK}.56`;
    // A second API process: its own database, but the Redis prefix of the first.
    const other = await startTestServer({
      REDIS_PREFIX: server.config.redisPrefix,
      RATUSZ_RATE_LIMIT_PER_MINUTE: '5',
      RATUSZ_TRUSTED_PROXIES: '127.0.0.1',
      RATUSZ_RATE_LIMIT_EXEMPT: '127.0.0.1',
    });
    try {
      const { outcomes } = await runOperationsOverSocket(server.wsUrl, address, 3);
      const statuses: number[] = [];
      for (let request = 0; request < 2; request += 1) {
        const response = await fetch(other.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
          body: JSON.stringify({ query: QUERY }),
        });
        statuses.push(response.status);
      }

      // Handshake and 3 operations on one process leave 1 request for the other.
      expect(outcomes.map((outcome) => outcome.errors)).toEqual([undefined, undefined, undefined]);
      expect(statuses).toEqual([200, 429]);
    } finally {
      await other.stop();
    }
  });

  it('closes a WebSocket with an invalid token', async () => {
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: { authorization: 'Bearer rzs_unknown' },
    });
    const closed = await new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    await client.dispose();

    // 4401, unlike 4403, tells graphql-ws clients not to retry with the same token.
    expect(closed).toBe(4401);
  });

  it('serves automatic persisted queries', async () => {
    const sha256Hash = createHash('sha256').update(QUERY).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const address = { 'x-forwarded-for': `${NETWORK}.43` };

    const unknown = (await (await post({ extensions }, address)).json()) as { errors: { extensions: { code: string } }[] };
    const registered = await post({ query: QUERY, extensions }, address);
    const byHash = (await (await post({ extensions }, address)).json()) as { data: unknown };

    expect(unknown.errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(registered.status).toBe(200);
    expect(byHash.data).toEqual({ serverInfo: { version: expect.any(String) } });
  });
});

describe('introspection setting', () => {
  const base = { RATUSZ_HASH_KEY: 'production-key-0123456789' };

  it('defaults to off in production', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).introspection).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('rejects introspection over HTTP and WebSocket when off', async () => {
    const server = await startTestServer({ GRAPHQL_INTROSPECTION: 'false' });
    try {
      const http = await server.graphql('{ __schema { queryType { name } } }');
      const client = server.wsClient();
      const ws = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: '{ __schema { queryType { name } } }' }, { next: resolve, error: resolve, complete: () => {} });
      });
      const regular = await server.graphql(QUERY);

      expect(http.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(ws)).toMatch(/introspection/i);
      expect(regular.data).toBeDefined();
    } finally {
      await server.stop();
    }
  });
});
