import { expect } from 'vitest';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { changeCaseStatus } from '../../src/modules/cases/case-lifecycle.service';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { Category } from '../../src/modules/cases/category.entity';
import { Department } from '../../src/modules/cases/department.entity';
import { ensureJurisdiction } from '../../src/modules/cases/reference.service';
import { INBOUND_SECRET_HEADER } from '../../src/modules/email/inbound-email';
import { importCensus } from '../../src/modules/referenda/referendum-setup.service';
import { createService, createKey, postRequest } from '../open311/support';
import type { TestServer } from '../support/server';

/** Secret of the e-mail gateway in these tests. */
export const INBOUND_SECRET = 'privacy-inbound-secret-0123';

/** Settings of a test server that accepts e-mail reports into `gdansk`/`other`. */
export const PRIVACY_SERVER_SETTINGS = {
  RATUSZ_INBOUND_EMAIL_SECRET: INBOUND_SECRET,
  RATUSZ_INBOUND_EMAIL_JURISDICTION: 'gdansk',
  RATUSZ_INBOUND_EMAIL_CATEGORY: 'other',
};

/** Department code of the staff who handle the seeded cases. */
export const CASE_DEPARTMENT = 'test-department';

/** Distinctive personal values of one person, each found nowhere else in the database. */
export type PersonValues = {
  /** Word contained in every free-text value, so one search finds them all. */
  marker: string;
  name: string;
  email: string;
  phone: string;
  residentId: string;
  deviceId: string;
  open311AccountId: string;
  password: string;
};

/** Builds the values of a person whose free text all contains `marker`. */
export function personValues({ marker, number }: { marker: string; number: number }): PersonValues {
  return {
    marker,
    name: `Zofia ${marker}`,
    email: `${marker.toLowerCase()}.${number}@example.org`,
    phone: `+48 600 ${number} ${number}`,
    residentId: `resident-${number}-${number}`,
    deviceId: `device-${number}-${number}`,
    open311AccountId: `open311-account-${number}-${number}`,
    password: `password of ${marker} ${number}`,
  };
}

/** Shared records the people of a test act on: a jurisdiction, consultation, editions and a referendum. */
export type PrivacyFixture = {
  serviceCode: string;
  apiKey: string;
  consultationId: string;
  proposalEditionId: string;
  votingEditionId: string;
  projectIds: string[];
  referendumId: string;
  yesOptionId: string;
};

async function graphqlData(
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  as?: 'ADMINISTRATOR' | 'AGENT' | { token: string },
) {
  const response = await server.graphql(
    query,
    variables,
    typeof as === 'string' ? { as } : (as ?? {}),
  );
  expect(response.errors).toBeUndefined();

  return Object.values(response.data!)[0] as Record<string, any>;
}

/**
 * Creates what the seeded people act on. `voterIds` are the resident ids in the referendum
 * census.
 */
export async function createPrivacyFixture(
  server: TestServer,
  voterIds: string[],
): Promise<PrivacyFixture> {
  const em = server.orm.em.fork();
  const jurisdiction = await ensureJurisdiction(em, 'gdansk', 'Gdańsk');
  em.create(Category, { jurisdiction, code: 'other', name: 'Other' });
  em.create(Department, { jurisdiction, code: CASE_DEPARTMENT, name: 'Test department' });
  await em.flush();
  const apiKey = (await createKey(server)).secret;
  await createService(server, jurisdiction.id, { serviceCode: 'pothole', name: 'Pothole' });

  const consultation = await graphqlData(
    server,
    `mutation ($input: CreateConsultationInput!) { createConsultation(input: $input) { consultation { id } errors { code } } }`,
    { input: { title: 'Night buses', resultsPolicy: 'LIVE' } },
    'ADMINISTRATOR',
  );
  const consultationId = consultation.consultation.id as string;
  const questionnaire = await graphqlData(
    server,
    `mutation ($input: SetQuestionnaireInput!) { setQuestionnaire(input: $input) { errors { code message } } }`,
    {
      input: {
        consultationId,
        questions: [
          {
            code: 'uses',
            type: 'SINGLE_CHOICE',
            prompt: 'Do you take the night bus?',
            required: true,
            options: ['yes', 'no'],
          },
          { code: 'why', type: 'LONG_TEXT', prompt: 'Why?', required: true },
          {
            code: 'safety',
            type: 'SCALE',
            prompt: 'How safe are the stops?',
            scaleMin: 1,
            scaleMax: 5,
            minLabel: 'unsafe',
            maxLabel: 'safe',
          },
        ],
      },
    },
    'ADMINISTRATOR',
  );
  expect(questionnaire.errors).toEqual([]);
  const opened = await graphqlData(
    server,
    `mutation ($input: AdvanceConsultationPhaseInput!) { advanceConsultationPhase(input: $input) { errors { code message } } }`,
    { input: { consultationId, phase: 'OPEN' } },
    'ADMINISTRATOR',
  );
  expect(opened.errors).toEqual([]);

  const budget = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
  const proposalEdition = await budget.createEdition({
    name: 'Proposals 2027',
    currency: 'PLN',
    budget: 100_000_00,
    voteType: 'approval',
    rule: 'greedy',
  });
  const votingEdition = await budget.createEdition({
    name: 'Voting 2026',
    currency: 'PLN',
    budget: 100_000,
    voteType: 'approval',
    rule: 'greedy',
    maxLength: 2,
    phase: 'VOTING',
  });
  const projects = await budget.addProjects(votingEdition, [
    { code: 'A', name: 'Park benches', cost: 60_000 },
    { code: 'B', name: 'Bike racks', cost: 30_000 },
  ]);

  const now = Date.now();
  const referendum = await graphqlData(
    server,
    `mutation ($input: CreateReferendumInput!) { createReferendum(input: $input) { referendum { id options { id } } errors { code message } } }`,
    {
      input: {
        question: 'Should the market square be closed to cars?',
        options: ['Yes', 'No'],
        opensAt: new Date(now - 3_600_000).toISOString(),
        closesAt: new Date(now + 3_600_000).toISOString(),
        quorumPercent: 10,
      },
    },
    'ADMINISTRATOR',
  );
  const referendumId = referendum.referendum.id as string;
  const census = ['voter_id,district', ...voterIds.map((id) => `${id},Stare Miasto`)].join('\n');
  const imported = await importCensus(
    { em: server.orm.em.fork(), config: server.config },
    referendumId,
    census,
    new Date(now - 3_700_000),
  );
  expect(imported.ok).toBe(true);

  return {
    serviceCode: 'pothole',
    apiKey,
    consultationId,
    proposalEditionId: proposalEdition.id,
    votingEditionId: votingEdition.id,
    projectIds: projects.map((project) => project.id),
    referendumId,
    yesOptionId: referendum.referendum.options[0].id,
  };
}

/** Ids of what `seedPerson` wrote. */
export type SeededPerson = {
  accountId: string;
  token: string;
  emailCaseId: string;
  emailCaseNumber: string;
  open311CaseId: string;
  /** Case the person opened through GraphQL while signed in. */
  accountCaseId: string;
  proposalId: string;
  statementId: string;
};

function rawMessage(headers: Record<string, string>, body: string): string {
  return [...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', body].join(
    '\r\n',
  );
}

async function postEmail(server: TestServer, message: string) {
  const response = await fetch(server.url.replace(/\/graphql$/, '/inbound/email'), {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822', [INBOUND_SECRET_HEADER]: INBOUND_SECRET },
    body: message,
  });
  expect(response.status).toBeLessThan(300);

  return (await response.json()) as { caseNumber: string };
}

/**
 * Writes a person's data into every table that can contain it. The person gets an account with a
 * linked resident id, an e-mail case with a reply, attachment and queued notification, an
 * Open311 case, and a case opened through GraphQL while signed in. They also submit and appeal a
 * budget proposal, cast a budget ballot, answer the questionnaire, write and vote on a statement,
 * vote in the referendum, and support `supportCaseId` when it is given.
 */
export async function seedPerson(
  server: TestServer,
  fixture: PrivacyFixture,
  person: PersonValues,
  options: { supportCaseId?: string } = {},
): Promise<SeededPerson> {
  const marker = person.marker;
  const created = await graphqlData(
    server,
    `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id } errors { code message } } }`,
    {
      input: {
        login: person.email,
        password: person.password,
        roles: ['RESIDENT'],
        residentId: person.residentId,
      },
    },
    'ADMINISTRATOR',
  );
  expect(created.errors).toEqual([]);
  const signedIn = await graphqlData(
    server,
    `mutation ($input: SignInInput!) { signIn(input: $input) { token errors { code } } }`,
    {
      input: { login: person.email, password: person.password },
    },
  );
  const token = signedIn.token as string;

  const reported = await postEmail(
    server,
    rawMessage(
      {
        From: `${person.name} <${person.email}>`,
        To: 'city@example.org',
        Subject: `Lamp broken at the ${marker} house`,
        Date: 'Fri, 04 Dec 2026 10:00:00 +0000',
      },
      `The lamp outside the ${marker} house is dark.\r\nCall ${person.name} at ${person.phone}.`,
    ),
  );
  const boundary = 'b1';
  await postEmail(
    server,
    rawMessage(
      {
        From: person.email,
        Subject: `Re: Your report ${reported.caseNumber}`,
        Date: 'Fri, 04 Dec 2026 11:00:00 +0000',
        'MIME-Version': '1.0',
        'Content-Type': `multipart/mixed; boundary="${boundary}"`,
      },
      [
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Still dark, says ${marker}.`,
        `--${boundary}`,
        `Content-Type: image/jpeg; name="${marker}-lamp.jpg"`,
        `Content-Disposition: attachment; filename="${marker}-lamp.jpg"`,
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(`photo taken by ${marker}`).toString('base64'),
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    ),
  );
  const em = server.orm.em.fork();
  const emailCase = await em.findOneOrFail(ServiceCase, { number: reported.caseNumber });
  const department = await em.findOneOrFail(Department, { code: CASE_DEPARTMENT });
  emailCase.department = department;
  await em.flush();
  // A status change queues a notification e-mail to the reporter.
  const changed = await changeCaseStatus(
    { em: server.orm.em.fork(), events: server.events },
    { caseId: emailCase.id, status: 'IN_PROGRESS', publicNote: 'A crew is on its way.' },
  );
  expect(changed.errors).toEqual([]);

  const open311 = await postRequest(server, {
    api_key: fixture.apiKey,
    service_code: fixture.serviceCode,
    lat: '54.35',
    long: '18.64',
    description: `Pothole in front of the ${marker} garage`,
    address_string: `12 ${marker} Lane`,
    address_id: `ADDR-${marker}`,
    media_url: `https://photos.example.org/${marker}.jpg`,
    first_name: 'Zofia',
    last_name: marker,
    email: person.email,
    phone: person.phone,
    device_id: person.deviceId,
    account_id: person.open311AccountId,
  });
  expect(open311.status).toBe(201);
  const [entry] = (await open311.json()) as { service_request_id: string }[];
  const open311Case = await server.orm.em
    .fork()
    .findOneOrFail(ServiceCase, { number: entry!.service_request_id });

  const category = await em.findOneOrFail(Category, {
    code: 'other',
    jurisdiction: { code: 'gdansk' },
  });
  const opened = await graphqlData(
    server,
    `mutation ($input: OpenCaseInput!) { openCase(input: $input) { case { id } errors { code message } } }`,
    {
      input: {
        jurisdictionId: category.jurisdiction.id,
        categoryId: category.id,
        channel: 'MOBILE_APP',
        description: `Bench broken near the ${marker} bakery`,
      },
    },
    { token },
  );
  expect(opened.errors).toEqual([]);

  const proposal = await graphqlData(
    server,
    `mutation ($input: SubmitBudgetProposalInput!) { submitBudgetProposal(input: $input) { proposal { id } errors { code message } } }`,
    {
      input: {
        editionId: fixture.proposalEditionId,
        residentId: person.residentId,
        title: `${marker} community garden`,
        description: `A garden proposed by ${person.name}.`,
        estimatedCost: 40_000_00,
        category: 'Greenery',
      },
    },
    { token },
  );
  expect(proposal.errors).toEqual([]);
  const proposalId = proposal.proposal.id as string;
  const rejected = await graphqlData(
    server,
    `mutation ($input: ReviewBudgetProposalInput!) { reviewBudgetProposal(input: $input) { errors { code message } } }`,
    {
      input: {
        proposalId,
        department: 'Roads Authority',
        outcome: 'REJECT',
        reason: 'Too close to cables.',
      },
    },
    'ADMINISTRATOR',
  );
  expect(rejected.errors).toEqual([]);
  const appealed = await graphqlData(
    server,
    `mutation ($input: AppealBudgetProposalInput!) { appealBudgetProposal(input: $input) { errors { code message } } }`,
    {
      input: {
        proposalId,
        residentId: person.residentId,
        text: `${marker} moved the garden away from the cables.`,
      },
    },
    { token },
  );
  expect(appealed.errors).toEqual([]);

  const ballot = await graphqlData(
    server,
    `mutation ($input: CastBallotInput!) { castBallot(input: $input) { errors { code message } } }`,
    {
      input: {
        editionId: fixture.votingEditionId,
        voterId: person.residentId,
        projectIds: [fixture.projectIds[0]],
      },
    },
    { token },
  );
  expect(ballot.errors).toEqual([]);

  const submission = await graphqlData(
    server,
    `mutation ($input: SubmitQuestionnaireInput!) { submitQuestionnaire(input: $input) { submitted errors { code message } } }`,
    {
      input: {
        consultationId: fixture.consultationId,
        participantId: person.residentId,
        answers: [
          { questionCode: 'uses', choice: 'no' },
          { questionCode: 'why', text: `${person.name} works nights at the bakery.` },
          { questionCode: 'safety', scale: 2 },
        ],
      },
    },
    { token },
  );
  expect(submission.errors).toEqual([]);
  const statement = await graphqlData(
    server,
    `mutation ($input: SubmitStatementInput!) { submitStatement(input: $input) { statement { id } errors { code message } } }`,
    {
      input: {
        consultationId: fixture.consultationId,
        participantId: person.residentId,
        text: `${marker} wants buses every 15 minutes.`,
      },
    },
    { token },
  );
  expect(statement.errors).toEqual([]);
  const statementId = statement.statement.id as string;
  const moderated = await graphqlData(
    server,
    `mutation ($input: ModerateStatementInput!) { moderateStatement(input: $input) { errors { code message } } }`,
    { input: { statementId, decision: 'ACCEPTED' } },
    'ADMINISTRATOR',
  );
  expect(moderated.errors).toEqual([]);
  const statementVote = await graphqlData(
    server,
    `mutation ($input: CastStatementVoteInput!) { castStatementVote(input: $input) { errors { code message } } }`,
    { input: { statementId, participantId: person.residentId, vote: 'AGREE' } },
    { token },
  );
  expect(statementVote.errors).toEqual([]);

  const referendumVote = await graphqlData(
    server,
    `mutation ($input: CastReferendumVoteInput!) { castReferendumVote(input: $input) { errors { code message } } }`,
    {
      input: {
        referendumId: fixture.referendumId,
        voterId: person.residentId,
        optionId: fixture.yesOptionId,
        channel: 'ONLINE',
      },
    },
    { token },
  );
  expect(referendumVote.errors).toEqual([]);

  if (options.supportCaseId) {
    const support = await server.graphql(
      `mutation ($input: SupportCaseInput!) { supportCase(input: $input) { errors { code message } } }`,
      { input: { caseId: options.supportCaseId } },
      { token },
    );
    expect(support.errors).toBeUndefined();
    expect(support.data!.supportCase.errors).toEqual([]);
  }

  return {
    accountId: created.account.id,
    token,
    emailCaseId: emailCase.id,
    emailCaseNumber: reported.caseNumber,
    open311CaseId: open311Case.id,
    accountCaseId: opened.case.id,
    proposalId,
    statementId,
  };
}
