import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../../src/modules/accounts/account.entity';
import { createAccount } from '../../src/modules/accounts/account.service';
import { Department } from '../../src/modules/cases/department.entity';
import { AuditEvent } from '../../src/platform/audit/audit-event.entity';
import { verifyAuditChain } from '../../src/platform/audit/audit';
import { ensureDepartment, startTestServer, type TestServer } from '../support/server';

const SET_ACCOUNT_ROLES = `mutation ($input: SetAccountRolesInput!) {
  setAccountRoles(input: $input) { account { id roles departmentId } errors { code field message } }
}`;

describe('setAccountRoles', () => {
  let server: TestServer;
  let administratorId: string;

  /** Creates an account directly and returns its id. */
  async function account(roles: string[], departmentId: string | null = null): Promise<string> {
    const login = `roles-${randomUUID()}@city.example`;
    const created = await createAccount(
      server.orm.em.fork(),
      server.config,
      { login, password: 'a password long enough for tests', roles, departmentId },
      null,
    );
    if (!created.account) {
      throw new Error(JSON.stringify(created.errors));
    }

    return created.account.id;
  }

  async function setRoles(input: Record<string, unknown>) {
    const response = await server.graphql(SET_ACCOUNT_ROLES, { input }, { as: 'ADMINISTRATOR' });
    expect(response.errors).toBeUndefined();

    return response.data!.setAccountRoles as {
      account: { id: string; roles: string[]; departmentId: string | null } | null;
      errors: { code: string; field: string[]; message: string }[];
    };
  }

  beforeAll(async () => {
    server = await startTestServer();
    await ensureDepartment(server.orm, 'roads');
    const viewer = await server.graphql('{ viewer { id } }', {}, { as: 'ADMINISTRATOR' });
    administratorId = viewer.data!.viewer.id;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('replaces roles and department', async () => {
    const id = await account(['RESIDENT']);

    const result = await setRoles({ accountId: id, roles: ['AGENT', 'AGENT'], departmentId: ' roads ' });

    expect(result.errors).toEqual([]);
    expect(result.account).toEqual({ id, roles: ['AGENT'], departmentId: 'roads' });
  });

  it('clears the department when given null', async () => {
    const id = await account(['AGENT'], 'roads');

    const result = await setRoles({ accountId: id, roles: ['DECISION_MAKER'], departmentId: null });

    expect(result.errors).toEqual([]);
    expect(result.account?.departmentId).toBeNull();
  });

  it('audits the change in the chain', async () => {
    const id = await account(['RESIDENT']);

    await setRoles({ accountId: id, roles: ['AUDITOR'] });
    const events = await server.orm.em.fork().find(AuditEvent, { subjectId: id, action: 'account.roles_changed' });

    expect(events).toHaveLength(1);
    expect(events[0]!.actorId).toBe(administratorId);
    expect(events[0]!.details).toMatchObject({ fromRoles: 'RESIDENT', toRoles: 'AUDITOR' });
    expect((await verifyAuditChain(server.orm.em.fork())).broken).toBeNull();
  });

  it('rejects empty roles', async () => {
    const id = await account(['RESIDENT']);

    const result = await setRoles({ accountId: id, roles: [] });

    expect(result.account).toBeNull();
    expect(result.errors.map((error) => error.code)).toEqual(['INVALID_ROLES']);
    expect(result.errors[0]!.field).toEqual(['roles']);
  });

  it('rejects PUBLIC as a stored role', async () => {
    const id = await account(['RESIDENT']);

    const result = await setRoles({ accountId: id, roles: ['PUBLIC'] });

    expect(result.errors.map((error) => error.code)).toEqual(['INVALID_ROLES']);
  });

  it('requires a department for AGENT', async () => {
    const id = await account(['RESIDENT']);

    const result = await setRoles({ accountId: id, roles: ['AGENT'], departmentId: '  ' });

    expect(result.account).toBeNull();
    expect(result.errors.map((error) => error.code)).toEqual(['DEPARTMENT_REQUIRED']);
    expect(result.errors[0]!.field).toEqual(['departmentId']);
  });

  it.each(['Roads Dept', '<script>alert(1)</script>', 'no-such-department', '00000000-0000-4000-8000-000000000000'])(
    'rejects department %j',
    async (departmentId) => {
      const id = await account(['RESIDENT']);

      const result = await setRoles({ accountId: id, roles: ['AGENT'], departmentId });
      const unchanged = await server.orm.em.fork().findOneOrFail(Account, { id });

      expect(result.account).toBeNull();
      expect(result.errors.map((error) => error.code)).toEqual(['DEPARTMENT_NOT_FOUND']);
      expect(result.errors[0]!.field).toEqual(['departmentId']);
      expect(result.errors[0]!.message).toContain(`No department has code or id ${JSON.stringify(departmentId)}`);
      expect(result.errors[0]!.message).toContain('departments query');
      expect(unchanged.roles).toEqual(['RESIDENT']);
    },
  );

  it('accepts a department id', async () => {
    const id = await account(['RESIDENT']);
    const roads = await server.orm.em.fork().findOneOrFail(Department, { code: 'roads' });

    const result = await setRoles({ accountId: id, roles: ['DEPARTMENT_MANAGER'], departmentId: roads.id });

    expect(result.errors).toEqual([]);
    expect(result.account?.departmentId).toBe(roads.id);
  });

  it('reports an unknown account', async () => {
    const unknown = randomUUID();

    const missing = await setRoles({ accountId: unknown, roles: ['RESIDENT'] });
    const malformed = await setRoles({ accountId: 'not-an-id', roles: ['RESIDENT'] });

    expect(missing.errors.map((error) => error.code)).toEqual(['NOT_FOUND']);
    expect(missing.errors[0]!.message).toContain(unknown);
    expect(malformed.errors.map((error) => error.code)).toEqual(['NOT_FOUND']);
    expect(malformed.errors[0]!.message).toContain('not-an-id');
  });

  it('keeps the last enabled administrator', async () => {
    const result = await setRoles({ accountId: administratorId, roles: ['AUDITOR'] });
    const viewer = await server.graphql('{ viewer { roles } }', {}, { as: 'ADMINISTRATOR' });

    expect(result.account).toBeNull();
    expect(result.errors.map((error) => error.code)).toEqual(['LAST_ADMINISTRATOR']);
    expect(result.errors[0]!.message).toContain(administratorId);
    expect(viewer.data!.viewer.roles).toContain('ADMINISTRATOR');
  });

  it('demotes an administrator when another remains', async () => {
    const other = await account(['ADMINISTRATOR']);

    const demoted = await setRoles({ accountId: other, roles: ['RESIDENT'] });
    const last = await setRoles({ accountId: administratorId, roles: ['RESIDENT'] });

    expect(demoted.errors).toEqual([]);
    expect(demoted.account?.roles).toEqual(['RESIDENT']);
    expect(last.errors.map((error) => error.code)).toEqual(['LAST_ADMINISTRATOR']);
  });

  it('forbids the mutation to non-administrators', async () => {
    const id = await account(['RESIDENT']);

    const response = await server.graphql(SET_ACCOUNT_ROLES, { input: { accountId: id, roles: ['ADMINISTRATOR'] } }, { as: 'DEPARTMENT_MANAGER' });

    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
