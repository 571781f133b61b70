import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@ratusz/shared';
import { createAccount, disableAccount, signIn } from '../../src/modules/accounts/account.service';
import type { RunningServer } from '../../src/platform/server';
import { createKey } from '../open311/support';
import { ensureDepartment, startTestServer, type TestServer, startSecondServer } from '../support/server';

/**
 * A committed change of an account, session or API key makes every API process check its open
 * WebSockets of that credential at once. The periodic check is set to an hour here, so a socket
 * that closes within the test was closed by the announcement, not by the sweep.
 */

const HOUR = '3600';
const accountCommand = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'account.js');
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.warn(
    'Cross-process sign-out test skipped: set REDIS_URL to run two APIs that share Redis.',
  );
}

/** Opens an idle subscription and returns promises of its connection and its close code. */
function idleSocket(wsUrl: string, connectionParams: Record<string, string>, clients: Client[]) {
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
    connectionParams,
  });
  clients.push(client);
  const closeCode = new Promise<number>((resolve) =>
    client.on('closed', (event) => resolve((event as { code: number }).code)),
  );
  const connected = new Promise<void>((resolve) =>
    client.on('connected', () => setTimeout(resolve, 100)),
  );
  client.subscribe(
    { query: `subscription { caseChanged { kind } }` },
    { next: () => {}, error: () => {}, complete: () => {} },
  );

  return { closeCode, connected };
}

async function sessionOf(server: RunningServer & { config: TestServer['config'] }, roles: Role[]) {
  const login = `fanout-${randomUUID()}@ratusz.test`;
  const password = 'a password long enough for tests';
  await ensureDepartment(server.orm, 'roads');
  await createAccount(
    server.orm.em.fork(),
    server.config,
    { login, password, roles, departmentId: 'roads' },
    null,
  );
  const signedIn = await signIn(server.orm.em.fork(), server.config, login, password);
  if (!signedIn.ok) {
    throw new Error('signing in the test account failed');
  }

  return { login, token: signedIn.token };
}

describe('access changes reach open WebSockets at once', () => {
  let server: TestServer;
  const clients: Client[] = [];

  beforeAll(async () => {
    server = await startTestServer({ RATUSZ_WS_SESSION_CHECK_SECONDS: HOUR });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await server?.stop();
  });

  it('closes the socket of a disabled account with 4401', async () => {
    const { login, token } = await sessionOf(server, ['AGENT']);
    const other = await sessionOf(server, ['AGENT']);
    const disabled = idleSocket(server.wsUrl, { authorization: `Bearer ${token}` }, clients);
    const kept = idleSocket(server.wsUrl, { authorization: `Bearer ${other.token}` }, clients);
    await Promise.all([disabled.connected, kept.connected]);

    await disableAccount(server.orm.em.fork(), server.config, login, null);

    expect(await disabled.closeCode).toBe(4401);
    const stillOpen = await Promise.race([
      kept.closeCode,
      new Promise((resolve) => setTimeout(() => resolve('open'), 300)),
    ]);
    expect(stillOpen).toBe('open');
  });

  it('closes the socket of a revoked API key with 4401', async () => {
    const created = await createKey(server, ['graphql'], null);
    const socket = idleSocket(server.wsUrl, { apiKey: created.secret }, clients);
    await socket.connected;

    const revoked = await server.graphql(
      `mutation ($input: ApiKeyIdInput!) { revokeApiKey(input: $input) { errors { code } } }`,
      { input: { id: created.id } },
      { as: 'ADMINISTRATOR' },
    );

    expect(revoked.data?.revokeApiKey.errors).toEqual([]);
    expect(await socket.closeCode).toBe(4401);
  });
});

describe.skipIf(!redisUrl)('access changes across API processes sharing Redis', () => {
  let first: TestServer;
  let second: RunningServer;
  const clients: Client[] = [];

  beforeAll(async () => {
    first = await startTestServer({ REDIS_URL: redisUrl, RATUSZ_WS_SESSION_CHECK_SECONDS: HOUR });
    second = await startSecondServer(first, { REDIS_URL: redisUrl, RATUSZ_WS_SESSION_CHECK_SECONDS: HOUR });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await second?.close();
    await first?.stop();
  });

  it('closes a socket on one process after sign-out on the other', async () => {
    const { token } = await sessionOf(first, ['RESIDENT']);
    const socket = idleSocket(second.wsUrl, { authorization: `Bearer ${token}` }, clients);
    await socket.connected;

    const signOut = await first.graphql(`mutation { signOut { revoked } }`, {}, { token });

    expect(signOut.data?.signOut.revoked).toBe(true);
    expect(await socket.closeCode).toBe(4401);
  });

  it('closes the socket of an account that the account command disables', async () => {
    const { login, token } = await sessionOf(first, ['AGENT']);
    const socket = idleSocket(second.wsUrl, { authorization: `Bearer ${token}` }, clients);
    await socket.connected;

    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [accountCommand, 'disable', `--login=${login}`], {
        env: {
          PATH: process.env.PATH,
          RATUSZ_HASH_KEY: first.config.hashKey,
          REDIS_URL: redisUrl,
          ...first.database.env,
        },
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('exit', resolve);
    });

    expect(exitCode).toBe(0);
    expect(await socket.closeCode).toBe(4401);
  });
});
