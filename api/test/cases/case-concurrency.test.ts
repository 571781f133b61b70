import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { CaseTimelineEntry } from '../../src/modules/cases/case-timeline-entry.entity';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { seedCases, type SeededCity } from './fixtures';

const CREATE_DEPARTMENT = `mutation D($input: CreateDepartmentInput!) {
  createDepartment(input: $input) { department { id code } errors { code } }
}`;
const OPEN = `mutation O($input: OpenCaseInput!) { openCase(input: $input) { case { id } errors { code } } }`;
const ASSIGN = `mutation A($input: AssignCaseInput!) { assignCase(input: $input) { errors { code message } } }`;
const NOTE = `mutation N($input: AddCaseNoteInput!) { addCaseNote(input: $input) { errors { code message } } }`;
const CHANGE = `mutation C($input: ChangeCaseStatusInput!) {
  changeCaseStatus(input: $input) { errors { code message } }
}`;
const SUPPORT = `mutation S($input: SupportCaseInput!) { supportCase(input: $input) { errors { code message } } }`;
const MERGE = `mutation M($input: MergeCasesInput!) { mergeCases(input: $input) { errors { code message } } }`;

/** Payload errors a mutation may return because a concurrent mutation changed the case first. */
const CONFLICT_CODES = ['TRANSITION_NOT_ALLOWED', 'ALREADY_SUPPORTED', 'CASE_NOT_OPEN', 'MASTER_IS_DUPLICATE'];

type Payload = { errors: { code: string; message: string }[] };
type Sent = { label: string; response: GraphQLResponse };

describe('concurrent mutations of one case', () => {
  let server: TestServer;
  let city: SeededCity;
  let departmentId: string;

  /** Sends a mutation as `as`, by default a manager of `test-department`, the test accounts' department. */
  async function send(
    label: string,
    query: string,
    input: Record<string, unknown>,
    as: 'DEPARTMENT_MANAGER' | 'ADMINISTRATOR' | 'RESIDENT' = 'DEPARTMENT_MANAGER',
  ): Promise<Sent> {
    return { label, response: await server.graphql(query, { input }, { as }) };
  }

  function assign(caseId: string, index: number) {
    return send(`assign ${index}`, ASSIGN, { caseId, departmentId }, index % 2 ? 'ADMINISTRATOR' : 'DEPARTMENT_MANAGER');
  }

  function note(caseId: string, index: number) {
    return send(`note ${index}`, NOTE, { caseId, text: `note ${index}`, visibility: index % 2 ? 'PUBLIC' : 'INTERNAL' });
  }

  function changeStatus(caseId: string, index: number) {
    return send(`status ${index}`, CHANGE, { caseId, status: index % 2 ? 'IN_PROGRESS' : 'ACTION_SCHEDULED' });
  }

  /** Returns the payload of each response, after checking it has no GraphQL error and only conflict codes. */
  function payloadsOf(sent: Sent[]): Payload[] {
    return sent.map(({ label, response }) => {
      expect(response.errors, label).toBeUndefined();
      const payload = Object.values(response.data ?? {})[0] as Payload;
      for (const error of payload.errors) {
        expect(CONFLICT_CODES, `${label}: ${error.message}`).toContain(error.code);
      }

      return payload;
    });
  }

  /** Checks that the case's timeline positions run 1..n and that `timelineLength` is n. */
  async function expectConsecutiveTimeline(caseId: string): Promise<number> {
    const em = server.orm.em.fork();
    const entries = await em.find(CaseTimelineEntry, { serviceCase: caseId }, { orderBy: { position: 'asc' } });
    const positions = entries.map((entry) => entry.position);
    const entity = await em.findOneOrFail(ServiceCase, { id: caseId });

    expect(positions).toEqual(positions.map((_, index) => index + 1));
    expect(entity.timelineLength).toBe(entries.length);

    return entries.length;
  }

  /** Opens a case through the API, which adds the OPENED entry at position 1, and returns its id. */
  async function newCase(): Promise<string> {
    const opened = await server.graphql(OPEN, {
      input: { jurisdictionId: city.jurisdictionId, categoryId: city.categories.Potholes, channel: 'WEB' },
    });
    expect(opened.data!.openCase.errors).toEqual([]);

    return opened.data!.openCase.case.id as string;
  }

  beforeAll(async () => {
    server = await startTestServer();
    city = await seedCases(server.orm, 'cc', 'Concurrency City', [
      { category: 'Potholes', createdAt: '2026-01-05T09:00:00Z' },
    ]);
    const created = await server.graphql(
      CREATE_DEPARTMENT,
      { input: { jurisdictionId: city.jurisdictionId, name: 'Test Department' } },
      { as: 'ADMINISTRATOR' },
    );
    expect(created.data!.createDepartment.errors).toEqual([]);
    expect(created.data!.createDepartment.department.code).toBe('test-department');
    departmentId = created.data!.createDepartment.department.id;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('runs 20 concurrent pairs', async () => {
    const caseId = await newCase();
    const kinds = [assign, note, changeStatus];
    const pairs: Promise<Sent>[] = [];
    for (let index = 0; index < 20; index += 1) {
      const first = kinds[index % 3]!;
      const second = kinds[(index + 1) % 3]!;
      pairs.push(first(caseId, index), second(caseId, index + 20));
    }

    const payloads = payloadsOf(await Promise.all(pairs));
    const succeeded = payloads.filter((payload) => payload.errors.length === 0).length;
    const length = await expectConsecutiveTimeline(caseId);

    // Every successful mutation above appends exactly one entry after the OPENED entry.
    expect(succeeded).toBeGreaterThan(0);
    expect(length).toBe(succeeded + 1);
  });

  it('opposite merges: one wins', async () => {
    for (let round = 0; round < 5; round += 1) {
      const first = await newCase();
      const second = await newCase();

      const sent = await Promise.all([
        send('merge first into second', MERGE, { masterId: second, duplicateId: first }),
        send('merge second into first', MERGE, { masterId: first, duplicateId: second }),
        note(first, round),
        note(second, round),
        changeStatus(first, round),
        assign(second, round),
        send('support first', SUPPORT, { caseId: first }, 'RESIDENT'),
        send('support second', SUPPORT, { caseId: second }, 'RESIDENT'),
      ]);
      const payloads = payloadsOf(sent);
      const mergedOnce = payloads.slice(0, 2).filter((payload) => payload.errors.length === 0);

      expect(mergedOnce, `round ${round}`).toHaveLength(1);
      await expectConsecutiveTimeline(first);
      await expectConsecutiveTimeline(second);
    }
  });
});
