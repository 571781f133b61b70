import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server';

describe('API server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('reports health of database and pub/sub', async () => {
    const response = await fetch(server.url.replace('/graphql', '/health'));
    const body = (await response.json()) as Record<string, string>;

    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.database).toBe('ok');
    expect(body.pubsub).toBe(process.env.REDIS_URL ? 'ok (redis)' : 'ok (in-process)');
  });

  it('answers a query on the GraphQL path', async () => {
    const response = await server.graphql('{ serverInfo { databaseEngine pubSubTransport } }');

    expect(response).toEqual({
      data: {
        serverInfo: {
          databaseEngine: process.env.DATABASE_URL ? 'postgresql' : 'sqlite',
          pubSubTransport: process.env.REDIS_URL ? 'redis' : 'in-process',
        },
      },
    });
  });

  it('rejects a body over the size limit with 413', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ serverInfo { version } } #${'x'.repeat(1_100_000)}` }),
    });

    expect(response.status).toBe(413);
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });

    expect(response.status).toBe(400);
  });

  it('answers 404 with the routes it serves', async () => {
    const response = await fetch(server.url.replace('/graphql', '/nowhere'));

    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /use \/graphql, \/health, \/open311\/v2\/ or \/exports\/consultations\//,
    );
  });
});
