import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, signIn } from '../../src/modules/accounts/account.service';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { MAX_PAGE_SIZE } from '../../src/platform/graphql/connection';
import { ensureDepartment, startTestServer, type StaffOrResidentRole, type TestServer } from '../support/server';
import { seedCases, type SeededCity } from './fixtures';

const OPEN = `mutation Open($input: OpenCaseInput!) {
  openCase(input: $input) { case { id number } errors { code message } }
}`;
const MY_CASES = `query Mine($first: Int, $after: String) {
  myCases(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id number channel } }
  }
}`;

describe('case reporter account', () => {
  let server: TestServer;
  let city: SeededCity;
  let residentToken: string;
  let residentId: string;
  let neighbourToken: string;
  let staffResidentToken: string;

  /** Creates a signed-in account and returns its id and session token. */
  async function account(login: string, roles: StaffOrResidentRole[]) {
    const password = 'reporter test password';
    await ensureDepartment(server.orm, 'roads');
    const created = await createAccount(
      server.orm.em.fork(),
      server.config,
      { login, password, roles, departmentId: roles.includes('AGENT') ? 'roads' : undefined },
      null,
    );
    const signedIn = await signIn(server.orm.em.fork(), server.config, login, password);
    if (!created.account || !signedIn.ok) {
      throw new Error(`creating the test account ${login} failed`);
    }

    return { id: created.account.id, token: signedIn.token };
  }

  async function open(channel: string, options: { token?: string; as?: StaffOrResidentRole }) {
    const response = await server.graphql(
      OPEN,
      {
        input: {
          jurisdictionId: city.jurisdictionId,
          categoryId: city.categories.Potholes,
          channel,
          description: 'Loose paving slab',
        },
      },
      options,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.openCase.errors).toEqual([]);

    return response.data!.openCase.case.id as string;
  }

  async function reporterOf(caseId: string) {
    const stored = await server.orm.em.fork().findOneOrFail(ServiceCase, { id: caseId });

    return stored.reporterAccountId ?? null;
  }

  beforeAll(async () => {
    server = await startTestServer();
    city = await seedCases(server.orm, 'rep', 'Reporter Town', [
      { category: 'Potholes', createdAt: '2026-01-05T09:00:00Z' },
    ]);
    const resident = await account('reporter-resident@ratusz.test', ['RESIDENT']);
    residentId = resident.id;
    residentToken = resident.token;
    neighbourToken = (await account('reporter-neighbour@ratusz.test', ['RESIDENT'])).token;
    staffResidentToken = (await account('reporter-agent@ratusz.test', ['RESIDENT', 'AGENT'])).token;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('links a signed-in resident', async () => {
    const caseId = await open('WEB', { token: residentToken });

    expect(await reporterOf(caseId)).toBe(residentId);
  });

  it('links no anonymous reporter', async () => {
    const caseId = await open('WEB', {});

    expect(await reporterOf(caseId)).toBeNull();
  });

  it('links no agent filing by phone', async () => {
    const byAgent = await open('PHONE', { as: 'AGENT' });
    const byAgentWhoIsResident = await open('PHONE', { token: staffResidentToken });

    expect(await reporterOf(byAgent)).toBeNull();
    expect(await reporterOf(byAgentWhoIsResident)).toBeNull();
  });

  it('lists only own cases in myCases', async () => {
    const second = await open('MOBILE_APP', { token: residentToken });
    const mine = await server.graphql(MY_CASES, {}, { token: residentToken });
    const neighbours = await server.graphql(MY_CASES, {}, { token: neighbourToken });

    expect(mine.errors).toBeUndefined();
    expect(mine.data!.myCases.totalCount).toBe(2);
    expect(mine.data!.myCases.edges[0].node.id).toBe(second);
    expect(mine.data!.myCases.edges[0].node.channel).toBe('MOBILE_APP');
    expect(neighbours.errors).toBeUndefined();
    expect(neighbours.data!.myCases.totalCount).toBe(0);
    expect(neighbours.data!.myCases.edges).toEqual([]);
  });

  it('pages myCases', async () => {
    const first = await server.graphql(MY_CASES, { first: 1 }, { token: residentToken });
    const cursor = first.data!.myCases.pageInfo.endCursor;
    const next = await server.graphql(
      MY_CASES,
      { first: 1, after: cursor },
      { token: residentToken },
    );

    expect(first.data!.myCases.edges).toHaveLength(1);
    expect(first.data!.myCases.pageInfo.hasNextPage).toBe(true);
    expect(next.data!.myCases.edges).toHaveLength(1);
    expect(next.data!.myCases.edges[0].node.id).not.toBe(first.data!.myCases.edges[0].node.id);
    expect(next.data!.myCases.pageInfo.hasNextPage).toBe(false);
  });

  it('rejects a page above the cap', async () => {
    const response = await server.graphql(
      MY_CASES,
      { first: MAX_PAGE_SIZE + 1 },
      { token: residentToken },
    );

    expect(response.data?.myCases ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
  });

  it('rejects myCases without a resident', async () => {
    const anonymous = await server.graphql(MY_CASES, {});
    const agent = await server.graphql(MY_CASES, {}, { as: 'AGENT' });

    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(agent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
