import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { OidcAccount } from '../../src/modules/accounts/oidc-account.entity';
import { oidcSettings, startIssuer, TEST_OIDC_AUDIENCE } from '../support/oidc-issuer';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

const AUDIENCE = TEST_OIDC_AUDIENCE;
const VIEWER = '{ viewer { id roles departmentId source } }';

// jose 6 is published as an ES module only, and this test compiles as CommonJS, so it loads jose
// dynamically.
type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
type KeyPair = Awaited<ReturnType<Jose['generateKeyPair']>>;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('OpenID Connect bearer tokens', () => {
  let issuer: { url: string; close: () => Promise<void> };
  let server: TestServer;
  let signingKey: KeyPair;
  let unknownKey: KeyPair;
  let jose: Jose;

  async function token(options: { key?: KeyPair; kid?: string; issuer?: string; audience?: string; expiresIn?: string | number; issuedAt?: number; subject?: string; claims?: Record<string, unknown> } = {}) {
    return new jose.SignJWT({ groups: ['city-clerks', 'book-club'], department: 'roads', ...options.claims })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'signing-key' })
      .setSubject(options.subject ?? 'user-1234')
      .setIssuer(options.issuer ?? issuer.url)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt(options.issuedAt)
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign((options.key ?? signingKey).privateKey);
  }

  async function viewerWith(bearer: string): Promise<{ status: number; body: GraphQLResponse }> {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query: VIEWER }),
    });

    return { status: response.status, body: (await response.json()) as GraphQLResponse };
  }

  beforeAll(async () => {
    jose = await import('jose');
    signingKey = await jose.generateKeyPair('RS256');
    unknownKey = await jose.generateKeyPair('RS256');
    const publicJwk = { ...(await jose.exportJWK(signingKey.publicKey)), kid: 'signing-key', alg: 'RS256', use: 'sig' };
    issuer = await startIssuer([publicJwk]);
    server = await startTestServer(
      oidcSettings(issuer.url, 'city-clerks=AGENT,city-auditors=AUDITOR'),
    );
  });

  afterAll(async () => {
    await server?.stop();
    await issuer?.close();
  });

  it('accepts a valid token and maps its claims', async () => {
    const { status, body } = await viewerWith(await token());

    expect(status).toBe(200);
    expect(body.data?.viewer.source).toBe('OIDC');
    expect(body.data?.viewer.roles).toEqual(['PUBLIC', 'AGENT']);
    expect(body.data?.viewer.departmentId).toBe('roads');
    expect(body.data?.viewer.id).toMatch(/^oidc:[A-Za-z0-9_-]{43}$/);
    expect(body.data?.viewer.id).not.toContain('user-1234');
  });

  it('gives the same viewer id for the same subject', async () => {
    const first = await viewerWith(await token());
    const second = await viewerWith(await token({ claims: { groups: [] } }));

    expect(second.body.data?.viewer.id).toBe(first.body.data?.viewer.id);
    expect(second.body.data?.viewer.roles).toEqual(['PUBLIC']);
  });

  it('records the user and their claims', async () => {
    const first = await viewerWith(await token());
    const id = first.body.data?.viewer.id as string;
    const recorded = await server.orm.em.fork().findOneOrFail(OidcAccount, { id });
    await viewerWith(await token({ claims: { groups: [], department: 'parks' } }));
    const changed = await server.orm.em.fork().findOneOrFail(OidcAccount, { id });

    expect(recorded.roles).toEqual(['AGENT']);
    expect(recorded.departmentId).toBe('roads');
    expect(changed.roles).toEqual([]);
    expect(changed.departmentId).toBe('parks');
    expect(changed.firstSeenAt).toEqual(recorded.firstSeenAt);
  });

  it('keeps the record of a newer token over an older one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const newer = await viewerWith(await token({ subject: 'user-5678', issuedAt: now, claims: { groups: [] } }));
    const id = newer.body.data?.viewer.id as string;

    const older = await viewerWith(await token({ subject: 'user-5678', issuedAt: now - 60 }));
    const stored = await server.orm.em.fork().findOneOrFail(OidcAccount, { id });

    expect(older.status).toBe(200);
    expect(older.body.data?.viewer.roles).toEqual(['PUBLIC', 'AGENT']);
    expect(stored.roles).toEqual([]);
    expect(stored.tokenIssuedAt).toEqual(new Date(now * 1000));
  });

  it.each([
    ['a NUL character', 'roads\u0000x'],
    ['an empty string', ''],
    ['121 characters', 'r'.repeat(121)],
    ['a number', 7],
  ])('ignores a department claim with %s', async (_case, department) => {
    const { status, body } = await viewerWith(await token({ claims: { department } }));

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.viewer.roles).toEqual(['PUBLIC', 'AGENT']);
    expect(body.data?.viewer.departmentId).toBeNull();
  });

  it.each([
    ['expired', () => token({ expiresIn: Math.floor(Date.now() / 1000) - 120 })],
    ['wrong audience', () => token({ audience: 'another-app' })],
    ['wrong issuer', () => token({ issuer: 'http://127.0.0.1:1/other' })],
    ['unknown key', () => token({ key: unknownKey, kid: 'other-key' })],
    ['known kid, other key', () => token({ key: unknownKey })],
  ])('rejects a token with %s', async (_case, makeToken) => {
    const { status, body } = await viewerWith(await makeToken());

    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('rejects alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'user-1234', iss: issuer.url, aud: AUDIENCE, iat: now, exp: now + 300, groups: ['city-auditors'] })}.`;

    const { status, body } = await viewerWith(unsigned);

    expect(status).toBe(401);
    expect(body.errors?.[0]?.message).toMatch(/ALG_NOT_ALLOWED|JWS_INVALID/);
  });

  it('rejects a token signed with a shared secret', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-that-an-attacker-picked');
    const forged = await new jose.SignJWT({ groups: ['city-auditors'] })
      .setProtectedHeader({ alg: 'HS256', kid: 'signing-key' })
      .setSubject('user-1234')
      .setIssuer(issuer.url)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(secret);

    const { status } = await viewerWith(forged);

    expect(status).toBe(401);
  });
  it('closes a WebSocket when its token expires', async () => {
    // jose accepts a token for 30 seconds past `exp` to allow for clock skew, so this token is
    // accepted now and expires about two seconds later.
    const expiring = await token({ expiresIn: Math.floor(Date.now() / 1000) - 28 });
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => {},
      connectionParams: { authorization: `Bearer ${expiring}` },
    });
    const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
    const closeCode = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    client.subscribe({ query: 'subscription { caseChanged { kind } }' }, { next: () => {}, error: () => {}, complete: () => {} });

    await connected;
    const code = await closeCode;
    await client.dispose();

    expect(code).toBe(4401);
  });
});
