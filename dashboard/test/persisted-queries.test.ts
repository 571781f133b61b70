import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postPersisted, requestGraphQL, sha256Hex } from '../src/lib/graphql-client';
import {
  createDatabase,
  freePort,
  repoRoot,
  startService,
  waitForHttp,
  type Service,
  type TestDatabase,
} from './support/stack';

/**
 * The dashboard's server code sends its queries to the API as automatic persisted queries. The
 * API runs as its own process, as in production; the test records what the client sends.
 */

const API_MAIN = path.join(repoRoot, 'api', 'dist', 'main.js');
const QUERY = '{ serverInfo { version } }';

describe.skipIf(!fs.existsSync(API_MAIN))('persisted queries from the dashboard', () => {
  let database: TestDatabase;
  let api: Service;
  let apiUrl: string;
  const sent: Record<string, unknown>[] = [];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    database = await createDatabase();
    const port = await freePort();
    api = startService('node', [API_MAIN], {
      env: {
        ...database.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        RATUSZ_SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
      },
    });
    apiUrl = `http://127.0.0.1:${port}/graphql`;
    await waitForHttp(`http://127.0.0.1:${port}/health`, api);
    // Records each request body on its way to the real API.
    globalThis.fetch = (input, init) => {
      if (typeof init?.body === 'string') {
        sent.push(JSON.parse(init.body) as Record<string, unknown>);
      }

      return realFetch(input, init);
    };
  });

  afterAll(async () => {
    globalThis.fetch = realFetch;
    await api?.stop();
    await database?.drop();
  });

  it('sends the full query once, then its hash only', async () => {
    const first = await requestGraphQL<{ serverInfo: { version: string } }>(
      apiUrl,
      QUERY,
      {},
      {},
      true,
    );
    const firstRequests = sent.splice(0);
    const second = await requestGraphQL<{ serverInfo: { version: string } }>(
      apiUrl,
      QUERY,
      {},
      {},
      true,
    );
    const secondRequests = sent.splice(0);
    const extensions = { persistedQuery: { version: 1, sha256Hash: await sha256Hex(QUERY) } };

    expect(first.serverInfo.version).toMatch(/\d/);
    expect(second).toEqual(first);
    // The API did not know the hash at first, so the client sent the query after it.
    expect(firstRequests).toEqual([
      { variables: {}, extensions },
      { query: QUERY, variables: {}, extensions },
    ]);
    expect(secondRequests).toEqual([{ variables: {}, extensions }]);
  });

  it('passes on the API errors of a query sent by hash', async () => {
    const response = await postPersisted(apiUrl, { query: '{ noSuchField }', variables: {} });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };

    expect(body.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('computes the hash that Apollo expects', async () => {
    // SHA-256 of the empty string, from FIPS 180-2.
    expect(await sha256Hex('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});
