import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/logger';
import { seedDemoIfEmpty } from '../src/modules/demo/seed';
import { startTestServer, type TestServer } from './support/server';

describe('hostile requests', () => {
  let server: TestServer;
  let editionId: string;
  let statementId: string;
  let jurisdictionId: string;
  let categoryId: string;

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoIfEmpty(server.orm, server.config, createLogger({ logLevel: 'silent' }));
    const ids = await server.graphql(`{
      budgetEditions { edges { node { id } } }
      consultations { edges { node { statements(first: 1) { edges { node { id } } } } } }
      jurisdictions { edges { node { id } } }
      categories(first: 1) { edges { node { id } } }
    }`);
    editionId = ids.data!.budgetEditions.edges[0].node.id;
    statementId = ids.data!.consultations.edges[0].node.statements.edges[0].node.id;
    jurisdictionId = ids.data!.jurisdictions.edges[0].node.id;
    categoryId = ids.data!.categories.edges[0].node.id;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('rejects more than 30 aliases over HTTP', async () => {
    const aliases = Array.from({ length: 31 }, (_, index) => `a${index}: serverInfo { version }`).join(' ');

    const response = await server.graphql(`{ ${aliases} }`);

    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('applies the same limits over WebSocket', async () => {
    const aliases = Array.from({ length: 31 }, (_, index) => `a${index}: tallyUpdated(editionId: $id) { ballotCount }`).join(' ');
    const client = server.wsClient();

    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: `subscription ($id: ID!) { ${aliases} }`, variables: { id: editionId } },
        { next: resolve, error: resolve, complete: () => {} },
      );
    });

    expect(JSON.stringify(outcome)).toMatch(/alias/i);
  });

  it('answers a subscription over HTTP with 400', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `subscription { tallyUpdated(editionId: "${editionId}") { ballotCount } }` }),
    });
    const body = (await response.json()) as { errors: { message: string }[] };

    expect(response.status).toBe(400);
    expect(body.errors[0]!.message).toMatch(/served over WebSocket/);
  });

  it('rejects batched HTTP requests', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ serverInfo { version } }' }, { query: '{ serverInfo { version } }' }]),
    });

    expect(response.status).toBe(400);
  });

  it('returns null for an id that is not a UUID', async () => {
    const response = await server.graphql('{ budgetEdition(id: "1 or 1=1") { id } consultation(id: "x") { id } case(id: "x") { id } }');

    expect(response).toEqual({ data: { budgetEdition: null, consultation: null, case: null } });
  });

  it('rejects cursors it did not issue', async () => {
    const forged = Buffer.from('offset:01').toString('base64url');

    const response = await server.graphql(`{ cases(after: "${forged}") { totalCount } }`);

    expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', 'v'.repeat(201)],
    ['control characters', 'voter\u0001one'],
  ])('rejects a %s voter id', async (_name, voterId) => {
    const before = await server.graphql(`{ budgetEdition(id: "${editionId}") { tally { ballotCount } } }`);

    const response = await server.graphql(
      `mutation ($input: CastBallotInput!) { castBallot(input: $input) { ballotId errors { code field } } }`,
      { input: { editionId, voterId, projectIds: [] } },
    );
    const after = await server.graphql(`{ budgetEdition(id: "${editionId}") { tally { ballotCount } } }`);

    expect(response.data!.castBallot).toEqual({ ballotId: null, errors: [{ code: 'INVALID_PERSON_ID', field: ['voterId'] }] });
    expect(after.data!.budgetEdition.tally.ballotCount).toBe(before.data!.budgetEdition.tally.ballotCount);
  });

  it('rejects a ballot for an edition id that is not a UUID', async () => {
    const response = await server.graphql(
      `mutation ($input: CastBallotInput!) { castBallot(input: $input) { errors { code } } }`,
      { input: { editionId: "'; drop table ballot; --", voterId: 'someone', projectIds: [] } },
    );

    expect(response.data!.castBallot.errors).toEqual([{ code: 'EDITION_NOT_FOUND' }]);
  });

  it('rejects a ballot that claims the import channel', async () => {
    const query = `mutation ($input: CastBallotInput!) { castBallot(input: $input) { ballotId errors { code } } }`;
    const input = { editionId, voterId: 'someone-new', projectIds: [], channel: 'IMPORT' };
    const anonymous = await server.graphql(query, { input });
    const agent = await server.graphql(query, { input }, { as: 'AGENT' });

    expect(anonymous.data).toBeNull();
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(agent.data!.castBallot).toEqual({ ballotId: null, errors: [{ code: 'INVALID_CHANNEL' }] });
  });

  it('shortens errors that quote a huge value', async () => {
    const response = await server.graphql('query ($after: String) { cases(first: 1, after: $after) { totalCount } }', {
      after: 'x'.repeat(100_000),
    });

    expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    expect(response.errors![0]!.message.length).toBeLessThan(1_100);
    expect(response.errors![0]!.message).toMatch(/more characters\)$/);
  });

  it('leaves a huge variable value out of its type error', async () => {
    const response = await server.graphql('query ($first: Int) { cases(first: $first) { totalCount } }', {
      first: 'x'.repeat(100_000),
    });

    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toBe('Variable "$first" got an invalid value: Int cannot represent non-integer value.');
  });

  it('rejects a blank participant id', async () => {
    const response = await server.graphql(
      `mutation ($input: CastStatementVoteInput!) { castStatementVote(input: $input) { result { agree } errors { code } } }`,
      { input: { statementId, participantId: ' ', vote: 'AGREE' } },
    );

    expect(response.data!.castStatementVote).toEqual({ result: null, errors: [{ code: 'INVALID_PERSON_ID' }] });
  });

  it('rejects a description with a control character and writes nothing', async () => {
    const before = await server.graphql('{ cases { totalCount } }');

    const response = await server.graphql(
      `mutation ($input: OpenCaseInput!) { openCase(input: $input) { case { id } errors { code } } }`,
      { input: { jurisdictionId, categoryId, channel: 'WEB', description: 'broken\u0007text' } },
    );
    const after = await server.graphql('{ cases { totalCount } }');

    expect(response.data!.openCase).toEqual({ case: null, errors: [{ code: 'INVALID_DESCRIPTION' }] });
    expect(after.data!.cases.totalCount).toBe(before.data!.cases.totalCount);
  });

  it.each([
    ['NUL character', 'broken\u0000text', /NUL character/],
    ['unpaired surrogate', 'broken \uD800 text', /unpaired UTF-16 surrogate \(U\+D800\)/],
  ])('rejects a variable with a %s', async (_name, description, message) => {
    const before = await server.graphql('{ cases { totalCount } }');

    const response = await server.graphql(
      `mutation ($input: OpenCaseInput!) { openCase(input: $input) { case { id } } }`,
      { input: { jurisdictionId, categoryId, channel: 'WEB', description } },
    );
    const after = await server.graphql('{ cases { totalCount } }');

    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toMatch(message);
    expect(response.errors![0]!.message).toContain('$input.description');
    expect(after.data!.cases.totalCount).toBe(before.data!.cases.totalCount);
  });

  it('rejects a string literal with a NUL character', async () => {
    const response = await server.graphql(
      `mutation { openCase(input: { jurisdictionId: "${jurisdictionId}", categoryId: "${categoryId}", channel: WEB, description: "a\\u0000b" }) { case { id } } }`,
    );

    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toMatch(/string literal contains a NUL character/);
  });

  it('rejects a control character in operationName', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Q { __typename }', operationName: 'x\u0000' }),
    });
    const text = await response.text();

    expect(response.status).toBe(400);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(text).not.toContain('\\u0000');
    expect(text).toMatch(/operationName contains a control character/);
  });

  it('rejects deeply nested variables', async () => {
    // Written as text, because JSON.stringify itself overflows the stack on this value.
    const nested = `${'['.repeat(20_000)}"leaf"${']'.repeat(20_000)}`;

    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":"{ __typename }","variables":{"x":${nested}}}`,
    });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };

    expect(response.status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors![0]!.message).toMatch(/nested more than 64 lists or objects deep/);
  });

  it('accepts variables nested 64 levels deep', async () => {
    let nested: unknown = 'leaf';
    for (let level = 0; level < 64; level += 1) {
      nested = { a: nested };
    }

    const response = await server.graphql('{ __typename }', { x: nested });

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ __typename: 'Query' });
  });

  it('rejects a NUL character over WebSocket', async () => {
    const client = server.wsClient();

    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription ($id: ID!) { tallyUpdated(editionId: $id) { ballotCount } }', variables: { id: 'a\u0000b' } },
        { next: resolve, error: resolve, complete: () => resolve('completed without an error') },
      );
    });

    expect(JSON.stringify(outcome)).toMatch(/Variable \$id contains a NUL character/);
  });
});
