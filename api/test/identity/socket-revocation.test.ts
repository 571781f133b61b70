import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '@ratusz/shared';
import { createAccount, disableAccount, signIn } from '../../src/modules/accounts/account.service';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { caseSnapshot } from '../../src/modules/cases/case.mapper';
import { ensureDepartment, startTestServer, type TestServer } from '../support/server';
import { seedCases } from '../cases/fixtures';

const CASE_CHANGED = `subscription { caseChanged { kind case { number } } }`;
const SET_ACCOUNT_ROLES = `mutation ($input: SetAccountRolesInput!) { setAccountRoles(input: $input) { errors { code } } }`;

/** A subscription whose events and close code the test reads. */
type Watch = { events: unknown[]; errors: unknown[]; closeCode: Promise<number>; subscribed: Promise<void> };

describe('WebSocket session checks', () => {
  let server: TestServer;
  let caseId: string;

  beforeAll(async () => {
    // 0 checks the viewer before every event, so a revocation takes effect on the next event.
    server = await startTestServer({ RATUSZ_WS_SESSION_CHECK_SECONDS: '0' });
    const city = await seedCases(server.orm, 'rv', 'Revocation City', [{ category: 'Potholes', createdAt: '2024-01-01T00:00:00Z' }]);
    caseId = city.cases[0]!;
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await server?.stop();
  });

  const clients: Client[] = [];
  /**
   * Opens a client like `server.wsClient`, but quiet: the expected close codes would otherwise
   * be printed as errors of a non-lazy client.
   */
  function connect(options: { token?: string } = {}): Client {
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => {},
      connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : {},
    });
    clients.push(client);

    return client;
  }

  /** Creates an account with its own session, so revoking it leaves the other tests' tokens alone. */
  async function session(roles: Role[]) {
    const login = `socket-${randomUUID()}@ratusz.test`;
    const password = 'a password long enough for tests';
    await ensureDepartment(server.orm, 'roads');
    const created = await createAccount(server.orm.em.fork(), server.config, { login, password, roles, departmentId: 'roads' }, null);
    const signedIn = await signIn(server.orm.em.fork(), server.config, login, password);
    if (!signedIn.ok || !created.account) {
      throw new Error('creating the test session failed');
    }

    return { login, token: signedIn.token, accountId: created.account.id };
  }

  function watch(client: Client): Watch {
    const events: unknown[] = [];
    const errors: unknown[] = [];
    const closeCode = new Promise<number>((resolve) => {
      client.on('closed', (event) => resolve((event as { code: number }).code));
    });
    // As in `nextEvents`, a short pause after the connection is acknowledged lets the server
    // register the subscription before the test publishes.
    const subscribed = new Promise<void>((resolve) => {
      client.on('connected', () => setTimeout(resolve, 100));
    });
    client.subscribe({ query: CASE_CHANGED }, { next: (value) => events.push(value), error: (error) => errors.push(error), complete: () => {} });

    return { events, errors, closeCode, subscribed };
  }

  async function publishCaseChanged() {
    const entity = await server.orm.em
      .fork()
      .findOneOrFail(ServiceCase, { id: caseId }, { populate: ['jurisdiction', 'category', 'district', 'department'] });
    await server.events.pubSub.publish('CASE_CHANGED', { kind: 'UPDATED', case: caseSnapshot(entity) });
  }

  /** Publishes one event and waits until every watch in `receivers` has it. */
  async function deliverOne(receivers: Watch[]) {
    const before = receivers.map((receiver) => receiver.events.length);
    await publishCaseChanged();
    await vi.waitFor(() => receivers.forEach((receiver, index) => expect(receiver.events.length).toBe(before[index]! + 1)), { timeout: 5_000 });
  }

  it('closes the socket with 4401 after sign-out', async () => {
    const { token } = await session(['AGENT']);
    const revoked = watch(connect({ token }));
    const control = watch(connect({ token: await server.tokenFor('AGENT') }));
    await Promise.all([revoked.subscribed, control.subscribed]);
    await deliverOne([revoked, control]);

    const signOut = await server.graphql(`mutation { signOut { revoked } }`, {}, { token });
    await deliverOne([control]);

    expect(signOut.data?.signOut.revoked).toBe(true);
    expect(await revoked.closeCode).toBe(4401);
    expect(revoked.events).toHaveLength(1);
    expect(control.events).toHaveLength(2);
  });

  it('closes the socket with 4401 when the account is disabled', async () => {
    const { token, login } = await session(['AGENT']);
    const disabled = watch(connect({ token }));
    await disabled.subscribed;
    await deliverOne([disabled]);

    await disableAccount(server.orm.em.fork(), server.config, login, null);
    await publishCaseChanged();

    expect(await disabled.closeCode).toBe(4401);
    expect(disabled.events).toHaveLength(1);
  });

  it('closes the socket with 4403 when the roles change', async () => {
    const { token, accountId } = await session(['AGENT']);
    const changed = watch(connect({ token }));
    await changed.subscribed;
    await deliverOne([changed]);

    const set = await server.graphql(SET_ACCOUNT_ROLES, { input: { accountId, roles: ['RESIDENT'] } }, { as: 'ADMINISTRATOR' });
    await publishCaseChanged();

    expect(set.data?.setAccountRoles.errors).toEqual([]);
    expect(await changed.closeCode).toBe(4403);
    expect(changed.events).toHaveLength(1);
  });

  it('closes an idle socket after sign-out', async () => {
    const { token } = await session(['RESIDENT']);
    const idle = watch(connect({ token }));
    await idle.subscribed;

    await server.graphql(`mutation { signOut { revoked } }`, {}, { token });

    // No event is published: the periodic check closes the socket.
    expect(await idle.closeCode).toBe(4401);
    expect(idle.events).toHaveLength(0);
  });

  it('rejects a signed-out token with 4401', async () => {
    const { token } = await session(['AGENT']);
    await server.graphql(`mutation { signOut { revoked } }`, {}, { token });

    const rejected = watch(connect({ token }));

    expect(await rejected.closeCode).toBe(4401);
    expect(rejected.events).toHaveLength(0);
  });

  it('keeps anonymous sockets open', async () => {
    const anonymous = watch(connect());
    await anonymous.subscribed;

    await deliverOne([anonymous]);
    await deliverOne([anonymous]);

    expect(anonymous.errors).toEqual([]);
  });
});

describe('WebSocket sign-out and role change', () => {
  let server: TestServer;

  beforeAll(async () => {
    // An hour between checks, longer than the test may run: only sign-out or a role change can
    // close the socket.
    server = await startTestServer({ RATUSZ_WS_SESSION_CHECK_SECONDS: '3600' });
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** Opens a subscribed client and resolves once the server has acknowledged the connection. */
  async function subscribed(token: string) {
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => {},
      connectionParams: { authorization: `Bearer ${token}` },
    });
    const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
    const closeCode = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    client.subscribe({ query: CASE_CHANGED }, { next: () => {}, error: () => {}, complete: () => {} });
    await connected;

    return { client, closeCode };
  }

  it('closes the session at once', async () => {
    const token = await server.tokenFor('RESIDENT');
    const { client, closeCode } = await subscribed(token);

    const signOut = await server.graphql(`mutation { signOut { revoked } }`, {}, { token });
    const code = await closeCode;
    await client.dispose();

    expect(signOut.data?.signOut.revoked).toBe(true);
    expect(code).toBe(4401);
  });

  it('closes sockets at once on a role change', async () => {
    const token = await server.tokenFor('AGENT', 'roads');
    const viewer = await server.graphql('{ viewer { id } }', {}, { token });
    const { client, closeCode } = await subscribed(token);

    const set = await server.graphql(
      SET_ACCOUNT_ROLES,
      { input: { accountId: viewer.data?.viewer.id, roles: ['RESIDENT'] } },
      { as: 'ADMINISTRATOR' },
    );
    // No event is published and the periodic check is an hour away: the mutation closes it.
    const code = await closeCode;
    await client.dispose();

    expect(set.data?.setAccountRoles.errors).toEqual([]);
    expect(code).toBe(4403);
  });
});
