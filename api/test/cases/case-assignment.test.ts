import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, disableAccount } from '../../src/modules/accounts/account.service';
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

/** Who sends a request: a test role with its department, or an account's token. */
type Sender = { as: StaffOrResidentRole; department?: string } | { token: string };

describe('case assignment rules', () => {
  let server: TestServer;
  let city: SeededCity;
  const departments: Record<string, string> = {};
  let roadsAgentId: string;
  let secondRoadsAgentId: string;
  let parksAgentId: string;
  let residentId: string;
  let disabledAgentId: string;
  let administratorId: string;

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
    server = await startTestServer();
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

    it('administrator names OIDC agent', async () => {
      const caseId = await openCase('roads');
      const oidcAgentId = `oidc:${'a'.repeat(43)}`;

      const result = await assign(administrator, {
        caseId,
        departmentId: departments.roads,
        agentId: oidcAgentId,
      });

      expect(result.errors).toEqual([]);
      expect(result.case.assignedAgentId).toBe(oidcAgentId);
    });

    it('agent naming OIDC agent rejected', async () => {
      const caseId = await openCase('roads');

      const result = await assign(roadsAgent, {
        caseId,
        departmentId: departments.roads,
        agentId: `oidc:${'a'.repeat(43)}`,
      });

      expect(result.case).toBeNull();
      expect(result.errors.map((error: { code: string }) => error.code)).toEqual(['AGENT_NOT_IN_DEPARTMENT']);
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
        code: 'AGENT_NOT_IN_DEPARTMENT',
        field: 'agentId',
        message: 'agentId "agent-7" is not an enabled AGENT account of roads',
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
        code: 'AGENT_NOT_IN_DEPARTMENT',
        field: 'agentId',
        message: 'agentId "<script>alert(1)</script>" is not an enabled AGENT account of roads',
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
