import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStatement,
  createConsultation,
} from '../../src/modules/consultations/consultation.service';
import {
  StatementVote,
  StatementVoteEvent,
} from '../../src/modules/consultations/statement-vote.entity';
import { polisImporter } from '../../src/modules/consultations/polis.importer';
import { importFile } from '../../src/modules/imports/import.service';
import { dataFile, hasData } from '../support/data';
import { nextEvents, startTestServer, type TestServer, testLogger } from '../support/server';
import { readExportTable } from './support';

const CAST_VOTE = `
  mutation Cast($input: CastStatementVoteInput!) {
    castStatementVote(input: $input) {
      result { statementId code text agree disagree pass agreeEvents disagreeEvents passEvents }
      errors { code field message }
    }
  }`;

const RESULTS_FIELDS = `
  consultationId participants voteEvents updatedAt
  statements { statementId code text agree disagree pass agreeEvents disagreeEvents passEvents }`;

const RESULTS_UPDATED = `
  subscription Results($consultationId: ID!) {
    consultationResultsUpdated(consultationId: $consultationId) { ${RESULTS_FIELDS} }
  }`;

const CONSULTATION = `
  query Consultation($id: ID!) {
    consultation(id: $id) {
      id title description source
      statements(first: 100) { totalCount edges { node { id code text moderation createdAt } } }
      results { ${RESULTS_FIELDS} }
    }
  }`;

const REJECTED_TEXT = 'Rejected spam text that must stay private';
const UNMODERATED_TEXT = 'Unreviewed text that must stay private';

describe('consultations over GraphQL', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** Creates a consultation with one statement in each moderation state. */
  async function consultationFixture() {
    const em = server.orm.em.fork();
    const consultation = await createConsultation(em, {
      title: 'Night buses',
      description: 'Should they run hourly?',
      phase: 'OPEN',
      resultsPolicy: 'LIVE',
    });
    const accepted = await addStatement(em, consultation, {
      code: '0',
      text: 'Run them hourly.',
      moderation: 'ACCEPTED',
    });
    const rejected = await addStatement(em, consultation, {
      code: '1',
      text: REJECTED_TEXT,
      moderation: 'REJECTED',
    });
    const unmoderated = await addStatement(em, consultation, {
      code: '2',
      text: UNMODERATED_TEXT,
      moderation: 'PENDING',
    });

    return { consultation, accepted, rejected, unmoderated };
  }

  const cast = (statementId: string, participantId: string, vote: string) =>
    server.graphql(CAST_VOTE, { input: { statementId, participantId, vote } });

  it('counts a changed vote once and both events', async () => {
    const { accepted } = await consultationFixture();

    await cast(accepted.id, 'resident-1', 'AGREE');
    const changed = await cast(accepted.id, 'resident-1', 'DISAGREE');

    expect(changed).toEqual({
      data: {
        castStatementVote: {
          result: {
            statementId: accepted.id,
            code: '0',
            text: 'Run them hourly.',
            agree: 0,
            disagree: 1,
            pass: 0,
            agreeEvents: 1,
            disagreeEvents: 1,
            passEvents: 0,
          },
          errors: [],
        },
      },
    });
  });

  it('sends updated results to a WebSocket subscriber', async () => {
    const { consultation, accepted } = await consultationFixture();
    const client = server.wsClient();
    const { subscribed, done } = nextEvents(
      client,
      RESULTS_UPDATED,
      { consultationId: consultation.id },
      1,
    );
    await subscribed;

    await cast(accepted.id, 'resident-2', 'PASS');
    const events = await done;
    const query = await server.graphql(CONSULTATION, { id: consultation.id });

    expect(events).toEqual([{ consultationResultsUpdated: query.data!.consultation.results }]);
    expect(query.data!.consultation.results).toEqual({
      consultationId: consultation.id,
      participants: 1,
      voteEvents: 1,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      statements: [
        {
          statementId: accepted.id,
          code: '0',
          text: 'Run them hourly.',
          agree: 0,
          disagree: 0,
          pass: 1,
          agreeEvents: 0,
          disagreeEvents: 0,
          passEvents: 1,
        },
      ],
    });
  });

  it('rejects votes on statements not accepted', async () => {
    const { rejected, unmoderated } = await consultationFixture();

    const onRejected = await cast(rejected.id, 'resident-3', 'AGREE');
    const onUnmoderated = await cast(unmoderated.id, 'resident-3', 'AGREE');

    for (const [response, statementId] of [
      [onRejected, rejected.id],
      [onUnmoderated, unmoderated.id],
    ] as const) {
      expect(response).toEqual({
        data: {
          castStatementVote: {
            result: null,
            errors: [
              {
                code: 'STATEMENT_NOT_ACCEPTED',
                field: ['statementId'],
                message: `Statement "${statementId}" is not accepted by moderation and takes no votes: vote on an ACCEPTED statement.`,
              },
            ],
          },
        },
      });
    }
  });

  it('reports an unknown statement as NOT_FOUND', async () => {
    const unknown = await cast('00000000-0000-4000-8000-000000000000', 'resident-4', 'AGREE');
    const malformed = await cast('not-an-id', 'resident-4', 'AGREE');

    expect(
      unknown.data!.castStatementVote.errors.map((error: { code: string }) => error.code),
    ).toEqual(['NOT_FOUND']);
    expect(malformed.data!.castStatementVote).toEqual({
      result: null,
      errors: [
        {
          code: 'NOT_FOUND',
          field: ['statementId'],
          message:
            'No statement has id "not-an-id": pass the id of a statement from consultation.statements.',
        },
      ],
    });
  });

  it('keeps one current vote under 30 concurrent votes', async () => {
    const { consultation, accepted } = await consultationFixture();
    const values = ['AGREE', 'DISAGREE', 'PASS'];

    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) => cast(accepted.id, 'resident-5', values[index % 3]!)),
    );
    const em = server.orm.em.fork();
    const current = await em.count(StatementVote, { statement: accepted.id });
    const events = await em.count(StatementVoteEvent, { statement: accepted.id });
    const results = (await server.graphql(CONSULTATION, { id: consultation.id })).data!.consultation
      .results;
    const [tally] = results.statements;

    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    expect(responses.flatMap((response) => response.data!.castStatementVote.errors)).toEqual([]);
    expect(current).toBe(1);
    expect(events).toBe(30);
    expect(tally.agree + tally.disagree + tally.pass).toBe(1);
    expect([tally.agreeEvents, tally.disagreeEvents, tally.passEvents]).toEqual([10, 10, 10]);
    expect(results.participants).toBe(1);
  });

  it('hides the text of statements that are not accepted', async () => {
    const { consultation, accepted, rejected, unmoderated } = await consultationFixture();
    const client = server.wsClient();
    const { subscribed, done } = nextEvents(
      client,
      RESULTS_UPDATED,
      { consultationId: consultation.id },
      1,
    );
    await subscribed;

    const vote = await cast(accepted.id, 'resident-6', 'AGREE');
    const refused = await cast(rejected.id, 'resident-6', 'AGREE');
    const query = await server.graphql(CONSULTATION, { id: consultation.id });
    const list = await server.graphql(
      '{ consultations(first: 100) { edges { node { statements(first: 100) { edges { node { text } } } } } } }',
    );
    const events = await done;
    const statements = query.data!.consultation.statements.edges.map(
      (edge: { node: unknown }) => edge.node,
    );
    const published = JSON.stringify([vote, refused, query, list, events]);

    expect(
      statements.map((node: { id: string; text: string | null; moderation: string }) => [
        node.id,
        node.moderation,
        node.text,
      ]),
    ).toEqual([
      [accepted.id, 'ACCEPTED', 'Run them hourly.'],
      [rejected.id, 'REJECTED', null],
      [unmoderated.id, 'PENDING', null],
    ]);
    expect(published).not.toContain(REJECTED_TEXT);
    expect(published).not.toContain(UNMODERATED_TEXT);
  });

  it.skipIf(!hasData)('hides rejected Polis statements in every public field', async () => {
    const folder = dataFile('consultations', '15-per-hour-seattle');
    const report = await importFile(server.orm, polisImporter, folder, {
      config: server.config,
      logger: testLogger(server.config),
    });
    const comments = readExportTable(folder, 'comments.csv');
    const acceptedTexts = comments
      .filter((row) => row['moderated'] === '1')
      .map((row) => row['comment-body']!);
    // Short rejected texts such as "foo" may occur inside accepted ones; only the others can be
    // searched for in the raw response.
    const hiddenTexts = comments
      .filter((row) => row['moderated'] !== '1')
      .map((row) => row['comment-body']!)
      .filter((text) => !acceptedTexts.some((accepted) => accepted.includes(text)));

    const query = await server.graphql(CONSULTATION, { id: report.targetId });
    const nodes: { code: string; text: string | null; moderation: string }[] =
      query.data!.consultation.statements.edges.map((edge: { node: unknown }) => edge.node);
    const published = JSON.stringify(query);

    expect(hiddenTexts.length).toBeGreaterThan(20);
    expect(nodes.filter((node) => node.moderation !== 'ACCEPTED').map((node) => node.text)).toEqual(
      Array(24).fill(null),
    );
    expect(hiddenTexts.filter((text) => published.includes(text))).toEqual([]);
    expect(query.data!.consultation.results.statements.length).toBe(acceptedTexts.length);
  });

  it('returns null for an unknown consultation id', async () => {
    const response = await server.graphql(CONSULTATION, { id: 'not-an-id' });

    expect(response).toEqual({ data: { consultation: null } });
  });
});
