import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server';

describe('error masking', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('passes client errors through with their code', async () => {
    const response = await server.graphql(
      '{ cases(first: 1, after: "not-a-cursor") { totalCount } }',
    );

    expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    expect(response.errors?.[0]?.message).toMatch(/not-a-cursor/);
  });

  it('names the invalid field without echoing the input', async () => {
    const password = `unique-secret-${'p'.repeat(300)}`;
    const response = await server.graphql(
      `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`,
      { input: { login: 'someone@city.example', password } },
    );
    const error = response.errors?.[0];

    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toMatch(
      /^Invalid input\. password: password must be shorter than or equal to \d+ characters\.$/,
    );
    expect(error?.extensions?.validationErrors).toEqual([
      { field: 'password', problems: [expect.stringMatching(/password must be shorter/)] },
    ]);
    expect(JSON.stringify(response)).not.toMatch(/unique-secret|someone@city/);
  });

  it('leaves variable values out of coercion errors', async () => {
    const unknownField = await server.graphql(
      `mutation ($i: SignInInput!) { signIn(input: $i) { token } }`,
      {
        i: { login: 'someone@city.example', password: 'unique-secret-password', remember: true },
      },
    );
    const wrongType = await server.graphql(
      `mutation ($i: SignInInput!) { signIn(input: $i) { token } }`,
      {
        i: { login: 'someone@city.example', password: { secret: 'unique-secret-object' } },
      },
    );
    const wrongNumber = await server.graphql(
      `query ($first: Int) { cases(first: $first) { totalCount } }`,
      { first: 'unique-secret-count' },
    );

    expect(unknownField.errors?.[0]?.message).toBe(
      'Variable "$i" got an invalid value: Field "remember" is not defined by type "SignInInput".',
    );
    expect(wrongType.errors?.[0]?.message).toBe(
      'Variable "$i" got an invalid value at "i.password": String cannot represent a non string value.',
    );
    expect(wrongNumber.errors?.[0]?.message).toBe(
      'Variable "$first" got an invalid value: Int cannot represent non-integer value.',
    );
    for (const response of [unknownField, wrongType, wrongNumber]) {
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response)).not.toMatch(/unique-secret|someone@city/);
    }
  });

  it('hides an unexpected failure behind a request id', async () => {
    // Closing the database makes every query fail in a way no resolver expects.
    await server.orm.close(true);

    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'test-request-42' },
      body: JSON.stringify({ query: '{ cases(first: 1) { totalCount } }' }),
    });
    const body = (await response.json()) as {
      errors: { message: string; extensions: Record<string, unknown> }[];
    };

    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.message).toBe(
      'Internal server error. Quote the request id when reporting it.',
    );
    expect(body.errors[0]!.extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      requestId: 'test-request-42',
    });
    expect(JSON.stringify(body)).not.toMatch(/sqlite|postgres|knex|select/i);
  });
});
