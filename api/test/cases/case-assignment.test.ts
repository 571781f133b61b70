import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, disableAccount } from '../../src/modules/accounts/account.service';
import { commitWhileWaiting } from '../support/concurrent-write';
import { oidcSettings, startIssuer, TEST_OIDC_AUDIENCE } from '../support/oidc-issuer';
import { startTestServer, type StaffOrResidentRole, type TestServer } from '../support/server';
import { seedCases, type SeededCity } from './fixtures';

const CREATE_DEPARTMENT = `mutation D($input: CreateDepartmentInput!) {
  createDepartment(input: $input) { department { id code } errors { code } }
}`;
const OPEN = `mutation O($input: OpenCaseInput!) { openCase(input: $input) { case { id } errors { code } } }`;
const ASSIGN = `mutation A($input: AssignCaseInput!) {
  assignCase(input: $input) {
    case { department { code } assignedAgentId }
    errors { code field message }
  }
}`;
const HISTORY = `query H($id: ID!) { case(id: $id) {
  department { code }
  staffTimeline { edges { node { kind departmentId agentId } } }
} }`;
const VIEWER = '{ viewer { id } }';

// jose 6 is published as an ES module only, and this test compiles as CommonJS, so it loads jose
// dynamically.
type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
type KeyPair = Awaited<ReturnType<Jose['generateKeyPair']>>;

/** Who sends a request: a test role with its department, or an account's token. */
type Sender = { as: StaffOrResidentRole; department?: string } | { token: string };

describe('case assignment rules', () => {
  let server: TestServer;
  let issuer: { url: string; close: () => Promise<void> };
  let jose: Jose;
  let signingKey: KeyPair;
  let city: SeededCity;
  const departments: Record<string, string> = {};
  let roadsAgentId: string;
  let secondRoadsAgentId: string;
  let parksAgentId: string;
  let residentId: string;
  let disabledAgentId: string;
  let administratorId: string;

  /** Returns a token of the test issuer for `subject`, an AGENT of `department` unless `groups` maps to other roles. */
  function oidcToken(subject: string, department: string, groups = ['city-clerks']): Promise<string> {
    return new jose.SignJWT({ groups, department })
      .setProtectedHeader({ alg: 'RS256', kid: 'signing-key' })
      .setSubject(subject)
      .setIssuer(issuer.url)
      .setAudience(TEST_OIDC_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signingKey.privateKey);
  }

  async function tokenOf(sender: Sender): Promise<string> {
    return 'token' in sender ? sender.token : server.tokenFor(sender.as, sender.department);
  }

  async function assign(sender: Sender, input: Record<string, unknown>) {
    const response = await server.graphql(ASSIGN, { input }, { token: await tokenOf(sender) });
    expect(response.errors).toBeUndefined();

    return response.data!.assignCase;
  }

  /** Opens a case and lets an administrator put it into the `department` queue unless null. */
  async function openCase(department: 'roads' | 'parks' | null): Promise<string> {
    const opened = await server.graphql(OPEN, {
      input: {
        jurisdictionId: city.jurisdictionId,
        categoryId: city.categories.Potholes,
        channel: 'WEB',
      },
    });
    const caseId = opened.data!.openCase.case.id as string;
    if (department) {
      const routed = await assign(
        { as: 'ADMINISTRATOR' },
        {
          caseId,
          departmentId: departments[department],
        },
      );
      expect(routed.errors).toEqual([]);
    }

    return caseId;
  }

  async function history(caseId: string) {
    const response = await server.graphql(HISTORY, { id: caseId }, { as: 'ADMINISTRATOR' });

    return response.data!.case;
  }

  async function accountIdOf(sender: Sender): Promise<string> {
    const response = await server.graphql(VIEWER, {}, { token: await tokenOf(sender) });

    return response.data!.viewer.id as string;
  }

  const roadsAgent: Sender = { as: 'AGENT', department: 'roads' };
  const parksAgent: Sender = { as: 'AGENT', department: 'parks' };
  const roadsManager: Sender = { as: 'DEPARTMENT_MANAGER', department: 'roads' };
  const parksManager: Sender = { as: 'DEPARTMENT_MANAGER', department: 'parks' };
  const administrator: Sender = { as: 'ADMINISTRATOR' };

  beforeAll(async () => {
    jose = await import('jose');
    signingKey = await jose.generateKeyPair('RS256');
    const publicJwk = { ...(await jose.exportJWK(signingKey.publicKey)), kid: 'signing-key', alg: 'RS256', use: 'sig' };
    issuer = await startIssuer([publicJwk]);
    server = await startTestServer(oidcSettings(issuer.url, 'city-clerks=AGENT'));
    city = await seedCases(server.orm, 'asg', 'Assignment Town', [
      { category: 'Potholes', createdAt: '2026-01-05T09:00:00Z' },
    ]);
    for (const name of ['Roads', 'Parks']) {
      const created = await server.graphql(
        CREATE_DEPARTMENT,
        { input: { jurisdictionId: city.jurisdictionId, name } },
        { as: 'ADMINISTRATOR' },
      );
      departments[created.data!.createDepartment.department.code] =
        created.data!.createDepartment.department.id;
    }
    roadsAgentId = await accountIdOf(roadsAgent);
    parksAgentId = await accountIdOf(parksAgent);
    const second = await createAccount(
      server.orm.em.fork(),
      server.config,
      {
        login: 'second-roads-agent@ratusz.test',
        password: 'second roads agent password',
        roles: ['AGENT'],
        departmentId: 'roads',
      },
      null,
    );
    secondRoadsAgentId = second.account!.id;
    residentId = await accountIdOf({ as: 'RESIDENT' });
    administratorId = await accountIdOf(administrator);
    const disabled = await createAccount(
      server.orm.em.fork(),
      server.config,
      {
        login: 'disabled-roads-agent@ratusz.test',
        password: 'disabled roads agent password',
        roles: ['AGENT'],
        departmentId: 'roads',
      },
      null,
    );
    disabledAgentId = disabled.account!.id;
    await disableAccount(server.orm.em.fork(), server.config, 'disabled-roads-agent@ratusz.test', null);
  });

  afterAll(async () => {
    await server?.stop();
    await issuer?.close();
  });

  describe('allowed', () => {
    it('agent takes a case of their department', async () => {
      const caseId = await openCase('roads');

      const result = await assign(roadsAgent, {
        caseId,
        departmentId: departments.roads,
        agentId: roadsAgentId,
      });

      expect(result.errors).toEqual([]);
      expect(result.case).toEqual({ department: { code: 'roads' }, assignedAgentId: roadsAgentId });
    });

    it('agent hands a case to a colleague', async () => {
      const caseId = await openCase('roads');

      const result = await assign(roadsAgent, {
        caseId,
        departmentId: departments.roads,
        agentId: secondRoadsAgentId,
      });

      expect(result.errors).toEqual([]);
      expect(result.case.assignedAgentId).toBe(secondRoadsAgentId);
    });

    it('agent returns a case to the queue', async () => {
      const caseId = await openCase('roads');

      const result = await assign(roadsAgent, { caseId, departmentId: departments.roads });

      expect(result.errors).toEqual([]);
      expect(result.case.assignedAgentId).toBeNull();
    });

    it('manager moves a case out of their department', async () => {
      const caseId = await openCase('roads');

      const result = await assign(roadsManager, {
        caseId,
        departmentId: departments.parks,
        agentId: parksAgentId,
      });

      expect(result.errors).toEqual([]);
      expect(result.case.department.code).toBe('parks');
    });

    it('administrator moves any case', async () => {
      const caseId = await openCase('parks');

      const result = await assign(administrator, { caseId, departmentId: departments.roads });

      expect(result.errors).toEqual([]);
      expect(result.case.department.code).toBe('roads');
    });

    it('manager routes a case in no queue', async () => {
      const caseId = await openCase(null);

      const result = await assign(parksManager, { caseId, departmentId: departments.roads });

      expect(result.errors).toEqual([]);
      expect(result.case.department.code).toBe('roads');
    });
  });

  describe('agent checks', () => {
    it('manager assigns agent of new department', async () => {
      const caseId = await openCase('roads');

      const result = await assign(roadsManager, {
        caseId,
        departmentId: departments.parks,
        agentId: parksAgentId,
      });

      const stored = await history(caseId);
      const assignments = stored.staffTimeline.edges
        .map((edge: { node: { kind: string; agentId: string | null } }) => edge.node)
        .filter((node: { kind: string }) => node.kind === 'ASSIGNED');

      expect(result.errors).toEqual([]);
      expect(stored.department.code).toBe('parks');
      expect(assignments.at(-1).agentId).toBe(parksAgentId);
    });
  });

  describe('OIDC agents', () => {
    it('manager assigns signed-in OIDC agent', async () => {
      const caseId = await openCase('roads');
      const oidcAgentId = await accountIdOf({ token: await oidcToken('roads-clerk', 'roads') });

      const result = await assign(roadsManager, {
        caseId,
        departmentId: departments.roads,
        agentId: oidcAgentId,
      });

      expect(oidcAgentId).toMatch(/^oidc:/);
      expect(result.errors).toEqual([]);
      expect(result.case.assignedAgentId).toBe(oidcAgentId);
    });

    it('agent hands a case to OIDC colleague', async () => {
      const caseId = await openCase('roads');
      const oidcAgentId = await accountIdOf({ token: await oidcToken('roads-colleague', 'roads') });

      const result = await assign(roadsAgent, {
        caseId,
        departmentId: departments.roads,
        agentId: oidcAgentId,
      });

      expect(result.errors).toEqual([]);
      expect(result.case.assignedAgentId).toBe(oidcAgentId);
    });

    it('OIDC agent takes a case', async () => {
      const caseId = await openCase('roads');
      const token = await oidcToken('roads-taker', 'roads');
      const oidcAgentId = await accountIdOf({ token });

      const result = await assign({ token }, { caseId, departmentId: 'roads', agentId: oidcAgentId });

      expect(result.errors).toEqual([]);
      expect(result.case.assignedAgentId).toBe(oidcAgentId);
    });

    it('never signed-in OIDC id rejected', async () => {
      const caseId = await openCase('roads');
      const unknownId = `oidc:${'a'.repeat(43)}`;

      const result = await assign(administrator, {
        caseId,
        departmentId: departments.roads,
        agentId: unknownId,
      });

      expect(result.case).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0].code).toBe('AGENT_NOT_FOUND');
      expect(result.errors[0].field).toEqual(['input', 'agentId']);
      expect(result.errors[0].message).toContain(`agentId "${unknownId}" names no OIDC user`);
      expect(result.errors[0].message).toContain('ask the agent to sign in once');
    });

    it('OIDC agent of another department rejected', async () => {
      const caseId = await openCase('roads');
      const parksClerkId = await accountIdOf({ token: await oidcToken('parks-clerk', 'parks') });

      const result = await assign(roadsManager, {
        caseId,
        departmentId: departments.roads,
        agentId: parksClerkId,
      });

      expect(result.case).toBeNull();
      expect(result.errors.map((error: { code: string }) => error.code)).toEqual(['AGENT_NOT_IN_DEPARTMENT']);
    });

    it('OIDC user without AGENT rejected', async () => {
      const caseId = await openCase('roads');
      const formerId = await accountIdOf({ token: await oidcToken('former-clerk', 'roads') });
      await accountIdOf({ token: await oidcToken('former-clerk', 'roads', ['book-club']) });

      const result = await assign(roadsManager, {
        caseId,
        departmentId: departments.roads,
        agentId: formerId,
      });

      expect(result.case).toBeNull();
      expect(result.errors.map((error: { code: string }) => error.code)).toEqual(['AGENT_NOT_IN_DEPARTMENT']);
    });
  });

  describe('department by code or id', () => {
    it('administrator assigns by department code', async () => {
      const caseId = await openCase('roads');

      const result = await assign(administrator, { caseId, departmentId: 'parks', agentId: parksAgentId });

      expect(result.errors).toEqual([]);
      expect(result.case).toEqual({ department: { code: 'parks' }, assignedAgentId: parksAgentId });
    });

    it.each([
      ['unknown code', 'no-such-department'],
      ['unknown id', '00000000-0000-4000-8000-000000000000'],
      ['control characters', 'roads\u0007'],
    ])('%s rejected', async (_case, value) => {
      const caseId = await openCase('roads');

      const result = await assign(roadsManager, { caseId, departmentId: value });

      expect(result.case).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0].code).toBe('DEPARTMENT_NOT_FOUND');
      expect(result.errors[0].field).toEqual(['input', 'departmentId']);
      expect(result.errors[0].message).toContain(`No department has code or id ${JSON.stringify(value)}`);
    });

    it('code of another jurisdiction rejected', async () => {
      const other = await seedCases(server.orm, 'asg-other', 'Other Town', []);
      const created = await server.graphql(
        CREATE_DEPARTMENT,
        { input: { jurisdictionId: other.jurisdictionId, name: 'Harbour' } },
        { as: 'ADMINISTRATOR' },
      );
      const caseId = await openCase('roads');

      const result = await assign(administrator, { caseId, departmentId: 'harbour' });

      expect(created.data!.createDepartment.department.code).toBe('harbour');
      expect(result.case).toBeNull();
      expect(result.errors.map((error: { code: string }) => error.code)).toEqual(['DEPARTMENT_NOT_IN_JURISDICTION']);
      expect(result.errors[0].message).toContain('"harbour"');
    });
  });

  describe('checks in the write transaction', () => {
    it('agent disabled meanwhile rejected', async () => {
      const caseId = await openCase('roads');
      const created = await createAccount(
        server.orm.em.fork(),
        server.config,
        {
          login: 'soon-disabled-agent@ratusz.test',
          password: 'soon disabled agent password',
          roles: ['AGENT'],
          departmentId: 'roads',
        },
        null,
      );
      const agentId = created.account!.id;
      const before = await history(caseId);

      const result = await commitWhileWaiting(
        server.database,
        [['update account set disabled_at = created_at where id = ?', [agentId]]],
        () => assign(roadsManager, { caseId, departmentId: departments.roads, agentId }),
      );

      expect(result.case).toBeNull();
      expect(result.errors.map((error: { code: string }) => error.code)).toEqual(['AGENT_NOT_IN_DEPARTMENT']);
      expect(await history(caseId)).toEqual(before);
    });

    it('department deleted meanwhile rejected', async () => {
      const created = await server.graphql(
        CREATE_DEPARTMENT,
        { input: { jurisdictionId: city.jurisdictionId, name: 'Short Lived' } },
        { as: 'ADMINISTRATOR' },
      );
      const departmentId = created.data!.createDepartment.department.id as string;
      const caseId = await openCase('roads');

      const result = await commitWhileWaiting(
        server.database,
        [['delete from department where id = ?', [departmentId]]],
        () => assign(administrator, { caseId, departmentId }),
      );

      expect(result.case).toBeNull();
      expect(result.errors.map((error: { code: string }) => error.code)).toEqual(['DEPARTMENT_NOT_FOUND']);
    });
  });

  describe('rejected', () => {
    const cases = [
      {
        name: 'agent moving a case to another department',
        sender: roadsAgent,
        queue: 'roads',
        input: () => ({ departmentId: departments.parks }),
        code: 'DEPARTMENT_CHANGE_NOT_ALLOWED',
        field: 'departmentId',
        message:
          'Moving a case from roads to parks needs a DEPARTMENT_MANAGER of roads or an ADMINISTRATOR',
      },
      {
        name: "agent assigning another department's case",
        sender: parksAgent,
        queue: 'roads',
        input: () => ({ departmentId: departments.roads, agentId: parksAgentId }),
        code: 'CASE_OUTSIDE_YOUR_DEPARTMENT',
        field: 'caseId',
        message: 'only agents and department managers of roads, or an ADMINISTRATOR, may assign it',
      },
      {
        name: 'agent naming an agent of another department',
        sender: roadsAgent,
        queue: 'roads',
        input: () => ({ departmentId: departments.roads, agentId: parksAgentId }),
        code: 'AGENT_NOT_IN_DEPARTMENT',
        field: 'agentId',
        message: 'is not an enabled AGENT account of roads',
      },
      {
        name: 'agent naming an unknown agent id',
        sender: roadsAgent,
        queue: 'roads',
        input: () => ({ departmentId: departments.roads, agentId: 'agent-7' }),
        code: 'AGENT_NOT_FOUND',
        field: 'agentId',
        message: 'agentId "agent-7" is neither an account id (a UUID) nor an OIDC user id',
      },
      {
        name: "manager moving another department's case",
        sender: parksManager,
        queue: 'roads',
        input: () => ({ departmentId: departments.parks }),
        code: 'CASE_OUTSIDE_YOUR_DEPARTMENT',
        field: 'caseId',
        message: 'The case is in the roads queue',
      },
      {
        name: 'agent routing a case in no queue',
        sender: roadsAgent,
        queue: null,
        input: () => ({ departmentId: departments.roads, agentId: roadsAgentId }),
        code: 'CASE_NOT_ROUTED',
        field: 'caseId',
        message: 'only a DEPARTMENT_MANAGER or an ADMINISTRATOR may route it',
      },
      {
        name: 'manager naming an unknown account id',
        sender: roadsManager,
        queue: 'roads',
        input: () => ({ departmentId: departments.roads, agentId: '00000000-0000-4000-8000-000000000000' }),
        code: 'AGENT_NOT_IN_DEPARTMENT',
        field: 'agentId',
        message: 'agentId "00000000-0000-4000-8000-000000000000" is not an enabled AGENT account of roads',
      },
      {
        name: 'manager naming markup as agent',
        sender: roadsManager,
        queue: 'roads',
        input: () => ({ departmentId: departments.roads, agentId: '<script>alert(1)</script>' }),
        code: 'AGENT_NOT_FOUND',
        field: 'agentId',
        message: 'agentId "<script>alert(1)</script>" is neither an account id',
      },
      {
        name: 'manager naming a malformed OIDC id',
        sender: roadsManager,
        queue: 'roads',
        input: () => ({ departmentId: departments.roads, agentId: 'oidc:abc' }),
        code: 'AGENT_NOT_FOUND',
        field: 'agentId',
        message: 'agentId "oidc:abc" is neither an account id (a UUID) nor an OIDC user id',
      },
      {
        name: 'manager naming an upper-case OIDC prefix',
        sender: roadsManager,
        queue: 'roads',
        input: () => ({ departmentId: departments.roads, agentId: `OIDC:${'a'.repeat(43)}` }),
        code: 'AGENT_NOT_FOUND',
        field: 'agentId',
        message: 'is neither an account id',
      },
      {
        name: 'manager naming a resident account',
        sender: roadsManager,
        queue: 'roads',
        input: () => ({ departmentId: departments.roads, agentId: residentId }),
        code: 'AGENT_NOT_IN_DEPARTMENT',
        field: 'agentId',
        message: 'is not an enabled AGENT account of roads',
      },
      {
        name: 'manager naming an agent of the old department',
        sender: roadsManager,
        queue: 'roads',
        input: () => ({ departmentId: departments.parks, agentId: roadsAgentId }),
        code: 'AGENT_NOT_IN_DEPARTMENT',
        field: 'agentId',
        message: 'is not an enabled AGENT account of parks, the department the case goes to',
      },
      {
        name: 'administrator naming a disabled agent',
        sender: administrator,
        queue: 'roads',
        input: () => ({ departmentId: departments.roads, agentId: disabledAgentId }),
        code: 'AGENT_NOT_IN_DEPARTMENT',
        field: 'agentId',
        message: 'is not an enabled AGENT account of roads',
      },
      {
        name: 'administrator naming themselves',
        sender: administrator,
        queue: 'roads',
        input: () => ({ departmentId: departments.roads, agentId: administratorId }),
        code: 'AGENT_NOT_IN_DEPARTMENT',
        field: 'agentId',
        message: 'is not an enabled AGENT account of roads',
      },
    ] as const;

    it.each(cases)('$name', async ({ sender, queue, input, code, field, message }) => {
      const caseId = await openCase(queue);
      const before = await history(caseId);

      const result = await assign(sender, { caseId, ...input() });
      const after = await history(caseId);

      expect(result.case).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0].code).toBe(code);
      expect(result.errors[0].field).toEqual(['input', field]);
      expect(result.errors[0].message).toContain(message);
      expect(after).toEqual(before);
    });
  });

  it('keeps every assignment in the history', async () => {
    const caseId = await openCase('roads');
    await assign(roadsAgent, { caseId, departmentId: departments.roads, agentId: roadsAgentId });
    await assign(roadsAgent, { caseId, departmentId: departments.parks });
    await assign(roadsManager, { caseId, departmentId: departments.parks });

    const stored = await history(caseId);
    const assignments = stored.staffTimeline.edges
      .map((edge: { node: { kind: string } }) => edge.node)
      .filter((node: { kind: string }) => node.kind === 'ASSIGNED');

    expect(stored.department.code).toBe('parks');
    expect(assignments).toEqual([
      { kind: 'ASSIGNED', departmentId: departments.roads, agentId: null },
      { kind: 'ASSIGNED', departmentId: departments.roads, agentId: roadsAgentId },
      { kind: 'ASSIGNED', departmentId: departments.parks, agentId: null },
    ]);
  });
});
