import { describe, expect, it } from 'vitest';
import { checkForwardedBody } from './graphql-proxy';

describe('checkForwardedBody', () => {
  it('accepts a query with variables', () => {
    expect(
      checkForwardedBody({
        query: 'query Q($id: ID!) { case(id: $id) { id } }',
        variables: { id: '1' },
      }),
    ).toEqual({
      ok: true,
      request: { query: 'query Q($id: ID!) { case(id: $id) { id } }', variables: { id: '1' } },
    });
  });

  it('accepts a shorthand query without variables', () => {
    expect(checkForwardedBody({ query: '{ jurisdictions { totalCount } }' })).toEqual({
      ok: true,
      request: { query: '{ jurisdictions { totalCount } }', variables: {} },
    });
  });

  it('rejects a mutation', () => {
    expect(
      checkForwardedBody({ query: 'mutation { castBallot(input: {}) { ballotId } }' }),
    ).toEqual({
      ok: false,
      message: 'Only queries are forwarded, not a mutation: send it to the API directly.',
    });
  });

  it('rejects a document that hides a mutation after a query', () => {
    const query =
      'query A { jurisdictions { totalCount } } mutation B { openCase { case { id } } }';
    expect(checkForwardedBody({ query }).ok).toBe(false);
  });

  it('rejects a subscription', () => {
    expect(checkForwardedBody({ query: 'subscription { caseChanged { kind } }' }).ok).toBe(false);
  });

  it('rejects a body without a query', () => {
    expect(checkForwardedBody({ variables: {} })).toEqual({
      ok: false,
      message: 'The "query" field is missing: send the GraphQL query as a string.',
    });
  });

  it('rejects variables that are not an object', () => {
    expect(checkForwardedBody({ query: '{ a }', variables: [1] }).ok).toBe(false);
  });

  it('rejects text that is not GraphQL', () => {
    const check = checkForwardedBody({ query: 'not graphql' });
    expect(check.ok ? '' : check.message).toMatch(/^The query is not valid GraphQL: Syntax Error/);
  });

  it('rejects a JSON array', () => {
    expect(checkForwardedBody([{ query: '{ a }' }]).ok).toBe(false);
  });
});
