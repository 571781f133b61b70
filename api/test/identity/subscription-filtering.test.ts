import 'reflect-metadata';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type {
  CaseDeadlineEvent,
  ConsultationResultsSnapshot,
  ReferendumResultSnapshot,
  ReferendumUpdateSnapshot,
  TallySnapshot,
} from '@ratusz/shared';
import { BudgetEdition } from '../../src/modules/budget/budget-edition.entity';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { caseSnapshot } from '../../src/modules/cases/case.mapper';
import { Category } from '../../src/modules/cases/category.entity';
import { Department } from '../../src/modules/cases/department.entity';
import { ensureJurisdiction, ensureScoped } from '../../src/modules/cases/reference.service';
import { Consultation } from '../../src/modules/consultations/consultation.entity';
import { createConsultation } from '../../src/modules/consultations/consultation.service';
import { CaseContact } from '../../src/modules/email/email.entities';
import { AuditEvent } from '../../src/platform/audit/audit-event.entity';
import { nextEvents, startTestServer, type StaffOrResidentRole, type TestServer } from '../support/server';

const ROADS_CONTACT = 'roads.reporter@example.test';
const PARKS_CONTACT = 'parks.reporter@example.test';

const STAFF_CHANGED = `subscription Changed($jurisdictionId: ID) {
  caseChanged(jurisdictionId: $jurisdictionId) {
    case { number reporterContacts assignedAgentId staffTimeline { edges { node { visibility note } } } }
  }
}`;

const PUBLIC_CHANGED = `subscription Changed($jurisdictionId: ID) {
  caseChanged(jurisdictionId: $jurisdictionId) {
    case { number reporterContacts assignedAgentId timeline { edges { node { visibility note } } } }
  }
}`;

const DEADLINES = `subscription Deadlines { caseDeadlineAlerts { kind case { number } } }`;

const TALLY = `subscription Tally($editionId: ID!) { tallyUpdated(editionId: $editionId) { ballotCount } }`;

const CONSULTATION_RESULTS = `subscription Results($id: ID!) { consultationResultsUpdated(consultationId: $id) { participants } }`;

const CHANGE = `mutation Change($input: ChangeCaseStatusInput!) { changeCaseStatus(input: $input) { errors { code } } }`;

const CASE_QUERY = `query Case($id: ID!) {
  case(id: $id) { number reporterContacts assignedAgentId staffTimeline { edges { node { visibility note } } } }
}`;

type TimelineEdges = { edges: { node: { visibility: string; note: string | null } }[] };
type CaseView = {
  number: string;
  reporterContacts: string[] | null;
  assignedAgentId: string | null;
  staffTimeline?: TimelineEdges;
  timeline?: TimelineEdges;
};

/** Summarizes what one subscriber saw of a case: its contacts, assignment and internal notes. */
function summarize(view: CaseView) {
  const entries = (view.staffTimeline ?? view.timeline)!.edges.map((edge) => edge.node);

  return {
    number: view.number,
    contacts: view.reporterContacts,
    agent: view.assignedAgentId,
    internalNotes: entries.filter((entry) => entry.visibility === 'INTERNAL').map((entry) => entry.note),
  };
}

describe('per-subscriber filtering', () => {
  let server: TestServer;
  let jurisdictionId: string;
  let roadsCase: ServiceCase;
  let parksCase: ServiceCase;
  let unroutedCase: ServiceCase;
  let roadsDepartmentId: string;
  /** Session tokens of the staff accounts, by name. */
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    const em = server.orm.em.fork();
    const jurisdiction = await ensureJurisdiction(em, 'sf', 'Filter City');
    jurisdictionId = jurisdiction.id;
    const categories = await ensureScoped(em, Category, jurisdiction, new Map([['potholes', 'Potholes']]));
    const category = categories.get('potholes')!;
    const roads = em.create(Department, { jurisdiction, code: 'roads', name: 'Roads' });
    const parks = em.create(Department, { jurisdiction, code: 'parks', name: 'Parks' });
    const now = new Date();
    const newCase = (number: string, department: Department | null, agentId: string | null) =>
      em.create(ServiceCase, {
        number,
        jurisdiction,
        category,
        department,
        agentId,
        status: 'NEW',
        channel: 'EMAIL',
        createdAt: now,
        updatedAt: now,
        closedAt: null,
      });
    roadsCase = newCase('SF-ROADS', roads, 'agent-roads-1');
    parksCase = newCase('SF-PARKS', parks, 'agent-parks-1');
    unroutedCase = newCase('SF-UNROUTED', null, null);
    em.create(CaseContact, { serviceCase: roadsCase, address: ROADS_CONTACT, addressHash: 'a'.repeat(64), createdAt: now });
    em.create(CaseContact, { serviceCase: parksCase, address: PARKS_CONTACT, addressHash: 'b'.repeat(64), createdAt: now });
    await em.flush();
    roadsDepartmentId = roads.id;

    tokens.roadsAgent = await server.tokenFor('AGENT', 'roads');
    tokens.parksAgent = await server.tokenFor('AGENT', 'parks');
    // The manager's account names the department by id, the agents' by code.
    tokens.roadsManager = await server.tokenFor('DEPARTMENT_MANAGER', roadsDepartmentId);
    tokens.administrator = await server.tokenFor('ADMINISTRATOR');
    tokens.auditor = await server.tokenFor('AUDITOR');
    tokens.resident = await server.tokenFor('RESIDENT');
  });

  afterAll(async () => {
    await server?.stop();
  });

  const client = (name: string | null): Client => server.wsClient(name ? { token: tokens[name] } : {});

  it('sends case events in the shape each subscriber may see', async () => {
    const staff = ['roadsAgent', 'parksAgent', 'roadsManager', 'administrator', 'auditor'];
    const watch = (name: string | null, query: string) =>
      nextEvents<{ caseChanged: { case: CaseView } }>(client(name), query, { jurisdictionId }, 2);
    const watchers = {
      ...Object.fromEntries(staff.map((name) => [name, watch(name, STAFF_CHANGED)])),
      resident: watch('resident', PUBLIC_CHANGED),
      anonymous: watch(null, PUBLIC_CHANGED),
    };
    await Promise.all(Object.values(watchers).map((watcher) => watcher.subscribed));

    const roadsChange = await server.graphql(
      CHANGE,
      { input: { caseId: roadsCase.id, status: 'IN_PROGRESS', internalNote: 'roads internal' } },
      { token: tokens.roadsAgent },
    );
    const parksChange = await server.graphql(
      CHANGE,
      { input: { caseId: parksCase.id, status: 'IN_PROGRESS', internalNote: 'parks internal' } },
      { token: tokens.parksAgent },
    );
    const received = Object.fromEntries(
      await Promise.all(
        Object.entries(watchers).map(async ([name, watcher]) => [name, (await watcher.done).map((event) => summarize(event.caseChanged.case))] as const),
      ),
    );

    expect(roadsChange.data?.changeCaseStatus.errors).toEqual([]);
    expect(parksChange.data?.changeCaseStatus.errors).toEqual([]);
    const roadsInFull = { number: 'SF-ROADS', contacts: [ROADS_CONTACT], agent: 'agent-roads-1', internalNotes: ['roads internal'] };
    const roadsInPublic = { number: 'SF-ROADS', contacts: null, agent: null, internalNotes: [] };
    const parksInFull = { number: 'SF-PARKS', contacts: [PARKS_CONTACT], agent: 'agent-parks-1', internalNotes: ['parks internal'] };
    const parksInPublic = { number: 'SF-PARKS', contacts: null, agent: null, internalNotes: [] };
    expect(received.roadsAgent).toEqual([roadsInFull, parksInPublic]);
    expect(received.roadsManager).toEqual([roadsInFull, parksInPublic]);
    expect(received.parksAgent).toEqual([roadsInPublic, parksInFull]);
    expect(received.administrator).toEqual([roadsInFull, parksInFull]);
    // Auditors read internal notes and assignments of every case, but no reporter contact.
    expect(received.auditor).toEqual([
      { ...roadsInFull, contacts: null },
      { ...parksInFull, contacts: null },
    ]);
    expect(received.resident).toEqual([roadsInPublic, parksInPublic]);
    expect(received.anonymous).toEqual([roadsInPublic, parksInPublic]);
  });

  it("sends deadline alerts of the subscriber's department only", async () => {
    const watchers = Object.fromEntries(
      ['roadsAgent', 'parksAgent', 'roadsManager'].map((name) => [
        name,
        nextEvents<{ caseDeadlineAlerts: { case: { number: string } } }>(client(name), DEADLINES, {}, 2),
      ]),
    );
    await Promise.all(Object.values(watchers).map((watcher) => watcher.subscribed));

    const em = server.orm.em.fork();
    for (const serviceCase of [roadsCase, parksCase, unroutedCase]) {
      const entity = await em.findOneOrFail(
        ServiceCase,
        { id: serviceCase.id },
        { populate: ['jurisdiction', 'category', 'district', 'department'] },
      );
      const event: CaseDeadlineEvent = { kind: 'SLA_WARNING', case: caseSnapshot(entity) };
      await server.events.pubSub.publish('CASE_DEADLINE', event);
    }
    const numbers = async (name: string) => (await watchers[name]!.done).map((event) => event.caseDeadlineAlerts.case.number);

    expect(await numbers('roadsAgent')).toEqual(['SF-ROADS', 'SF-UNROUTED']);
    expect(await numbers('parksAgent')).toEqual(['SF-PARKS', 'SF-UNROUTED']);
    expect(await numbers('roadsManager')).toEqual(['SF-ROADS', 'SF-UNROUTED']);
  });

  it('checks the embargo of every tally it sends', async () => {
    const budgets = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
    const editionInput = {
      currency: 'PLN',
      budget: 100_000,
      voteType: 'approval' as const,
      rule: 'greedy' as const,
      maxLength: 3,
      maxSumPoints: null,
      phase: 'VOTING' as const,
      allowBallotChange: false,
      votingClosesAt: null,
      subunit: null,
      process: null,
    };
    const embargoed = await budgets.createEdition({ ...editionInput, name: 'Embargoed edition', resultsPublishAt: new Date(Date.now() + 3_600_000) });
    const open = await budgets.createEdition({ ...editionInput, name: 'Open edition', resultsPublishAt: null });
    const tally = (editionId: string, ballotCount: number): TallySnapshot => ({
      editionId,
      rule: 'greedy',
      tieBreak: 'lower-cost-first',
      currency: 'PLN',
      budget: 100_000,
      spent: 0,
      ballotCount,
      projects: [],
      updatedAt: new Date().toISOString(),
    });
    const hidden = nextEvents<{ tallyUpdated: { ballotCount: number } }>(client(null), TALLY, { editionId: embargoed.id }, 1);
    const shown = nextEvents<{ tallyUpdated: { ballotCount: number } }>(client(null), TALLY, { editionId: open.id }, 1);
    await Promise.all([hidden.subscribed, shown.subscribed]);

    // A publisher that ignores the embargo: the subscription withholds the tally.
    await server.events.pubSub.publish('TALLY_UPDATED', embargoed.id, tally(embargoed.id, 7));
    await server.events.pubSub.publish('TALLY_UPDATED', open.id, tally(open.id, 3));
    await server.events.pubSub.publish('TALLY_UPDATED', embargoed.id, tally(embargoed.id, 8));
    const shownEvents = await shown.done;
    // Lifting the embargo lets the next tally through.
    await server.orm.em.fork().nativeUpdate(BudgetEdition, { id: embargoed.id }, { resultsPublishAt: null });
    await server.events.pubSub.publish('TALLY_UPDATED', embargoed.id, tally(embargoed.id, 9));
    const hiddenEvents = await hidden.done;

    expect(shownEvents.map((event) => event.tallyUpdated.ballotCount)).toEqual([3]);
    expect(hiddenEvents.map((event) => event.tallyUpdated.ballotCount)).toEqual([9]);
  });

  it('checks the results policy of every consultation update', async () => {
    const em = server.orm.em.fork();
    const hiddenConsultation = await createConsultation(em, { title: 'Hidden until close', phase: 'OPEN', resultsPolicy: 'AFTER_CLOSE' });
    const liveConsultation = await createConsultation(em, { title: 'Live results', phase: 'OPEN', resultsPolicy: 'LIVE' });
    const results = (consultationId: string, participants: number): ConsultationResultsSnapshot => ({
      consultationId,
      participants,
      voteEvents: participants,
      statements: [],
      respondents: null,
      questions: [],
      turnout: [],
      updatedAt: new Date().toISOString(),
    });
    const hidden = nextEvents<{ consultationResultsUpdated: { participants: number } }>(client(null), CONSULTATION_RESULTS, { id: hiddenConsultation.id }, 1);
    const shown = nextEvents<{ consultationResultsUpdated: { participants: number } }>(client(null), CONSULTATION_RESULTS, { id: liveConsultation.id }, 1);
    await Promise.all([hidden.subscribed, shown.subscribed]);

    await server.events.pubSub.publish('CONSULTATION_RESULTS_UPDATED', hiddenConsultation.id, results(hiddenConsultation.id, 5));
    await server.events.pubSub.publish('CONSULTATION_RESULTS_UPDATED', liveConsultation.id, results(liveConsultation.id, 2));
    const shownEvents = await shown.done;
    await server.orm.em.fork().nativeUpdate(Consultation, { id: hiddenConsultation.id }, { resultsPolicy: 'LIVE' });
    await server.events.pubSub.publish('CONSULTATION_RESULTS_UPDATED', hiddenConsultation.id, results(hiddenConsultation.id, 6));
    const hiddenEvents = await hidden.done;

    expect(shownEvents.map((event) => event.consultationResultsUpdated.participants)).toEqual([2]);
    expect(hiddenEvents.map((event) => event.consultationResultsUpdated.participants)).toEqual([6]);
  });

  it('sends a referendum result only after close', async () => {
    const referendumId = randomUUID();
    const result: ReferendumResultSnapshot = {
      referendumId,
      eligibleVoters: 10,
      ballotsCast: 4,
      turnoutPercent: 40,
      quorumPercent: 30,
      binding: true,
      options: [],
      byDistrict: [],
      byChannel: [],
      closedAt: new Date().toISOString(),
      commitment: '0'.repeat(64),
    };
    const update = (status: ReferendumUpdateSnapshot['status']): ReferendumUpdateSnapshot => ({
      referendumId,
      status,
      eligibleVoters: 10,
      ballotsCast: 4,
      turnoutPercent: 40,
      result,
    });
    const watcher = nextEvents<{ referendumUpdated: { status: string; result: { binding: boolean } | null } }>(
      client(null),
      `subscription Follow($id: ID!) { referendumUpdated(referendumId: $id) { status result { binding } } }`,
      { id: referendumId },
      2,
    );
    await watcher.subscribed;

    // A publisher that sends the result too early: the subscription drops it until CLOSED.
    await server.events.pubSub.publish('REFERENDUM_UPDATED', referendumId, update('OPEN'));
    await server.events.pubSub.publish('REFERENDUM_UPDATED', referendumId, update('CLOSED'));
    const events = await watcher.done;

    expect(events.map((event) => event.referendumUpdated)).toEqual([
      { status: 'OPEN', result: null },
      { status: 'CLOSED', result: { binding: true } },
    ]);
  });
});

describe('reporter contact over HTTP', () => {
  let server: TestServer;
  let caseId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const em = server.orm.em.fork();
    const jurisdiction = await ensureJurisdiction(em, 'hc', 'Contact City');
    const categories = await ensureScoped(em, Category, jurisdiction, new Map([['noise', 'Noise']]));
    const roads = em.create(Department, { jurisdiction, code: 'roads', name: 'Roads' });
    const now = new Date();
    const serviceCase = em.create(ServiceCase, {
      number: 'HC-1',
      jurisdiction,
      category: categories.get('noise')!,
      department: roads,
      status: 'NEW',
      channel: 'EMAIL',
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    });
    em.create(CaseContact, { serviceCase, address: ROADS_CONTACT, addressHash: 'c'.repeat(64), createdAt: now });
    await em.flush();
    caseId = serviceCase.id;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const viewerId = async (token: string) =>
    (await server.graphql<{ viewer: { id: string } }>('{ viewer { id } }', {}, { token })).data!.viewer.id;
  const contactReads = async (actorId: string) =>
    server.orm.em.fork().count(AuditEvent, { action: 'personal_data.read', actorId, subjectId: caseId });

  it.each<[string, StaffOrResidentRole, string | undefined, string[] | null]>([
    ['agent of the department', 'AGENT', 'roads', [ROADS_CONTACT]],
    ['manager of the department', 'DEPARTMENT_MANAGER', 'roads', [ROADS_CONTACT]],
    ['administrator', 'ADMINISTRATOR', undefined, [ROADS_CONTACT]],
    ['agent of another department', 'AGENT', 'parks', null],
    ['manager of another department', 'DEPARTMENT_MANAGER', 'parks', null],
    ['auditor', 'AUDITOR', undefined, null],
    ['decision-maker', 'DECISION_MAKER', undefined, null],
    ['resident', 'RESIDENT', undefined, null],
  ])('returns the contact to the %s as expected', async (_name, role, department, expected) => {
    const token = await server.tokenFor(role, department);

    const response = await server.graphql(`query C($id: ID!) { case(id: $id) { reporterContacts } }`, { id: caseId }, { token });
    const reads = await contactReads(await viewerId(token));

    expect(response.errors).toBeUndefined();
    expect(response.data?.case.reporterContacts).toEqual(expected);
    expect(reads).toBe(expected === null ? 0 : 1);
  });

  it('returns no contact to anonymous callers', async () => {
    const response = await server.graphql(`query C($id: ID!) { case(id: $id) { reporterContacts assignedAgentId } }`, { id: caseId });

    expect(response.errors).toBeUndefined();
    expect(response.data?.case.reporterContacts).toBeNull();
    expect(response.data?.case.assignedAgentId).toBeNull();
  });

  it("hides internal notes from another department's agent", async () => {
    const roadsAgent = await server.tokenFor('AGENT', 'roads');
    const parksAgent = await server.tokenFor('AGENT', 'parks');
    await server.graphql(
      `mutation N($input: AddCaseNoteInput!) { addCaseNote(input: $input) { errors { code } } }`,
      { input: { caseId, text: 'roads only', visibility: 'INTERNAL' } },
      { token: roadsAgent },
    );

    const own = await server.graphql<{ case: CaseView }>(CASE_QUERY, { id: caseId }, { token: roadsAgent });
    const other = await server.graphql<{ case: CaseView }>(CASE_QUERY, { id: caseId }, { token: parksAgent });

    expect(summarize(own.data!.case).internalNotes).toEqual(['roads only']);
    expect(summarize(other.data!.case).internalNotes).toEqual([]);
    expect(other.data!.case.reporterContacts).toBeNull();
  });
});
