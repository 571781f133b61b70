import { Writable } from 'node:stream';
import {
  getNamedType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Category } from '../src/modules/cases/category.entity';
import { ensureJurisdiction } from '../src/modules/cases/reference.service';
import { seedDemoIfEmpty } from '../src/modules/demo/seed';
import { INBOUND_EMAIL_PATH, INBOUND_SECRET_HEADER } from '../src/modules/email/inbound-email';
import { listOperationAccess } from '../src/platform/auth/access';
import { createLogger } from '../src/platform/logger';
import { createKey, createService, open311Base, postRequest } from './open311/support';
import { baseValue, demoIds, selectionOf, type IdPool } from './support/schema-values';
import { ZBYGNIEWA_QWERTOWSKA } from './support/personal-values';
import { startTestServer, type TestServer } from './support/server';

/**
 * Privacy scan: distinctive personal values go in through GraphQL, Open311, e-mail and sign-in. Then
 * every public query, every subscription a non-staff viewer may open, the Open311 read
 * endpoints and every log line at trace level are searched for them.
 */

const INBOUND_SECRET = 'privacy-scan-inbound-secret';

const PERSONAL = ZBYGNIEWA_QWERTOWSKA;

/** Forms of the values a leak could take: as sent, lower-cased, or with the phone's spaces removed. */
const NEEDLES = [
  ...Object.values(PERSONAL),
  PERSONAL.lastName.toLowerCase(),
  PERSONAL.phone.replace(/\s/g, ''),
  '601987654',
  'ZX-SECRET-4471',
];

function leaksIn(text: string): string[] {
  const lower = text.toLowerCase();

  return NEEDLES.filter((needle) => lower.includes(needle.toLowerCase()));
}

describe('privacy scan', () => {
  const logLines: string[] = [];
  const subscriptionMessages: { operation: string; caller: string; message: string }[] = [];
  let server: TestServer;
  let ids: IdPool;
  const caseIds: string[] = [];

  beforeAll(async () => {
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    server = await startTestServer(
      {
        LOG_LEVEL: 'trace',
        RATUSZ_INBOUND_EMAIL_SECRET: INBOUND_SECRET,
        RATUSZ_INBOUND_EMAIL_JURISDICTION: 'privacy-town',
        RATUSZ_INBOUND_EMAIL_CATEGORY: 'other',
      },
      createLogger({ logLevel: 'trace' }, 'ratusz-api', capture),
    );
    await seedDemoIfEmpty(server.orm, server.config, createLogger({ logLevel: 'silent' }));
    ids = await demoIds(server);

    await subscribeAsNonStaff();
    await submitPersonalData();
    // Lets the subscriptions deliver the events of the writes above.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** Opens every subscription that anonymous and resident viewers may use, recording each message. */
  async function subscribeAsNonStaff(): Promise<void> {
    const subscriptionType = server.schema.getSubscriptionType()!;
    const operations = listOperationAccess(server.schema).filter(
      (operation) =>
        operation.operationType === 'subscription' &&
        (operation.access === 'PUBLIC' || operation.access === 'SIGNED_IN'),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const caller of ['ANONYMOUS', 'RESIDENT'] as const) {
      const client = server.wsClient(caller === 'RESIDENT' ? { as: 'RESIDENT' } : {});
      for (const operation of operations) {
        if (caller === 'ANONYMOUS' && operation.access === 'SIGNED_IN') {
          continue;
        }
        const { query, variables } = operationDocument(
          subscriptionType.getFields()[operation.field]!,
          'subscription',
        );
        client.subscribe(
          { query, variables },
          {
            next: (value) =>
              subscriptionMessages.push({
                operation: operation.field,
                caller,
                message: JSON.stringify(value),
              }),
            error: (error) =>
              subscriptionMessages.push({
                operation: operation.field,
                caller,
                message: JSON.stringify(error),
              }),
            complete: () => {},
          },
        );
      }
      await new Promise<void>((resolve) => client.on('connected', () => setTimeout(resolve, 300)));
    }
  }

  /** Sends the personal values through each intake that accepts them. */
  async function submitPersonalData(): Promise<void> {
    const created = await server.graphql(
      'mutation ($input: CreateAccountInput!) { createAccount(input: $input) { errors { code } } }',
      {
        input: { login: PERSONAL.login, password: 'a long resident password', roles: ['RESIDENT'] },
      },
      { as: 'ADMINISTRATOR' },
    );
    expect(created.data!.createAccount.errors).toEqual([]);
    for (const password of ['a long resident password', 'a wrong password']) {
      await server.graphql('mutation ($input: SignInInput!) { signIn(input: $input) { token } }', {
        input: { login: PERSONAL.login, password },
      });
    }

    const description = `${PERSONAL.freeText}. ${PERSONAL.firstName} ${PERSONAL.lastName}, ${PERSONAL.email}, ${PERSONAL.phone}`;
    const opened = await server.graphql(
      'mutation ($input: OpenCaseInput!) { openCase(input: $input) { case { id } errors { code } } }',
      {
        input: {
          jurisdictionId: ids.jurisdiction,
          categoryId: ids.category,
          channel: 'WEB',
          description,
          latitude: 52.23,
          longitude: 21.01,
        },
      },
    );
    expect(opened.data!.openCase.errors).toEqual([]);
    caseIds.push(opened.data!.openCase.case.id);

    const key = await createKey(server);
    await createService(server, ids.jurisdiction!, { serviceCode: 'PRIVACY-1', name: 'Noise' });
    const posted = await postRequest(server, {
      api_key: key.secret,
      service_code: 'PRIVACY-1',
      lat: '52.23',
      long: '21.01',
      description: PERSONAL.freeText,
      first_name: PERSONAL.firstName,
      last_name: PERSONAL.lastName,
      email: PERSONAL.email,
      phone: PERSONAL.phone,
    });
    expect(posted.status).toBe(201);
    const [open311Case] = (await posted.json()) as { service_request_id?: string }[];
    if (open311Case?.service_request_id) {
      caseIds.push(open311Case.service_request_id);
    }

    // Created after the Open311 request, which needs a jurisdiction_id once there are two.
    const em = server.orm.em.fork();
    const jurisdiction = await ensureJurisdiction(em, 'privacy-town', 'Privacy Town');
    em.create(Category, { jurisdiction, code: 'other', name: 'Other' });
    await em.flush();
    const mail = [
      `From: ${PERSONAL.firstName} ${PERSONAL.lastName} <${PERSONAL.email}>`,
      'To: city@example.org',
      `Subject: ${PERSONAL.freeText}`,
      'Date: Fri, 04 Dec 2026 10:00:00 +0000',
      '',
      `${PERSONAL.freeText}\r\nCall me: ${PERSONAL.phone}`,
    ].join('\r\n');
    const mailed = await fetch(server.url.replace(/\/graphql$/, INBOUND_EMAIL_PATH), {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', [INBOUND_SECRET_HEADER]: INBOUND_SECRET },
      body: mail,
    });
    expect({ status: mailed.status, body: await mailed.text() }).toMatchObject({ status: 201 });

    await server.graphql(
      'mutation ($input: AddCaseNoteInput!) { addCaseNote(input: $input) { errors { code } } }',
      { input: { caseId: caseIds[0], text: PERSONAL.note, visibility: 'INTERNAL' } },
      { as: 'ADMINISTRATOR' },
    );
    const ballot = await server.graphql(
      'mutation ($input: CastBallotInput!) { castBallot(input: $input) { errors { code } } }',
      { input: { editionId: ids.edition, voterId: PERSONAL.voterId, projectIds: [] } },
    );
    expect(ballot.errors).toBeUndefined();
    const vote = await server.graphql(
      'mutation ($input: CastStatementVoteInput!) { castStatementVote(input: $input) { errors { code } } }',
      {
        input: { statementId: ids.statement, participantId: PERSONAL.participantId, vote: 'AGREE' },
      },
    );
    expect(vote.errors).toBeUndefined();
  }

  it('stores the values for staff', async () => {
    const rows: { count: number | string }[] = await server.orm.em
      .getConnection()
      .execute(
        "select count(*) as count from service_case where description like '%ZX-SECRET-4471%'",
      );

    // The cases from GraphQL, Open311 and e-mail all keep the resident's text.
    expect(Number(rows[0]!.count)).toBe(3);
  });

  it('leaks nothing to public queries', async () => {
    const queryType = server.schema.getQueryType()!;
    const operations = listOperationAccess(server.schema).filter(
      (operation) => operation.operationType === 'query' && operation.access === 'PUBLIC',
    );
    const leaks: string[] = [];
    let answered = 0;
    for (const operation of operations) {
      const { query, variables } = operationDocument(
        queryType.getFields()[operation.field]!,
        'query',
      );
      const response = await server.graphql(query, variables);
      if (response.data) {
        answered += 1;
      }
      const found = leaksIn(JSON.stringify(response));
      if (found.length > 0) {
        leaks.push(`${operation.field}: ${found.join(', ')}`);
      }
    }
    for (const id of caseIds) {
      const response = await server.graphql(
        `query ($id: ID!) { case(id: $id) ${selectionOf(server.schema.getType('Case') as GraphQLObjectType, 3, true)} }`,
        { id },
      );
      leaks.push(...leaksIn(JSON.stringify(response)).map((needle) => `case ${id}: ${needle}`));
    }

    expect(answered).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
  });

  it('leaks nothing through Open311 reads', async () => {
    const leaks: string[] = [];
    for (const path of [
      'requests.json',
      'requests.xml',
      'services.json',
      ...caseIds.flatMap((id) => [`requests/${id}.json`, `requests/${id}.xml`]),
    ]) {
      const response = await fetch(`${open311Base(server)}/${path}`);
      const body = await response.text();
      expect(response.status, path).toBeLessThan(500);
      leaks.push(...leaksIn(body).map((needle) => `${path}: ${needle}`));
    }

    expect(leaks).toEqual([]);
  });

  it('leaks nothing to non-staff subscribers', () => {
    const leaks = subscriptionMessages.flatMap((entry) =>
      leaksIn(entry.message).map((needle) => `${entry.caller} ${entry.operation}: ${needle}`),
    );

    expect(subscriptionMessages.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });

  it('leaks nothing to the log', () => {
    const leaks = logLines.flatMap((line) =>
      leaksIn(line).map((needle) => `${needle} in ${line.slice(0, 300)}`),
    );

    // Trace level logs every query, so an empty capture would mean the logger was not wired.
    expect(logLines.length).toBeGreaterThan(100);
    expect(leaks).toEqual([]);
  });

  /** Builds a document that calls `field` with real ids for its required arguments and selects everything. */
  function operationDocument(
    field: GraphQLField<unknown, unknown>,
    kind: 'query' | 'subscription',
  ) {
    const required = field.args.filter(
      (argument) => isNonNullType(argument.type) && argument.defaultValue === undefined,
    );
    const declarations = required
      .map((argument) => `$${argument.name}: ${String(argument.type)}`)
      .join(', ');
    const passed = required.map((argument) => `${argument.name}: $${argument.name}`).join(', ');
    const variables = Object.fromEntries(
      required.map((argument) => [
        argument.name,
        baseValue(argument.type, argument.name === 'id' ? field.name : argument.name, ids),
      ]),
    );
    const named = getNamedType(field.type);
    const selection = isObjectType(named) ? ` ${selectionOf(named, 3, true)}` : '';

    return {
      query: `${kind} Scan${declarations ? `(${declarations})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`,
      variables,
    };
  }
});
