import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_STATUSES, CASE_TRANSITIONS, type CaseStatus } from '@ratusz/shared';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { CaseTimelineEntry } from '../../src/modules/cases/case-timeline-entry.entity';
import { Category } from '../../src/modules/cases/category.entity';
import { nextEvents, startTestServer, type TestServer } from '../support/server';
import { seedCases, type SeededCity } from './fixtures';

const CHANGE = `mutation Change($input: ChangeCaseStatusInput!) {
  changeCaseStatus(input: $input) {
    case { id status closeReason respondedAt resolvedAt closedAt }
    errors { code field message }
  }
}`;

const NOTE = `mutation Note($input: AddCaseNoteInput!) {
  addCaseNote(input: $input) { case { respondedAt } errors { code } }
}`;

const CONFIRM = `mutation Confirm($input: ReviewCaseInput!) {
  confirmCaseFix(input: $input) { case { status closeReason } errors { code message } }
}`;

const REOPEN = `mutation Reopen($input: ReviewCaseInput!) {
  reopenCase(input: $input) { case { status closeReason resolvedAt closedAt } errors { code message } }
}`;

const TIMELINES = `query Timelines($id: ID!) {
  case(id: $id) {
    timeline { totalCount edges { node { kind actor visibility fromStatus toStatus closeReason evidenceUrl note } } }
    staffTimeline { totalCount edges { node { kind visibility note } } }
  }
}`;

const CASE_CHANGED = `subscription { caseChanged { kind case { number status } } }`;

const DAY_MS = 86_400_000;

/** Builds the status change input, with a close reason when `status` is CLOSED. */
function inputFor(caseId: string, status: CaseStatus) {
  return { caseId, status, ...(status === 'CLOSED' ? { closeReason: 'NO_FURTHER_ACTION' } : {}) };
}

describe('case life cycle', () => {
  let server: TestServer;
  let city: SeededCity;

  /** Writes one case in `status` directly, so a test starts from any point of the cycle. */
  async function caseIn(status: CaseStatus, fields: Partial<ServiceCase> = {}): Promise<string> {
    const em = server.orm.em.fork();
    const entity = em.create(ServiceCase, {
      number: `LC-${Math.random().toString(36).slice(2, 10)}`,
      jurisdiction: city.jurisdictionId,
      category: city.categories.Potholes!,
      status,
      channel: 'WEB',
      createdAt: new Date(),
      updatedAt: new Date(),
      resolvedAt: status === 'RESOLVED' || status === 'CLOSED' ? new Date() : null,
      closedAt: status === 'RESOLVED' || status === 'CLOSED' ? new Date() : null,
      closeReason: status === 'CLOSED' ? 'FIXED' : null,
      ...fields,
    });
    await em.flush();

    return entity.id;
  }

  async function statusOf(caseId: string): Promise<CaseStatus> {
    return (await server.orm.em.fork().findOneOrFail(ServiceCase, { id: caseId })).status;
  }

  beforeAll(async () => {
    server = await startTestServer();
    city = await seedCases(server.orm, 'lc', 'Life Cycle City', [
      { category: 'Potholes', createdAt: '2026-01-05T09:00:00Z' },
      { category: 'Graffiti', createdAt: '2026-01-05T09:00:00Z' },
    ]);
    const em = server.orm.em.fork();
    await em.nativeUpdate(
      Category,
      { id: city.categories.Graffiti },
      { requiresFixEvidence: true },
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('allows every transition in the table', async () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_TRANSITIONS[from]) {
        const caseId = await caseIn(from);
        const response = await server.graphql(
          CHANGE,
          { input: inputFor(caseId, to) },
          { as: 'AGENT' },
        );

        expect(response.data?.changeCaseStatus.errors, `${from} -> ${to}`).toEqual([]);
        expect(response.data?.changeCaseStatus.case.status, `${from} -> ${to}`).toBe(to);
      }
    }
  });

  it('rejects transitions outside the table', async () => {
    const forbidden: [CaseStatus, CaseStatus][] = [
      ['NEW', 'NEW'],
      ['IN_PROGRESS', 'NEW'],
      ['RESOLVED', 'ACKNOWLEDGED'],
      ['RESOLVED', 'WAITING_FOR_RESIDENT'],
      ['CLOSED', 'IN_PROGRESS'],
      ['CLOSED', 'RESOLVED'],
      ['IN_PROGRESS', 'ACKNOWLEDGED'],
    ];
    for (const [from, to] of forbidden) {
      const caseId = await caseIn(from);
      const response = await server.graphql(
        CHANGE,
        { input: inputFor(caseId, to) },
        { as: 'AGENT' },
      );
      const [error] = response.data?.changeCaseStatus.errors ?? [];

      expect(response.data?.changeCaseStatus.case, `${from} -> ${to}`).toBeNull();
      expect(error?.code).toBe('TRANSITION_NOT_ALLOWED');
      expect(error?.message).toContain(`from ${from} to ${to}`);
      expect(await statusOf(caseId)).toBe(from);
    }
  });

  it('requires a reason for closing', async () => {
    const caseId = await caseIn('IN_PROGRESS');
    const missing = await server.graphql(
      CHANGE,
      { input: { caseId, status: 'CLOSED' } },
      { as: 'AGENT' },
    );
    const unexpected = await server.graphql(
      CHANGE,
      {
        input: { caseId, status: 'RESOLVED', closeReason: 'DUPLICATE' },
      },
      { as: 'AGENT' },
    );

    expect(missing.data?.changeCaseStatus.errors.map((e: { code: string }) => e.code)).toEqual([
      'CLOSE_REASON_REQUIRED',
    ]);
    expect(unexpected.data?.changeCaseStatus.errors.map((e: { code: string }) => e.code)).toEqual([
      'CLOSE_REASON_NOT_ALLOWED',
    ]);
    expect(await statusOf(caseId)).toBe('IN_PROGRESS');
  });

  it('records responded and resolved times apart', async () => {
    const caseId = await caseIn('NEW');
    const acknowledged = await server.graphql(
      CHANGE,
      {
        input: { caseId, status: 'ACKNOWLEDGED' },
      },
      { as: 'AGENT' },
    );
    const resolved = await server.graphql(
      CHANGE,
      { input: { caseId, status: 'RESOLVED' } },
      { as: 'AGENT' },
    );
    const first = acknowledged.data?.changeCaseStatus.case;
    const second = resolved.data?.changeCaseStatus.case;

    expect(first.respondedAt).toEqual(expect.any(String));
    expect(first.resolvedAt).toBeNull();
    expect(second.respondedAt).toBe(first.respondedAt);
    expect(second.resolvedAt).toEqual(expect.any(String));
  });

  it('counts a public note as a response', async () => {
    const caseId = await caseIn('NEW');
    const internal = await server.graphql(
      NOTE,
      {
        input: { caseId, text: 'checking', visibility: 'INTERNAL' },
      },
      { as: 'AGENT' },
    );
    const published = await server.graphql(
      NOTE,
      {
        input: { caseId, text: 'on our list', visibility: 'PUBLIC' },
      },
      { as: 'AGENT' },
    );

    expect(internal.data?.addCaseNote.case.respondedAt).toBeNull();
    expect(published.data?.addCaseNote.case.respondedAt).toEqual(expect.any(String));
  });

  describe('fix evidence', () => {
    it('is required by the category flag', async () => {
      const caseId = await caseIn('IN_PROGRESS', { category: city.categories.Graffiti as never });
      const resolved = await server.graphql(
        CHANGE,
        { input: { caseId, status: 'RESOLVED' } },
        { as: 'AGENT' },
      );
      const closed = await server.graphql(
        CHANGE,
        {
          input: { caseId, status: 'CLOSED', closeReason: 'FIXED' },
        },
        { as: 'AGENT' },
      );

      expect(resolved.data?.changeCaseStatus.errors[0].code).toBe('EVIDENCE_REQUIRED');
      expect(closed.data?.changeCaseStatus.errors[0].code).toBe('EVIDENCE_REQUIRED');
      expect(await statusOf(caseId)).toBe('IN_PROGRESS');
    });

    it('is not needed for other close reasons', async () => {
      const caseId = await caseIn('IN_PROGRESS', { category: city.categories.Graffiti as never });
      const closed = await server.graphql(
        CHANGE,
        {
          input: { caseId, status: 'CLOSED', closeReason: 'DUPLICATE' },
        },
        { as: 'AGENT' },
      );

      expect(closed.data?.changeCaseStatus.errors).toEqual([]);
    });

    it('is accepted as an http URL', async () => {
      const caseId = await caseIn('IN_PROGRESS', { category: city.categories.Graffiti as never });
      const invalid = await server.graphql(
        CHANGE,
        {
          input: { caseId, status: 'RESOLVED', evidenceUrl: 'javascript:alert(1)' },
        },
        { as: 'AGENT' },
      );
      const resolved = await server.graphql(
        CHANGE,
        {
          input: { caseId, status: 'RESOLVED', evidenceUrl: 'https://photos.example/fix.jpg' },
        },
        { as: 'AGENT' },
      );
      const closed = await server.graphql(
        CHANGE,
        {
          input: { caseId, status: 'CLOSED', closeReason: 'FIXED' },
        },
        { as: 'AGENT' },
      );

      expect(invalid.data?.changeCaseStatus.errors[0].code).toBe('INVALID_EVIDENCE_URL');
      expect(resolved.data?.changeCaseStatus.errors).toEqual([]);
      expect(closed.data?.changeCaseStatus.errors).toEqual([]);
    });
  });

  describe('resident review', () => {
    it('confirms a fix within the window', async () => {
      const caseId = await caseIn('RESOLVED', { resolvedAt: new Date(Date.now() - 3 * DAY_MS) });
      const confirmed = await server.graphql(
        CONFIRM,
        { input: { caseId, note: 'thanks' } },
        { as: 'AGENT' },
      );
      const again = await server.graphql(CONFIRM, { input: { caseId } }, { as: 'AGENT' });

      expect(confirmed.data?.confirmCaseFix).toEqual({
        case: { status: 'CLOSED', closeReason: 'FIXED' },
        errors: [],
      });
      expect(again.data?.confirmCaseFix.errors[0].code).toBe('ALREADY_CONFIRMED');
    });

    it('reopens a fix within the window', async () => {
      const caseId = await caseIn('CLOSED', { resolvedAt: new Date(Date.now() - 13 * DAY_MS) });
      const reopened = await server.graphql(
        REOPEN,
        {
          input: { caseId, note: 'the hole is back' },
        },
        { as: 'AGENT' },
      );

      expect(reopened.data?.reopenCase).toEqual({
        case: { status: 'IN_PROGRESS', closeReason: null, resolvedAt: null, closedAt: null },
        errors: [],
      });
    });

    it("shows a resident's own note to staff only", async () => {
      const caseId = await caseIn('CLOSED', { resolvedAt: new Date(Date.now() - DAY_MS) });
      await server.graphql(REOPEN, { input: { caseId, note: 'the hole is back by my gate' } }, { as: 'AGENT' });
      const query = `query T($id: ID!) { case(id: $id) { timeline { edges { node { kind actor note } } } } }`;
      const anonymous = await server.graphql(query, { id: caseId });
      const staff = await server.graphql(
        `query S($id: ID!) { case(id: $id) { staffTimeline { edges { node { actor note } } } } }`,
        { id: caseId },
        { as: 'ADMINISTRATOR' },
      );

      const publicReopen = anonymous.data?.case.timeline.edges
        .map((edge: { node: { actor: string; note: string | null } }) => edge.node)
        .filter((node: { actor: string }) => node.actor === 'RESIDENT');
      expect(publicReopen).toHaveLength(1);
      expect(publicReopen[0].note).toBeNull();
      expect(JSON.stringify(anonymous)).not.toContain('by my gate');
      expect(JSON.stringify(staff.data)).toContain('the hole is back by my gate');
    });

    it('requires a reason to reopen', async () => {
      const caseId = await caseIn('RESOLVED');
      const reopened = await server.graphql(REOPEN, { input: { caseId } }, { as: 'AGENT' });

      expect(reopened.data?.reopenCase.errors[0].code).toBe('NOTE_REQUIRED');
      expect(await statusOf(caseId)).toBe('RESOLVED');
    });

    it('rejects review after the window', async () => {
      const caseId = await caseIn('RESOLVED', { resolvedAt: new Date(Date.now() - 15 * DAY_MS) });
      const confirmed = await server.graphql(CONFIRM, { input: { caseId } }, { as: 'AGENT' });
      const reopened = await server.graphql(
        REOPEN,
        { input: { caseId, note: 'still broken' } },
        { as: 'AGENT' },
      );

      expect(confirmed.data?.confirmCaseFix.errors[0].code).toBe('REOPEN_WINDOW_EXPIRED');
      expect(reopened.data?.reopenCase.errors[0].code).toBe('REOPEN_WINDOW_EXPIRED');
      expect(reopened.data?.reopenCase.errors[0].message).toContain('14-day window');
      expect(await statusOf(caseId)).toBe('RESOLVED');
    });

    it('reviews an imported resolution by its closing time', async () => {
      const recent = await caseIn('RESOLVED', {
        resolvedAt: null,
        closedAt: new Date(Date.now() - DAY_MS),
      });
      const old = await caseIn('RESOLVED', {
        resolvedAt: null,
        closedAt: new Date(Date.now() - 30 * DAY_MS),
      });
      const confirmed = await server.graphql(
        CONFIRM,
        { input: { caseId: recent } },
        { as: 'AGENT' },
      );
      const expired = await server.graphql(CONFIRM, { input: { caseId: old } }, { as: 'AGENT' });

      expect(confirmed.data?.confirmCaseFix.errors).toEqual([]);
      expect(expired.data?.confirmCaseFix.errors[0].code).toBe('REOPEN_WINDOW_EXPIRED');
    });

    it('rejects review of a duplicate', async () => {
      const caseId = await caseIn('CLOSED', { closeReason: 'DUPLICATE' });
      const reopened = await server.graphql(
        REOPEN,
        { input: { caseId, note: 'not a duplicate' } },
        { as: 'AGENT' },
      );

      expect(reopened.data?.reopenCase.errors[0].code).toBe('CASE_NOT_RESOLVED');
    });
  });

  describe('timeline', () => {
    it('shows internal notes to staff only', async () => {
      const watcher = nextEvents<{ caseChanged: unknown }>(server.wsClient(), CASE_CHANGED, {}, 2);
      await watcher.subscribed;
      const caseId = await caseIn('NEW');
      await server.graphql(
        CHANGE,
        {
          input: {
            caseId,
            status: 'WAITING_FOR_RESIDENT',
            publicNote: 'Please send a photo.',
            internalNote: 'Resident called twice, private details.',
          },
        },
        { as: 'AGENT' },
      );
      await server.graphql(
        NOTE,
        {
          input: { caseId, text: 'Staff-only remark.', visibility: 'INTERNAL' },
        },
        { as: 'AGENT' },
      );
      const response = await server.graphql(TIMELINES, { id: caseId }, { as: 'AGENT' });
      const events = await watcher.done;

      const publicEntries = response.data?.case.timeline.edges.map(
        (edge: { node: unknown }) => edge.node,
      );
      expect(publicEntries).toEqual([
        {
          kind: 'STATUS_CHANGED',
          actor: 'STAFF',
          visibility: 'PUBLIC',
          fromStatus: 'NEW',
          toStatus: 'WAITING_FOR_RESIDENT',
          closeReason: null,
          evidenceUrl: null,
          note: 'Please send a photo.',
        },
      ]);
      const staffEntries = response.data?.case.staffTimeline.edges.map(
        (edge: { node: unknown }) => edge.node,
      );
      expect(staffEntries).toEqual([
        { kind: 'STATUS_CHANGED', visibility: 'PUBLIC', note: 'Please send a photo.' },
        { kind: 'NOTE', visibility: 'INTERNAL', note: 'Resident called twice, private details.' },
        { kind: 'NOTE', visibility: 'INTERNAL', note: 'Staff-only remark.' },
      ]);
      expect(JSON.stringify(events)).not.toContain('private details');
      expect(JSON.stringify(events)).not.toContain('Please send a photo');
    });

    it('keeps the history of assignments', async () => {
      const create = `mutation D($input: CreateDepartmentInput!) { createDepartment(input: $input) { department { id } errors { code } } }`;
      const assign = `mutation A($input: AssignCaseInput!) {
        assignCase(input: $input) { case { department { code } assignedAgentId } errors { code } }
      }`;
      const roads = await server.graphql(
        create,
        {
          input: { jurisdictionId: city.jurisdictionId, name: 'Roads' },
        },
        { as: 'ADMINISTRATOR' },
      );
      const parks = await server.graphql(
        create,
        {
          input: { jurisdictionId: city.jurisdictionId, name: 'Parks' },
        },
        { as: 'ADMINISTRATOR' },
      );
      const caseId = await caseIn('NEW');
      const roadsAgent = await server.graphql(
        '{ viewer { id } }',
        {},
        { token: await server.tokenFor('AGENT', roads.data?.createDepartment.department.id) },
      );
      const agentId = roadsAgent.data!.viewer.id as string;
      await server.graphql(
        assign,
        {
          input: {
            caseId,
            departmentId: roads.data?.createDepartment.department.id,
            agentId,
          },
        },
        { as: 'ADMINISTRATOR' },
      );
      const moved = await server.graphql(
        assign,
        {
          input: {
            caseId,
            departmentId: parks.data?.createDepartment.department.id,
            internalNote: 'tree roots',
          },
        },
        { as: 'ADMINISTRATOR' },
      );
      // The case is now in the Parks queue, outside the test agent's department, so an
      // administrator reads its staff history.
      const history = await server.graphql(
        `query H($id: ID!) { case(id: $id) {
          timeline { totalCount }
          staffTimeline { edges { node { kind departmentId agentId note } } }
        } }`,
        { id: caseId },
        { as: 'ADMINISTRATOR' },
      );

      const queue = await server.graphql(
        `query Q($ids: [ID!]) { cases(filter: { departmentIds: $ids }) { totalCount } }`,
        {
          ids: [parks.data?.createDepartment.department.id],
        },
      );

      expect(queue.data?.cases.totalCount).toBe(1);
      expect(moved.data?.assignCase).toEqual({
        case: { department: { code: 'parks' }, assignedAgentId: null },
        errors: [],
      });
      expect(history.data?.case.timeline.totalCount).toBe(0);
      expect(
        history.data?.case.staffTimeline.edges.map((edge: { node: unknown }) => edge.node),
      ).toEqual([
        {
          kind: 'ASSIGNED',
          departmentId: roads.data?.createDepartment.department.id,
          agentId,
          note: null,
        },
        {
          kind: 'ASSIGNED',
          departmentId: parks.data?.createDepartment.department.id,
          agentId: null,
          note: 'tree roots',
        },
      ]);
    });
  });

  it('leaves nothing half-written when a write fails', async () => {
    const caseId = await caseIn('IN_PROGRESS');
    // An entry already at position 2 makes the second insert of the change (the internal
    // note) violate the unique (case, position) pair after the first insert succeeded.
    const em = server.orm.em.fork();
    em.create(CaseTimelineEntry, {
      serviceCase: caseId,
      position: 2,
      createdAt: new Date(),
      kind: 'NOTE',
      actor: 'STAFF',
      visibility: 'INTERNAL',
    });
    await em.flush();

    const response = await server.graphql(
      CHANGE,
      {
        input: { caseId, status: 'RESOLVED', publicNote: 'done', internalNote: 'collides' },
      },
      { as: 'AGENT' },
    );
    const check = server.orm.em.fork();
    const entity = await check.findOneOrFail(ServiceCase, { id: caseId });
    const entries = await check.count(CaseTimelineEntry, { serviceCase: caseId });

    expect(response.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(entity.status).toBe('IN_PROGRESS');
    expect(entity.resolvedAt).toBeNull();
    expect(entity.timelineLength).toBe(0);
    expect(entries).toBe(1);
  });
});

describe('configured review window', () => {
  let server: TestServer;
  let city: SeededCity;

  beforeAll(async () => {
    server = await startTestServer({ RATUSZ_REOPEN_WINDOW_DAYS: '3' });
    city = await seedCases(server.orm, 'rw', 'Review Window City', [
      { category: 'Potholes', status: 'RESOLVED', createdAt: '2026-01-05T09:00:00Z' },
    ]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('uses RATUSZ_REOPEN_WINDOW_DAYS', async () => {
    const caseId = city.cases[0]!;
    await server.orm.em
      .fork()
      .nativeUpdate(ServiceCase, { id: caseId }, { resolvedAt: new Date(Date.now() - 4 * DAY_MS) });
    const reopened = await server.graphql(
      REOPEN,
      { input: { caseId, note: 'still there' } },
      { as: 'AGENT' },
    );

    expect(reopened.data?.reopenCase.errors[0].code).toBe('REOPEN_WINDOW_EXPIRED');
    expect(reopened.data?.reopenCase.errors[0].message).toContain('3-day window');
  });
});
