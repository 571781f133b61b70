import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/platform/http';
import { QUERY_LIMITS } from '../src/platform/server';
import { startTestServer, type TestServer } from './support/server';

/**
 * Queries built to exhaust the server: deep, wide, aliased, fragment-expanding, cyclic,
 * batched and oversize. Each is rejected with the error code the README lists, while a
 * legitimate query sent repeatedly at the same time keeps getting its normal response.
 */

type Rejection = { status: number; code: string | undefined; message: string };

/** Nests `levels` jurisdiction-to-categories hops inside a cases query, three levels each. */
function deepQuery(levels: number): string {
  let selection = 'id';
  for (let level = 0; level < levels; level += 1) {
    selection = `jurisdiction { categories(first: 1) { edges { node { ${selection} } } } }`;
  }

  return `{ cases(first: 1) { edges { node { ${selection} } } } }`;
}

/** Selects `count` aliased category lists (at most the alias limit) next to a full case list. */
function wideQuery(count: number): string {
  const fields = Array.from(
    { length: Math.min(count, QUERY_LIMITS.maxAliases) },
    (_, index) => `f${index}: categories(first: 100) { edges { node { id name code } } }`,
  );

  return `{ ${fields.join(' ')} cases(first: 100) { edges { node { id number status channel createdAt updatedAt latitude longitude category { id name code } district { id name } jurisdiction { id name } } } } }`;
}

/** Fragments that each spread the previous one twice: 2^levels copies of the innermost field. */
function fragmentBomb(levels: number): string {
  const fragments = ['fragment F0 on Query { serverInfo { version } }'];
  for (let level = 1; level <= levels; level += 1) {
    fragments.push(`fragment F${level} on Query { ...F${level - 1} ...F${level - 1} }`);
  }

  return `{ ...F${levels} } ${fragments.join(' ')}`;
}

async function send(
  server: TestServer,
  body: string,
  contentType = 'application/json',
): Promise<Rejection & { data?: unknown }> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };

  return {
    status: response.status,
    data: parsed.data,
    code: parsed.errors?.[0]?.extensions?.code,
    message: parsed.errors?.[0]?.message ?? '',
  };
}

const query = (text: string) => JSON.stringify({ query: text });

describe('hostile queries', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  const attacks: [string, () => string, number, string, RegExp][] = [
    ['deep query', () => query(deepQuery(6)), 400, 'GRAPHQL_VALIDATION_FAILED', /depth/i],
    [
      'wide query over the cost limit',
      () => query(wideQuery(30)),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /cost/i,
    ],
    [
      'alias bomb',
      () =>
        query(
          `{ ${Array.from({ length: 500 }, (_, index) => `a${index}: serverInfo { version }`).join(' ')} }`,
        ),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /alias/i,
    ],
    [
      'fragment bomb',
      () => query(fragmentBomb(40)),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /cost|depth|alias/i,
    ],
    [
      'cyclic fragments',
      () =>
        query(
          '{ ...A } fragment A on Query { serverInfo { version } ...B } fragment B on Query { ...A }',
        ),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /cycle|cannot spread/i,
    ],
    [
      'self-spreading fragment',
      () => query('{ ...A } fragment A on Query { ...A }'),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /cannot spread/i,
    ],
    [
      'directive bomb',
      () => query(`{ serverInfo ${'@include(if: true) '.repeat(200)}{ version } }`),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /directive/i,
    ],
    [
      'token bomb',
      () => query(`{ serverInfo { ${'version '.repeat(QUERY_LIMITS.maxTokens)} } }`),
      400,
      'GRAPHQL_PARSE_FAILED',
      /token/i,
    ],
    [
      'batch of operations',
      () =>
        JSON.stringify(
          Array.from({ length: 100 }, () => ({ query: '{ serverInfo { version } }' })),
        ),
      400,
      'BAD_REQUEST',
      /batch/i,
    ],
    [
      'body over the size limit',
      () => query(`{ serverInfo { version } } # ${'x'.repeat(MAX_BODY_BYTES)}`),
      413,
      'PAYLOAD_TOO_LARGE',
      /larger than/,
    ],
    [
      'body that is not JSON',
      () => '{"query": "{ serverInfo { version } }"',
      400,
      'BAD_REQUEST',
      /not valid JSON/,
    ],
  ];

  it.each(attacks)('rejects a %s', async (_name, build, status, code, message) => {
    const response = await send(server, build());

    expect(response.status).toBe(status);
    expect(response.code).toBe(code);
    expect(response.message).toMatch(message);
    expect(response.data).toBeUndefined();
  });

  it('keeps answering during the attacks', async () => {
    let attacking = true;
    const answers: unknown[] = [];
    const legitimate = (async () => {
      while (attacking) {
        const response = await server.graphql('{ serverInfo { version } }');
        answers.push(response.data?.serverInfo ?? response.errors);
      }
    })();

    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => attacks.map(([, build]) => send(server, build()))).flat(),
    );
    attacking = false;
    await legitimate;

    expect(outcomes.filter((outcome) => outcome.status < 400)).toEqual([]);
    expect(answers.length).toBeGreaterThan(0);
    expect(
      answers.filter((answer) => !(answer && typeof answer === 'object' && 'version' in answer)),
    ).toEqual([]);
  });

  it.each([
    [
      'cyclic fragments',
      'subscription { ...A } fragment A on Subscription { ...B } fragment B on Subscription { ...A }',
      /cannot spread/i,
    ],
    [
      'fragment bomb',
      `subscription { ...F20 } fragment F0 on Subscription { tallyUpdated(editionId: "x") { ballotCount } } ${Array.from(
        { length: 20 },
        (_, index) => `fragment F${index + 1} on Subscription { ...F${index} ...F${index} }`,
      ).join(' ')}`,
      /cost|alias|token/i,
    ],
  ])('rejects %s over WebSocket', async (_name, subscription, message) => {
    const client = server.wsClient();

    const outcome = await new Promise<string>((resolve) => {
      client.subscribe(
        { query: subscription },
        {
          next: (value) => resolve(JSON.stringify(value)),
          error: (error) => resolve(JSON.stringify(error)),
          complete: () => resolve('completed without an error'),
        },
      );
    });

    expect(outcome).toMatch(message);
  });
});
