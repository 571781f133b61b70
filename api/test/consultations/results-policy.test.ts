import 'reflect-metadata';
import {
  getNamedType,
  isLeafType,
  isObjectType,
  isNonNullType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Consultation } from '../../src/modules/consultations/consultation.entity';
import { nextEvents, startTestServer, type TestServer } from '../support/server';

const CREATE = `
  mutation Create($input: CreateConsultationInput!) {
    createConsultation(input: $input) { consultation { id } errors { code field message } }
  }`;

const ADVANCE = `
  mutation Advance($input: AdvanceConsultationPhaseInput!) {
    advanceConsultationPhase(input: $input) { consultation { phase resultsVisible } errors { code message } }
  }`;

const SET_QUESTIONNAIRE = `
  mutation Set($input: SetQuestionnaireInput!) {
    setQuestionnaire(input: $input) { errors { code field message } }
  }`;

const SUBMIT = `
  mutation Submit($input: SubmitQuestionnaireInput!) {
    submitQuestionnaire(input: $input) { submitted errors { code field message } }
  }`;

const SUBMIT_STATEMENT = `
  mutation Statement($input: SubmitStatementInput!) {
    submitStatement(input: $input) { statement { id } errors { code message } }
  }`;

const MODERATE = `
  mutation Moderate($input: ModerateStatementInput!) {
    moderateStatement(input: $input) { statement { id } errors { code message } }
  }`;

const VOTE = `
  mutation Vote($input: CastStatementVoteInput!) {
    castStatementVote(input: $input) { result { agree disagree pass agreeEvents } errors { code message } }
  }`;

const QUESTIONS = [
  {
    code: 'mode',
    type: 'SINGLE_CHOICE',
    prompt: 'How do you get to the park?',
    options: ['walk', 'bike', 'bus'],
  },
  { code: 'wish', type: 'LONG_TEXT', prompt: 'What should the park have?' },
  { code: 'name', type: 'SHORT_TEXT', prompt: 'Suggest a name for the park.' },
];

/** Residents taking part; more than the default minimum aggregate count of 5. */
const RESIDENTS = 7;
/** A word every resident writes, so it is a keyword once results show. */
const SHARED_WORD = 'lighting';
/** A word only one resident writes, which must never be reported. */
const RARE_WORD = 'zebrafountain';

/** Nesting levels the walk follows below a consultation, within the server's depth limit. */
const WALK_DEPTH = 6;

/**
 * Builds a selection set with every field of `type` down to `depth` levels, skipping fields
 * whose arguments are required. Arguments with defaults take them.
 */
function selectAll(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) {
      continue;
    }
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      parts.push(field.name);
    } else if (isObjectType(named) && depth > 1) {
      parts.push(`${field.name} { ${selectAll(named, depth - 1)} }`);
    } else if (!isObjectType(named)) {
      parts.push(`${field.name} { __typename }`);
    }
  }

  return parts.join(' ');
}

/** Returns one query per field of a consultation, each selecting everything below it. */
function consultationFieldQueries(schema: GraphQLSchema): Map<string, string> {
  const node = schema.getType('Consultation') as GraphQLObjectType;
  const queries = new Map<string, string>();
  for (const field of Object.values(node.getFields())) {
    const named = getNamedType(field.type);
    const selection = isObjectType(named)
      ? `${field.name} { ${selectAll(named, WALK_DEPTH)} }`
      : field.name;
    queries.set(field.name, `query Walk($id: ID!) { consultation(id: $id) { ${selection} } }`);
  }

  return queries;
}

describe('results policy', () => {
  let server: TestServer;
  let queries: Map<string, string>;
  let resultsSelection: string;
  let listQuery: string;

  beforeAll(async () => {
    // Checks scheduled times every second, so the test of a passing closesAt ends soon.
    server = await startTestServer({ RATUSZ_CONSULTATION_SCHEDULE_INTERVAL_SECONDS: '1' });
    queries = consultationFieldQueries(server.schema);
    resultsSelection = selectAll(
      server.schema.getType('ConsultationResults') as GraphQLObjectType,
      WALK_DEPTH,
    );
    // The whole results selection under a list passes the query cost limit, so the list
    // selects the top-level counts only.
    listQuery = `{ consultations(first: 20) { edges { node { id resultsVisible results { participants voteEvents respondents updatedAt } opinionGroups { clusteredParticipants excludedParticipants } } } } }`;
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function mutate(query: string, input: Record<string, unknown>, staff = false) {
    const response = await server.graphql(query, { input }, staff ? { as: 'ADMINISTRATOR' } : {});
    expect(response.errors).toBeUndefined();
    const payload = Object.values(response.data!)[0] as Record<string, any>;
    expect(payload.errors).toEqual([]);

    return payload;
  }

  /** Creates a consultation with a questionnaire and one accepted statement, and opens it. */
  async function openConsultation(settings: Record<string, unknown>) {
    const created = await mutate(
      CREATE,
      { title: 'New park', language: 'EN', ...settings },
      true,
    );
    const consultationId = created.consultation.id as string;
    await mutate(SET_QUESTIONNAIRE, { consultationId, questions: QUESTIONS }, true);
    await mutate(ADVANCE, { consultationId, phase: 'OPEN' }, true);
    const statement = await mutate(SUBMIT_STATEMENT, {
      consultationId,
      participantId: 'organiser',
      text: 'The park needs more benches.',
    });
    const statementId = statement.statement.id as string;
    await mutate(MODERATE, { statementId, decision: 'ACCEPTED' }, true);

    return { consultationId, statementId };
  }

  /** Casts a vote and submits a questionnaire for every resident, checking each payload. */
  async function participate(consultationId: string, statementId: string) {
    const payloads: Record<string, any>[] = [];
    for (let index = 0; index < RESIDENTS; index += 1) {
      const participantId = `resident-${index}`;
      payloads.push(
        await mutate(VOTE, {
          statementId,
          participantId,
          vote: index % 3 === 0 ? 'DISAGREE' : 'AGREE',
        }),
      );
      payloads.push(
        await mutate(SUBMIT, {
          consultationId,
          participantId,
          answers: [
            { questionCode: 'mode', choice: index % 2 === 0 ? 'walk' : 'bike' },
            {
              questionCode: 'wish',
              text: `Better ${SHARED_WORD} near the playground${index === 0 ? ` and a ${RARE_WORD}` : ''}`,
            },
            { questionCode: 'name', text: `${SHARED_WORD} park` },
          ],
        }),
      );
    }

    return payloads;
  }

  /** Runs every per-field query of one consultation, keyed by field name. */
  async function walk(consultationId: string): Promise<Record<string, unknown>> {
    const responses: Record<string, unknown> = {};
    for (const [field, query] of queries) {
      const response = await server.graphql(query, { id: consultationId });
      expect(response.errors, `errors walking ${field}`).toBeUndefined();
      responses[field] = response.data!.consultation[field];
    }

    return responses;
  }

  async function listed(consultationId: string) {
    const response = await server.graphql(listQuery);
    expect(response.errors).toBeUndefined();

    return response.data!.consultations.edges.find(
      (edge: { node: { id: string } }) => edge.node.id === consultationId,
    ).node;
  }

  async function exported(consultationId: string, format: 'csv' | 'json') {
    const url = new URL(`/exports/consultations/${consultationId}.${format}`, server.url);
    const response = await fetch(url);

    return { status: response.status, body: await response.text() };
  }

  function subscribe(consultationId: string) {
    return nextEvents<{ consultationResultsUpdated: Record<string, unknown> }>(
      server.wsClient(),
      `subscription Results($consultationId: ID!) { consultationResultsUpdated(consultationId: $consultationId) { ${resultsSelection} } }`,
      { consultationId },
      1,
    );
  }

  it('walks results, groups and keywords fields', () => {
    expect([...queries.keys()]).toEqual(expect.arrayContaining(['results', 'opinionGroups']));
    expect(queries.get('results')).toContain('keywords { term participants }');
    expect(queries.get('results')).toContain('topics { keywords participants }');
  });

  it('leaks no count with AFTER_CLOSE until the close', async () => {
    const closesAt = new Date(Date.now() + 3_600_000);
    const { consultationId, statementId } = await openConsultation({
      resultsPolicy: 'AFTER_CLOSE',
      closesAt: closesAt.toISOString(),
    });
    const baseline = await walk(consultationId);
    const listedBaseline = await listed(consultationId);
    const { subscribed, done } = subscribe(consultationId);
    await subscribed;

    const payloads = await participate(consultationId, statementId);
    const during = await walk(consultationId);
    const listedDuring = await listed(consultationId);
    const csv = await exported(consultationId, 'csv');
    const json = await exported(consultationId, 'json');

    // Participation changes nothing a caller can see while results are hidden.
    expect(during).toEqual(baseline);
    expect(during.results).toBeNull();
    expect(during.opinionGroups).toBeNull();
    expect(during.resultsVisible).toBe(false);
    expect(listedDuring).toEqual(listedBaseline);
    expect(listedDuring.results).toBeNull();
    expect(listedDuring.opinionGroups).toBeNull();
    expect(payloads.filter((payload) => 'result' in payload).map((payload) => payload.result)).toEqual(
      Array(RESIDENTS).fill(null),
    );
    for (const response of [csv, json]) {
      const refusal = JSON.parse(response.body);
      expect(response.status).toBe(409);
      expect(Object.keys(refusal).sort()).toEqual(['error', 'phase', 'resultsOpenAt', 'resultsPolicy']);
      expect(refusal.resultsPolicy).toBe('AFTER_CLOSE');
      expect(refusal.resultsOpenAt).toBe(closesAt.toISOString());
      expect(refusal.error).toContain('AFTER_CLOSE');
      expect(refusal.error).toContain(closesAt.toISOString());
    }

    await mutate(ADVANCE, { consultationId, phase: 'CLOSED' }, true);
    // The first event is the one the close sends, so nothing was sent while the vote ran.
    const [event] = await done;
    const after = await walk(consultationId);
    const results = after.results as Record<string, any>;
    const wish = results.questions.find((question: { questionCode: string }) => question.questionCode === 'wish');
    const afterCsv = await exported(consultationId, 'csv');
    const afterJson = await exported(consultationId, 'json');

    expect(event!.consultationResultsUpdated).toEqual(results);
    expect(results.participants).toBe(RESIDENTS);
    expect(results.respondents).toBe(RESIDENTS);
    expect(results.statements[0]).toMatchObject({ agree: 4, disagree: 3 });
    expect(after.opinionGroups).not.toBeNull();
    expect(wish.keywords).toContainEqual({ term: SHARED_WORD, participants: RESIDENTS });
    expect(JSON.stringify(after)).not.toContain(RARE_WORD);
    expect(JSON.stringify(after)).not.toContain('near the playground');
    expect(afterCsv.status).toBe(200);
    expect(afterCsv.body).toContain(`consultation,${consultationId},,,,participants,${RESIDENTS}`);
    expect(afterCsv.body).toContain(`question,wish,What should the park have?,,${SHARED_WORD},keyword_participants,${RESIDENTS}`);
    expect(afterCsv.body).not.toContain(RARE_WORD);
    expect(afterJson.status).toBe(200);
    expect(JSON.parse(afterJson.body).results.respondents).toBe(RESIDENTS);
  });

  it('leaks no count with AT_PUBLICATION_TIME while closed', async () => {
    const publishAt = new Date(Date.now() + 7_200_000);
    const { consultationId, statementId } = await openConsultation({
      resultsPolicy: 'AT_PUBLICATION_TIME',
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      resultsPublishAt: publishAt.toISOString(),
    });
    const baseline = await walk(consultationId);
    const { subscribed, done } = subscribe(consultationId);
    await subscribed;

    await participate(consultationId, statementId);
    const closed = await mutate(ADVANCE, { consultationId, phase: 'CLOSED' }, true);
    const whileClosed = await walk(consultationId);
    const refusal = await exported(consultationId, 'csv');

    expect(closed.consultation).toEqual({ phase: 'CLOSED', resultsVisible: false });
    expect({ ...whileClosed, phase: baseline.phase }).toEqual(baseline);
    expect(whileClosed.results).toBeNull();
    expect(whileClosed.opinionGroups).toBeNull();
    expect(refusal.status).toBe(409);
    expect(JSON.parse(refusal.body)).toMatchObject({
      resultsPolicy: 'AT_PUBLICATION_TIME',
      phase: 'CLOSED',
      resultsOpenAt: publishAt.toISOString(),
    });

    await mutate(ADVANCE, { consultationId, phase: 'RESULTS_PUBLISHED' }, true);
    // The first event is the one the publication sends: nothing came while CLOSED.
    const [event] = await done;
    const published = await walk(consultationId);

    expect(published.phase).toBe('RESULTS_PUBLISHED');
    expect(event!.consultationResultsUpdated).toEqual(published.results);
    expect((published.results as { respondents: number }).respondents).toBe(RESIDENTS);
  });

  it('opens results at the publication time', async () => {
    const publishAt = new Date(Date.now() + 7_200_000);
    const { consultationId, statementId } = await openConsultation({
      resultsPolicy: 'AT_PUBLICATION_TIME',
      resultsPublishAt: publishAt.toISOString(),
    });
    await participate(consultationId, statementId);
    const whileOpen = await exported(consultationId, 'json');
    await mutate(ADVANCE, { consultationId, phase: 'CLOSED' }, true);
    const whileClosed = await exported(consultationId, 'json');

    // Moving the stored publication time into the past replaces waiting for it.
    await server.orm.em
      .fork()
      .nativeUpdate(Consultation, { id: consultationId }, { resultsPublishAt: new Date(Date.now() - 1000) });
    const published = await walk(consultationId);
    const afterPublication = await exported(consultationId, 'json');

    expect(whileOpen.status).toBe(409);
    // Without closesAt the close is by request, so the opening time is unknown while OPEN.
    expect(JSON.parse(whileOpen.body).resultsOpenAt).toBeNull();
    expect(JSON.parse(whileOpen.body).error).toContain('once the consultation is closed (no closing time is set)');
    expect(whileClosed.status).toBe(409);
    expect(JSON.parse(whileClosed.body).resultsOpenAt).toBe(publishAt.toISOString());
    expect(published.phase).toBe('RESULTS_PUBLISHED');
    expect((published.results as { respondents: number }).respondents).toBe(RESIDENTS);
    expect(afterPublication.status).toBe(200);
    expect(JSON.parse(afterPublication.body).results.participants).toBe(RESIDENTS);
  });

  it('pushes results when closesAt passes', async () => {
    const { consultationId, statementId } = await openConsultation({
      resultsPolicy: 'AFTER_CLOSE',
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const { subscribed, done } = subscribe(consultationId);
    await subscribed;
    await participate(consultationId, statementId);

    // Moving the stored closing time into the past replaces waiting for it.
    await server.orm.em
      .fork()
      .nativeUpdate(Consultation, { id: consultationId }, { closesAt: new Date(Date.now() - 100) });
    const [event] = await done;
    const closed = await walk(consultationId);

    expect(closed.phase).toBe('CLOSED');
    expect(event!.consultationResultsUpdated).toEqual(closed.results);
    expect((closed.results as { participants: number }).participants).toBe(RESIDENTS);
  });

  it('rejects an export of a DRAFT consultation', async () => {
    const created = await mutate(CREATE, { title: 'Draft', resultsPolicy: 'LIVE' }, true);
    const response = await exported(created.consultation.id, 'json');

    expect(response.status).toBe(409);
    expect(JSON.parse(response.body).error).toContain('when the consultation opens');
  });

  it('returns 404 for an unknown export', async () => {
    const unknown = await exported('00000000-0000-4000-8000-000000000000', 'csv');
    const malformed = await exported('not-an-id', 'json');

    const long = await exported('x'.repeat(5_000), 'json');

    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(long.status).toBe(404);
    expect(long.body.length).toBeLessThan(400);
  });
});
