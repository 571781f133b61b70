import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/platform/audit/audit-event.entity';
import { verifyAuditChain } from '../../src/platform/audit/audit';
import { PRIVACY_FIXTURE_PEOPLE } from '../support/personal-values';
import { startTestServer, type TestServer } from '../support/server';
import {
  createPrivacyFixture,
  personValues,
  PRIVACY_SERVER_SETTINGS,
  seedPerson,
  type PersonValues,
  type PrivacyFixture,
  type SeededPerson,
} from './seed';

const REPORTER = `query ($caseId: ID!, $reason: PersonalDataAccessReason) {
  caseReporterDetails(caseId: $caseId, reason: $reason) {
    details { description contactEmailAddresses addressString mediaUrl }
    errors { code field message }
  }
}`;
const TEXT_ANSWERS = `query ($consultationId: ID!, $questionCode: String!, $reason: PersonalDataAccessReason) {
  questionnaireTextAnswers(consultationId: $consultationId, questionCode: $questionCode, reason: $reason, first: 10) {
    answers { totalCount edges { node { submissionId text } } }
    errors { code field message }
  }
}`;
const STAFF_TIMELINE = `query ($id: ID!, $reason: PersonalDataAccessReason) {
  case(id: $id) { staffTimeline(first: 50, reason: $reason) { edges { node { actor note } } } }
}`;

describe('staff reads of personal data', () => {
  let server: TestServer;
  let person: PersonValues;
  let seeded: SeededPerson;
  let fixture: PrivacyFixture;

  const readEvents = () =>
    server.orm.em
      .fork()
      .find(AuditEvent, { action: 'personal_data.read' }, { orderBy: { position: 'asc' } });

  beforeAll(async () => {
    server = await startTestServer(PRIVACY_SERVER_SETTINGS);
    person = personValues(PRIVACY_FIXTURE_PEOPLE.staffRead);
    fixture = await createPrivacyFixture(server, [person.residentId]);
    seeded = await seedPerson(server, fixture, person);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('reporter details are recorded per field', async () => {
    const agentId = (await server.graphql('{ viewer { id } }', {}, { as: 'AGENT' })).data!.viewer
      .id;
    const response = await server.graphql(
      REPORTER,
      { caseId: seeded.emailCaseId, reason: 'CASE_HANDLING' },
      { as: 'AGENT' },
    );
    const events = await readEvents();

    expect(response.errors).toBeUndefined();
    expect(response.data!.caseReporterDetails.errors).toEqual([]);
    expect(response.data!.caseReporterDetails.details.description).toContain(person.phone);
    expect(response.data!.caseReporterDetails.details.contactEmailAddresses).toEqual([
      person.email,
    ]);
    expect(events.map((event) => event.details.field)).toEqual([
      'description',
      'contactEmailAddresses',
      'addressString',
      'mediaUrl',
    ]);
    for (const event of events) {
      expect(event.actorId).toBe(agentId);
      expect(event.subjectType).toBe('service_case');
      expect(event.subjectId).toBe(seeded.emailCaseId);
      expect(event.details.reason).toBe('CASE_HANDLING');
    }
    expect(JSON.stringify(events).toLowerCase()).not.toContain('orlendorf');
    expect((await verifyAuditChain(server.orm.em.fork())).broken).toBeNull();
  });

  it('reporter details reject other departments', async () => {
    const before = (await readEvents()).length;
    const token = await server.tokenFor('AGENT', 'parks');
    const response = await server.graphql(REPORTER, { caseId: seeded.emailCaseId }, { token });

    expect(response.data!.caseReporterDetails.details).toBeNull();
    expect(
      response.data!.caseReporterDetails.errors.map((error: { code: string }) => error.code),
    ).toEqual(['NOT_YOUR_DEPARTMENT']);
    expect(await readEvents()).toHaveLength(before);
  });

  it('reporter details are closed to residents', async () => {
    const response = await server.graphql(
      REPORTER,
      { caseId: seeded.emailCaseId },
      { as: 'RESIDENT' },
    );

    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('staff timeline with resident notes is recorded', async () => {
    const before = (await readEvents()).length;
    const response = await server.graphql(
      STAFF_TIMELINE,
      { id: seeded.emailCaseId, reason: 'RESIDENT_REQUEST' },
      { as: 'AUDITOR' },
    );
    const events = (await readEvents()).slice(before);
    const notes = response.data!.case.staffTimeline.edges.map(
      (edge: { node: { actor: string; note: string | null } }) => edge.node,
    );

    expect(response.errors).toBeUndefined();
    expect(notes).toContainEqual({ actor: 'RESIDENT', note: 'Still dark, says Orlendorf.' });
    expect(events).toHaveLength(1);
    expect(events[0]!.subjectId).toBe(seeded.emailCaseId);
    expect(events[0]!.details).toEqual({
      field: 'timeline.residentNote',
      reason: 'RESIDENT_REQUEST',
    });
  });

  it('staff timeline without resident notes is not recorded', async () => {
    const before = (await readEvents()).length;
    const response = await server.graphql(
      STAFF_TIMELINE,
      { id: seeded.open311CaseId },
      { as: 'AUDITOR' },
    );

    expect(response.errors).toBeUndefined();
    expect(await readEvents()).toHaveLength(before);
  });

  it('text answers are recorded per submission', async () => {
    const before = (await readEvents()).length;
    const response = await server.graphql(
      TEXT_ANSWERS,
      { consultationId: fixture.consultationId, questionCode: 'why', reason: 'AUDIT' },
      { as: 'DECISION_MAKER' },
    );
    const payload = response.data!.questionnaireTextAnswers;
    const events = (await readEvents()).slice(before);

    expect(response.errors).toBeUndefined();
    expect(payload.errors).toEqual([]);
    expect(payload.answers.totalCount).toBe(1);
    expect(payload.answers.edges[0].node.text).toBe(`${person.name} works nights at the bakery.`);
    expect(events).toHaveLength(1);
    expect(events[0]!.subjectType).toBe('questionnaire_submission');
    expect(events[0]!.subjectId).toBe(payload.answers.edges[0].node.submissionId);
    expect(events[0]!.details).toMatchObject({ field: 'answers', reason: 'AUDIT' });
  });

  it('text answers reject choice questions', async () => {
    const response = await server.graphql(
      TEXT_ANSWERS,
      { consultationId: fixture.consultationId, questionCode: 'uses' },
      { as: 'ADMINISTRATOR' },
    );

    expect(response.data!.questionnaireTextAnswers.answers).toBeNull();
    expect(
      response.data!.questionnaireTextAnswers.errors.map((error: { code: string }) => error.code),
    ).toEqual(['NOT_A_TEXT_QUESTION']);
  });

  it('text answers are closed to agents', async () => {
    const response = await server.graphql(
      TEXT_ANSWERS,
      { consultationId: fixture.consultationId, questionCode: 'why' },
      { as: 'AGENT' },
    );

    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reporter details fail closed without audit', async () => {
    const connection = server.orm.em.fork().getConnection();
    const [head] = await connection.execute<{ position: number; hash: string }[]>(
      'select position, hash from audit_chain_head where id = 1',
    );
    await connection.execute('delete from audit_chain_head where id = 1');
    try {
      const response = await server.graphql(
        REPORTER,
        { caseId: seeded.emailCaseId },
        { as: 'AGENT' },
      );

      expect(response.data?.caseReporterDetails ?? null).toBeNull();
      expect(response.errors?.length).toBe(1);
      expect(JSON.stringify(response).toLowerCase()).not.toContain('orlendorf');
    } finally {
      await connection.execute(
        'insert into audit_chain_head (id, position, hash) values (1, ?, ?)',
        [head!.position, head!.hash],
      );
    }
    expect((await verifyAuditChain(server.orm.em.fork())).broken).toBeNull();
  });
});
