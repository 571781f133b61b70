import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../../src/modules/accounts/account.entity';
import { createAccount, signIn } from '../../src/modules/accounts/account.service';
import { startTestServer, type TestServer } from '../support/server';

const ERASE = `mutation ($input: ErasePersonalDataInput!) {
  erasePersonalData(input: $input) { erased { cases } errors { code field message } }
}`;
const VIEWER = '{ viewer { id roles } }';

describe('erasure of administrators', () => {
  let server: TestServer;
  let firstId: string;
  let secondId: string;
  let secondToken: string;

  beforeAll(async () => {
    server = await startTestServer();
    const first = await server.graphql(VIEWER, {}, { as: 'ADMINISTRATOR' });
    firstId = first.data!.viewer.id;
    const login = 'second.admin@ratusz.test';
    const password = 'second administrator password';
    const created = await createAccount(server.orm.em.fork(), server.config, { login, password, roles: ['ADMINISTRATOR'] }, null);
    secondId = created.account!.id;
    const signedIn = await signIn(server.orm.em.fork(), server.config, login, password);
    if (!signedIn.ok) {
      throw new Error(signedIn.error.message);
    }
    secondToken = signedIn.token;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('erases an administrator while another remains', async () => {
    const response = await server.graphql(ERASE, { input: { accountId: firstId, confirmation: 'ERASE' } }, { token: secondToken });
    const first = await server.orm.em.fork().findOneOrFail(Account, { id: firstId });

    expect(response.data!.erasePersonalData.errors).toEqual([]);
    expect(first.erasedAt).not.toBeNull();
  });

  it('keeps the last enabled administrator', async () => {
    const response = await server.graphql(ERASE, { input: { accountId: secondId, confirmation: 'ERASE' } }, { token: secondToken });
    const payload = response.data!.erasePersonalData;
    const second = await server.orm.em.fork().findOneOrFail(Account, { id: secondId });
    const viewer = await server.graphql(VIEWER, {}, { token: secondToken });

    expect(payload.erased).toBeNull();
    expect(payload.errors.map((error: { code: string }) => error.code)).toEqual(['LAST_ADMINISTRATOR']);
    expect(payload.errors[0].field).toEqual(['accountId']);
    expect(payload.errors[0].message).toContain(`Account ${secondId} is the last enabled administrator`);
    expect(second.erasedAt ?? null).toBeNull();
    expect(second.disabledAt ?? null).toBeNull();
    expect(viewer.data!.viewer.roles).toContain('ADMINISTRATOR');
  });
});
