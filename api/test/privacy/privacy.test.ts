import 'reflect-metadata';
import { AuditEvent } from '../../src/platform/audit/audit-event.entity';
import type { EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginHash, residentIdHash } from '../../src/modules/accounts/account.service';
import { canonicalEdition } from '../../src/modules/budget/budget-lifecycle';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { ProposalService } from '../../src/modules/budget/proposal.service';
import { supporterHash } from '../../src/modules/duplicates/duplicate.service';
import { hashIdentifier } from '../../src/platform/identity';
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

const EXPORT = `query ($person: PersonInput!) { personalDataExport(person: $person) { data errors { code field message } } }`;
const ERASE = `mutation ($input: ErasePersonalDataInput!) {
  erasePersonalData(input: $input) {
    erased { cases caseContacts attachments proposals submissions statements supports ballots }
    errors { code field message }
  }
}`;
const CONSULTATION_RESULTS = `query ($id: ID!) {
  consultation(id: $id) {
    results {
      participants voteEvents respondents
      statements { statementId agree disagree pass agreeEvents disagreeEvents passEvents }
      questions { questionCode respondents suppressed mean options { value count } }
    }
  }
}`;
const AFFECTED = `query ($id: ID!) { case(id: $id) { affectedResidents } }`;

/** Returns the values of `person` that must not survive erasure. */
function searchedValues(person: PersonValues): string[] {
  return [
    person.marker,
    person.name,
    person.email,
    person.phone,
    person.residentId,
    person.deviceId,
    person.open311AccountId,
  ];
}

/**
 * Returns the keyed hashes that link records to `person` and that erasure must remove. The
 * hashes that stop a second vote or answer (voter, participant and register hashes) are kept.
 */
function linkingHashes(
  server: TestServer,
  fixture: PrivacyFixture,
  person: PersonValues,
  accountId: string,
): string[] {
  const key = server.config.hashKey;
  const budget = new BudgetService(server.orm.em.fork(), { hashKey: key });
  const proposals = new ProposalService(server.orm.em.fork(), { hashKey: key });

  return [
    loginHash(server.config, person.email),
    residentIdHash(server.config, person.residentId),
    supporterHash(key, accountId),
    proposals.submitterHash(fixture.proposalEditionId, person.residentId),
    budget.ballotToken(fixture.votingEditionId, person.residentId),
    hashIdentifier(key, 'email-sender', person.email),
    hashIdentifier(key, 'open311-email', person.email),
    hashIdentifier(key, 'open311-phone', person.phone),
    hashIdentifier(key, 'open311-device_id', person.deviceId),
    hashIdentifier(key, 'open311-account_id', person.open311AccountId),
  ];
}

/** Lists the tables of the database, on either engine. */
async function listTables(em: EntityManager, engine: 'sqlite' | 'postgresql'): Promise<string[]> {
  const connection = em.getConnection();
  const rows: { name: string }[] =
    engine === 'sqlite'
      ? await connection.execute("select name from sqlite_master where type = 'table'")
      : await connection.execute(
          "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
        );

  return rows.map((row) => row.name);
}

function cellText(value: unknown): string {
  if (value instanceof ArrayBuffer) {
    return Buffer.from(new Uint8Array(value)).toString('latin1');
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return Buffer.from(value).toString('latin1');
  }
  if (value instanceof Date) {
    return value.toISOString();
  }

  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** Returns `table.column` for every cell of every table that contains one of `values`, ignoring case. */
async function findValues(server: TestServer, values: string[]): Promise<string[]> {
  const em = server.orm.em.fork();
  const needles = values.map((value) => value.toLowerCase());
  const found: string[] = [];
  for (const table of await listTables(em, server.database.engine)) {
    const quoted = server.database.engine === 'sqlite' ? `\`${table}\`` : `"${table}"`;
    const rows: Record<string, unknown>[] = await em
      .getConnection()
      .execute(`select * from ${quoted}`);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        const text = cellText(value).toLowerCase();
        for (const needle of needles) {
          if (text.includes(needle)) {
            found.push(`${table}.${column} contains ${needle}`);
          }
        }
      }
    }
  }

  return [...new Set(found)];
}

/** Reads every count the city publishes or decides by, so a test can compare them. */
async function snapshotTallies(
  server: TestServer,
  fixture: PrivacyFixture,
  supportedCaseId: string,
) {
  const em = server.orm.em.fork();
  const sql = (query: string, parameters: unknown[] = []) =>
    em.getConnection().execute(query, parameters);
  const consultation = await server.graphql(CONSULTATION_RESULTS, { id: fixture.consultationId });
  const affected = await server.graphql(AFFECTED, { id: supportedCaseId });
  expect(consultation.errors).toBeUndefined();
  expect(affected.errors).toBeUndefined();

  return {
    budgetEdition: await canonicalEdition(em, fixture.votingEditionId),
    budgetVoters: await sql('select count(*) as n from ballot_voter'),
    proposalsByStatus: await sql(
      'select status, count(*) as n from budget_proposal group by status order by status',
    ),
    consultationResults: consultation.data!.consultation.results,
    statementVotes: await sql(
      'select statement_id, value, count(*) as n from statement_vote group by statement_id, value order by statement_id, value',
    ),
    submissions: await sql('select count(*) as n from questionnaire_submission'),
    referendumBallots: await sql(
      'select option_id, count(*) as n from referendum_ballot group by option_id order by option_id',
    ),
    referendumParticipations: await sql('select count(*) as n from referendum_participation'),
    casesByStatus: await sql(
      'select status, category_id, channel, count(*) as n from service_case group by status, category_id, channel order by status, category_id, channel',
    ),
    timelineEntries: await sql('select count(*) as n from case_timeline_entry'),
    affectedResidents: affected.data!.case.affectedResidents,
  };
}

describe('personal data export and erasure', () => {
  let server: TestServer;
  let fixture: PrivacyFixture;
  const zofia = personValues(PRIVACY_FIXTURE_PEOPLE.zofia);
  const bartosz = {
    ...personValues(PRIVACY_FIXTURE_PEOPLE.bartosz),
    name: `Bartosz ${PRIVACY_FIXTURE_PEOPLE.bartosz.marker}`,
  };
  let zofiaRecords: SeededPerson;
  let bartoszRecords: SeededPerson;

  /** Input of an administrator's erasure of Zofia under every identifier. */
  const fullErasure = () => ({
    accountId: zofiaRecords.accountId,
    residentId: zofia.residentId,
    emailAddresses: [zofia.email],
    phoneNumbers: [zofia.phone],
    confirmation: 'ERASE',
  });

  beforeAll(async () => {
    server = await startTestServer(PRIVACY_SERVER_SETTINGS);
    fixture = await createPrivacyFixture(server, [zofia.residentId, bartosz.residentId, 'voter-3']);
    bartoszRecords = await seedPerson(server, fixture, bartosz);
    zofiaRecords = await seedPerson(server, fixture, zofia, {
      supportCaseId: bartoszRecords.emailCaseId,
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('export contains only the resident', async () => {
    const response = await server.graphql(
      EXPORT,
      { person: { residentId: zofia.residentId, emailAddresses: [zofia.email] } },
      { token: zofiaRecords.token },
    );
    expect(response.errors).toBeUndefined();
    const payload = response.data!.personalDataExport;
    const text = JSON.stringify(payload.data);

    expect(payload.errors).toEqual([]);
    expect(payload.data.account.id).toBe(zofiaRecords.accountId);
    expect(
      payload.data.reportedCases.map((reported: { id: string }) => reported.id).sort(),
    ).toEqual(
      [zofiaRecords.emailCaseId, zofiaRecords.open311CaseId, zofiaRecords.accountCaseId].sort(),
    );
    expect(payload.data.notifications.length).toBeGreaterThan(0);
    expect(payload.data.caseSupports).toHaveLength(1);
    expect(payload.data.budgetProposals).toHaveLength(1);
    expect(payload.data.budgetProposals[0].appealText).toContain('Quellmaker');
    expect(payload.data.budgetBallots).toHaveLength(1);
    expect(payload.data.questionnaireSubmissions).toHaveLength(1);
    expect(payload.data.statements).toHaveLength(1);
    expect(payload.data.statementVotes).toHaveLength(1);
    expect(payload.data.referendumParticipations).toHaveLength(1);
    expect(text).toContain(`Pothole in front of the Quellmaker garage`);
    expect(text).toContain(`12 Quellmaker Lane`);
    expect(text).toContain('Bench broken near the Quellmaker bakery');
    expect(text).toContain('Still dark, says Quellmaker.');
    expect(text.toLowerCase()).not.toContain('vantridge');
  });

  it('export is recorded in the audit log', async () => {
    const events = await server.orm.em
      .fork()
      .find(AuditEvent, { action: 'person.exported', subjectId: zofiaRecords.accountId });

    expect(events).toHaveLength(1);
    expect(events[0]!.actorId).toBe(zofiaRecords.accountId);
  });

  it('export rejects identifiers of someone else', async () => {
    const response = await server.graphql(
      EXPORT,
      {
        person: {
          residentId: bartosz.residentId,
          emailAddresses: [bartosz.email],
          phoneNumbers: [zofia.phone],
          accountId: bartoszRecords.accountId,
        },
      },
      { token: zofiaRecords.token },
    );
    const payload = response.data!.personalDataExport;

    expect(payload.data).toBeNull();
    expect(payload.errors.map((error: { code: string }) => error.code)).toEqual([
      'NOT_YOUR_ACCOUNT',
      'PHONE_NOT_VERIFIABLE',
      'NOT_YOUR_RESIDENT_ID',
      'NOT_YOUR_EMAIL',
    ]);
  });

  it('administrator exports by phone number', async () => {
    const response = await server.graphql(
      EXPORT,
      { person: { phoneNumbers: [zofia.phone] } },
      { as: 'ADMINISTRATOR' },
    );
    const payload = response.data!.personalDataExport;

    expect(payload.errors).toEqual([]);
    expect(payload.data.account).toBeNull();
    expect(payload.data.reportedCases.map((reported: { id: string }) => reported.id)).toEqual([
      zofiaRecords.open311CaseId,
    ]);
    expect(payload.data.budgetProposals).toEqual([]);
  });

  it('administrator export needs a person', async () => {
    const response = await server.graphql(EXPORT, { person: {} }, { as: 'ADMINISTRATOR' });

    expect(response.data!.personalDataExport.data).toBeNull();
    expect(
      response.data!.personalDataExport.errors.map((error: { code: string }) => error.code),
    ).toEqual(['PERSON_REQUIRED']);
  });

  it('rejects a free-text account id', async () => {
    for (const accountId of ['victim@mail.example', 'John Smith, 12 Main St']) {
      const response = await server.graphql(EXPORT, { person: { accountId } }, { as: 'ADMINISTRATOR' });
      const erased = await server.graphql(
        ERASE,
        { input: { accountId, confirmation: 'ERASE' } },
        { as: 'ADMINISTRATOR' },
      );

      expect(response.data!.personalDataExport.errors.map((error: { code: string }) => error.code)).toEqual([
        'INVALID_ACCOUNT_ID',
      ]);
      expect(erased.data!.erasePersonalData.errors.map((error: { code: string }) => error.code)).toEqual([
        'INVALID_ACCOUNT_ID',
      ]);
    }
    const subjects = await server.orm.em.fork().find(AuditEvent, {}, { fields: ['subjectId', 'actorId'] });
    expect(JSON.stringify(subjects)).not.toMatch(/mail\.example|Main St/);
  });

  it('erasure needs the confirmation', async () => {
    const response = await server.graphql(
      ERASE,
      { input: { confirmation: 'yes' } },
      { token: zofiaRecords.token },
    );

    expect(response.data!.erasePersonalData.erased).toBeNull();
    expect(
      response.data!.erasePersonalData.errors.map((error: { code: string }) => error.code),
    ).toEqual(['CONFIRMATION_REQUIRED']);
  });

  it('failed erasure leaves everything', async () => {
    const before = await findValues(server, searchedValues(zofia));
    const connection = server.orm.em.fork().getConnection();
    const [head] = await connection.execute<{ position: number; hash: string }[]>(
      'select position, hash from audit_chain_head where id = 1',
    );
    // Without the chain head the audit entry cannot be written, so the transaction fails.
    await connection.execute('delete from audit_chain_head where id = 1');
    let response;
    try {
      response = await server.graphql(ERASE, { input: fullErasure() }, { as: 'ADMINISTRATOR' });
    } finally {
      await connection.execute(
        'insert into audit_chain_head (id, position, hash) values (1, ?, ?)',
        [head!.position, head!.hash],
      );
    }

    expect(response.data?.erasePersonalData ?? null).toBeNull();
    expect(response.errors?.length).toBe(1);
    expect(await findValues(server, searchedValues(zofia))).toEqual(before);
    expect((await verifyAuditChain(server.orm.em.fork())).broken).toBeNull();
  });

  it('erasure removes every value and keeps tallies', async () => {
    const zofiaValues = searchedValues(zofia);
    const bartoszValues = searchedValues(bartosz);
    const seededTables = new Set(
      (await findValues(server, zofiaValues)).map((cell) => cell.split('.')[0]),
    );
    const hashes = linkingHashes(server, fixture, zofia, zofiaRecords.accountId);
    const storedHashes = new Set(
      (await findValues(server, hashes)).map((cell) => cell.split(' contains ')[1]),
    );
    expect(storedHashes.size).toBe(hashes.length);
    const before = await snapshotTallies(server, fixture, bartoszRecords.emailCaseId);

    const response = await server.graphql(ERASE, { input: fullErasure() }, { as: 'ADMINISTRATOR' });
    expect(response.errors).toBeUndefined();
    const payload = response.data!.erasePersonalData;
    const after = await snapshotTallies(server, fixture, bartoszRecords.emailCaseId);
    const verification = await verifyAuditChain(server.orm.em.fork());

    // The seed reached every table that stores raw personal values; the others hold only hashes.
    expect([...seededTables].sort()).toEqual([
      'budget_proposal',
      'case_attachment',
      'case_contact',
      'case_timeline_entry',
      'open311_request',
      'questionnaire_submission',
      'service_case',
      'statement',
    ]);
    expect(payload.errors).toEqual([]);
    expect(payload.erased).toEqual({
      cases: 3,
      caseContacts: 1,
      attachments: 1,
      proposals: 1,
      submissions: 1,
      statements: 1,
      supports: 1,
      ballots: 1,
    });
    expect(await findValues(server, zofiaValues)).toEqual([]);
    expect(await findValues(server, hashes)).toEqual([]);
    expect(after).toEqual(before);
    expect(verification.broken).toBeNull();
    // The other person's records are untouched.
    expect((await findValues(server, bartoszValues)).length).toBeGreaterThan(5);
  });

  it('erased resident can no longer sign in', async () => {
    const signIn = await server.graphql(
      `mutation ($input: SignInInput!) { signIn(input: $input) { token errors { code } } }`,
      { input: { login: zofia.email, password: zofia.password } },
    );
    const withOldToken = await server.graphql(
      '{ viewer { id } }',
      {},
      { token: zofiaRecords.token },
    );
    const events = await server.orm.em.fork().find(AuditEvent, { action: 'person.erased' });

    expect(signIn.data!.signIn.errors.map((error: { code: string }) => error.code)).toEqual([
      'INVALID_CREDENTIALS',
    ]);
    expect(withOldToken.data?.viewer.id ?? null).toBeNull();
    expect(events).toHaveLength(1);
    expect(events[0]!.subjectId).toBe(zofiaRecords.accountId);
  });

  it('resident erases their own data', async () => {
    const response = await server.graphql(
      ERASE,
      {
        input: {
          residentId: bartosz.residentId,
          emailAddresses: [bartosz.email],
          confirmation: 'ERASE',
        },
      },
      { token: bartoszRecords.token },
    );
    const payload = response.data!.erasePersonalData;
    // Open311 reports matched by phone alone need an administrator, so only the values the
    // resident could name are checked here.
    const remaining = await findValues(server, [bartosz.marker, bartosz.email, bartosz.residentId]);

    expect(payload.errors).toEqual([]);
    expect(payload.erased.cases).toBe(3);
    expect(remaining).toEqual([]);
    expect((await verifyAuditChain(server.orm.em.fork())).broken).toBeNull();
  });
});
