import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, disableAccount } from '../../src/modules/accounts/account.service';
import { AccountSession } from '../../src/modules/accounts/account.entity';
import { AuditEvent } from '../../src/platform/audit/audit-event.entity';
import { verifyAuditChain } from '../../src/platform/audit/audit';
import { ensureDepartment, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

// With REDIS_URL, sign-in counters outlive the test for 15 minutes, so every run uses logins and
// client addresses of its own.
const RUN = randomBytes(4).toString('hex');
const NETWORK = `10.${randomInt(0, 256)}.${randomInt(0, 256)}`;

const ADMIN = { login: `admin-${RUN}@city.example`, password: 'correct horse battery staple' };
const RESIDENT = { login: `Resident-${RUN}@Example.org`, password: 'resident password 123' };

const SIGN_IN = `mutation ($input: SignInInput!) {
  signIn(input: $input) { token expiresAt viewer { id roles source } errors { code message } }
}`;
const CREATE_ACCOUNT = `mutation ($input: CreateAccountInput!) {
  createAccount(input: $input) { account { id roles verificationLevel departmentId } errors { code field } }
}`;
const VIEWER = '{ viewer { id roles verificationLevel departmentId source } }';

type Sent = { status: number; retryAfter: string | null; body: GraphQLResponse };

describe('local accounts', () => {
  let server: TestServer;
  let addressCounter = 0;

  /** Sends an operation; each call comes from a new client address unless `address` is given. */
  async function send(query: string, variables: Record<string, unknown> = {}, options: { token?: string; address?: string } = {}): Promise<Sent> {
    addressCounter += 1;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-forwarded-for': options.address ?? `${NETWORK}.${addressCounter % 250}`,
    };
    if (options.token) {
      headers.authorization = `Bearer ${options.token}`;
    }
    const response = await fetch(server.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });

    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as GraphQLResponse };
  }

  async function signIn(credentials: { login: string; password: string }, address?: string): Promise<string> {
    const sent = await send(SIGN_IN, { input: credentials }, { address });
    const token = sent.body.data?.signIn.token as string | null;
    if (!token) {
      throw new Error(`sign-in failed: ${JSON.stringify(sent.body)}`);
    }

    return token;
  }

  beforeAll(async () => {
    server = await startTestServer({
      RATUSZ_SIGN_IN_LIMIT_PER_ACCOUNT: '3',
      RATUSZ_SIGN_IN_LIMIT_PER_ADDRESS: '5',
      RATUSZ_TRUSTED_PROXIES: '127.0.0.1',
    });
    await ensureDepartment(server.orm, 'roads');
    const created = await createAccount(server.orm.em.fork(), server.config, { ...ADMIN, roles: ['ADMINISTRATOR'] }, null);
    if (!created.account) {
      throw new Error(JSON.stringify(created.errors));
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('reports an anonymous viewer', async () => {
    const sent = await send(VIEWER);

    expect(sent.body.data?.viewer).toEqual({ id: null, roles: ['PUBLIC'], verificationLevel: null, departmentId: null, source: 'ANONYMOUS' });
  });

  it('signs in and reports the viewer', async () => {
    const sent = await send(SIGN_IN, { input: ADMIN });
    const token = sent.body.data?.signIn.token as string;
    const viewer = await send(VIEWER, {}, { token });

    expect(token).toMatch(/^rzs_[A-Za-z0-9_-]{43}$/);
    expect(new Date(sent.body.data?.signIn.expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    expect(viewer.body.data?.viewer.roles).toEqual(['PUBLIC', 'ADMINISTRATOR']);
    expect(viewer.body.data?.viewer.source).toBe('SESSION');
    expect(viewer.body.data?.viewer.id).toBe(sent.body.data?.signIn.viewer.id);
  });

  it('rejects a wrong password', async () => {
    const sent = await send(SIGN_IN, { input: { login: ADMIN.login, password: 'wrong password here' } });

    expect(sent.body.data?.signIn.token).toBeNull();
    expect(sent.body.data?.signIn.errors[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('rejects an unknown login alike', async () => {
    const sent = await send(SIGN_IN, { input: { login: 'nobody@city.example', password: ADMIN.password } });

    expect(sent.body.data?.signIn.token).toBeNull();
    expect(sent.body.data?.signIn.errors[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('answers an unknown token with 401', async () => {
    const sent = await send(VIEWER, {}, { token: 'rzs_not-a-real-token' });

    expect(sent.status).toBe(401);
    expect(sent.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a malformed Authorization header with 401', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic YWRtaW46YWRtaW4=' },
      body: JSON.stringify({ query: VIEWER }),
    });

    expect(response.status).toBe(401);
  });

  it('rejects createAccount without sign-in', async () => {
    const sent = await send(CREATE_ACCOUNT, { input: { ...RESIDENT, roles: ['RESIDENT'] } });

    expect(sent.status).toBe(401);
    expect(sent.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(sent.body.errors?.[0]?.message).toMatch(/createAccount/);
  });

  it('lets an administrator create a resident', async () => {
    const token = await signIn(ADMIN);

    const sent = await send(CREATE_ACCOUNT, { input: { ...RESIDENT, roles: ['RESIDENT'], verificationLevel: 'EMAIL_CONFIRMED' } }, { token });

    expect(sent.body.data?.createAccount.errors).toEqual([]);
    expect(sent.body.data?.createAccount.account.roles).toEqual(['RESIDENT']);
    expect(sent.body.data?.createAccount.account.verificationLevel).toBe('EMAIL_CONFIRMED');
  });

  it('signs in with a differently written login', async () => {
    const token = await signIn({ login: `  ${RESIDENT.login.toLowerCase()} `, password: RESIDENT.password });
    const viewer = await send(VIEWER, {}, { token });

    expect(viewer.body.data?.viewer.roles).toEqual(['PUBLIC', 'RESIDENT']);
    expect(viewer.body.data?.viewer.verificationLevel).toBe('EMAIL_CONFIRMED');
  });

  it('forbids createAccount to a resident', async () => {
    const token = await signIn(RESIDENT);

    const sent = await send(CREATE_ACCOUNT, { input: { login: 'other@example.org', password: 'another password', roles: ['RESIDENT'] } }, { token });

    expect(sent.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(sent.body.errors?.[0]?.message).toMatch(/ADMINISTRATOR/);
    expect(sent.body.data).toBeNull();
  });

  it('returns input errors from createAccount', async () => {
    const token = await signIn(ADMIN);

    const invalid = await send(CREATE_ACCOUNT, { input: { login: `agent-${RUN}@city.example`, password: 'short', roles: ['AGENT'] } }, { token });
    const taken = await send(CREATE_ACCOUNT, { input: { ...RESIDENT, roles: ['RESIDENT'] } }, { token });

    const codes = invalid.body.data?.createAccount.errors.map((error: { code: string }) => error.code);
    expect(codes).toEqual(['WEAK_PASSWORD', 'DEPARTMENT_REQUIRED']);
    expect(invalid.body.data?.createAccount.account).toBeNull();
    expect(taken.body.data?.createAccount.errors[0].code).toBe('LOGIN_TAKEN');
  });

  it.each(['Roads Dept', '<script>alert(1)</script>', 'unknown-department'])('rejects createAccount department %j', async (departmentId) => {
    const token = await signIn(ADMIN);

    const sent = await send(
      CREATE_ACCOUNT,
      { input: { login: `stray-${RUN}@city.example`, password: 'agent password 123', roles: ['AGENT'], departmentId } },
      { token },
    );
    const errors = sent.body.data?.createAccount.errors;

    expect(sent.body.errors).toBeUndefined();
    expect(sent.body.data?.createAccount.account).toBeNull();
    expect(errors).toEqual([{ code: 'DEPARTMENT_NOT_FOUND', field: ['departmentId'] }]);
  });

  it('creates a staff account with a department', async () => {
    const token = await signIn(ADMIN);

    const sent = await send(
      CREATE_ACCOUNT,
      { input: { login: `agent-${RUN}@city.example`, password: 'agent password 123', roles: ['AGENT'], departmentId: 'roads' } },
      { token },
    );
    const agentToken = await signIn({ login: `agent-${RUN}@city.example`, password: 'agent password 123' });
    const viewer = await send(VIEWER, {}, { token: agentToken });

    expect(sent.body.data?.createAccount.account.departmentId).toBe('roads');
    expect(viewer.body.data?.viewer.departmentId).toBe('roads');
  });

  it('revokes the session on signOut', async () => {
    const token = await signIn(RESIDENT);

    const signedOut = await send('mutation { signOut { revoked errors { code } } }', {}, { token });
    const after = await send(VIEWER, {}, { token });

    expect(signedOut.body.data?.signOut.revoked).toBe(true);
    expect(after.status).toBe(401);
  });

  it('rejects an expired session', async () => {
    const token = await signIn(RESIDENT);
    const viewer = await send(VIEWER, {}, { token });
    await server.orm.em.fork().nativeUpdate(AccountSession, { account: viewer.body.data?.viewer.id }, { expiresAt: new Date(Date.now() - 1000) });

    const after = await send(VIEWER, {}, { token });

    expect(viewer.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('limits sign-in attempts per account', async () => {
    const account = { login: `limited-${RUN}@example.org`, password: 'limited password 1' };
    await createAccount(server.orm.em.fork(), server.config, { ...account, roles: ['RESIDENT'] }, null);
    const wrong = { login: account.login, password: 'wrong password 123' };

    const attempts: Sent[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      attempts.push(await send(SIGN_IN, { input: wrong }));
    }
    const rightPassword = await send(SIGN_IN, { input: account });

    expect(attempts.slice(0, 3).map((sent) => sent.status)).toEqual([200, 200, 200]);
    expect(attempts[3]!.status).toBe(429);
    expect(attempts[3]!.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(Number(attempts[3]!.retryAfter)).toBeGreaterThan(0);
    expect(rightPassword.status).toBe(429);
  });

  it('limits sign-in attempts per address', async () => {
    const address = `${NETWORK}.251`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const sent = await send(SIGN_IN, { input: { login: `guess-${attempt}-${RUN}@example.org`, password: 'guessed password' } }, { address });
      statuses.push(sent.status);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('stops a disabled account', async () => {
    const account = { login: `leaver-${RUN}@city.example`, password: 'leaver password 1' };
    await createAccount(server.orm.em.fork(), server.config, { ...account, roles: ['RESIDENT'] }, null);
    const token = await signIn(account);

    await disableAccount(server.orm.em.fork(), server.config, account.login, null);
    const after = await send(VIEWER, {}, { token });
    const again = await send(SIGN_IN, { input: account });

    expect(after.status).toBe(401);
    expect(again.body.data?.signIn.errors[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('audits account changes without personal values', async () => {
    const events = await server.orm.em.fork().find(AuditEvent, {}, { orderBy: { position: 'asc' } });
    const stored = JSON.stringify(events);

    expect(events.map((event) => event.action)).toContain('account.created');
    expect(events.map((event) => event.action)).toContain('session.created');
    expect(events.map((event) => event.action)).toContain('session.revoked');
    expect(events.map((event) => event.action)).toContain('account.disabled');
    expect(stored).not.toContain('example.org');
    expect(stored).not.toContain('city.example');
    expect((await verifyAuditChain(server.orm.em.fork())).broken).toBeNull();
  });
});
