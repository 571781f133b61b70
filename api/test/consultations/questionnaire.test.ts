import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtPopulationImporter } from '../../src/modules/consultations/district-population.importer';
import { participantRegisterImporter } from '../../src/modules/consultations/participant-register.importer';
import { QuestionnaireSubmission } from '../../src/modules/consultations/questionnaire-submission.entity';
import { importFile } from '../../src/modules/imports/import.service';
import { nextEvents, startTestServer, type TestServer, testLogger } from '../support/server';

const CREATE = `
  mutation Create($input: CreateConsultationInput!) {
    createConsultation(input: $input) { consultation { id phase resultsPolicy } errors { code field message } }
  }`;

const ADVANCE = `
  mutation Advance($input: AdvanceConsultationPhaseInput!) {
    advanceConsultationPhase(input: $input) { consultation { phase resultsVisible } errors { code field message } }
  }`;

const SET_QUESTIONNAIRE = `
  mutation Set($input: SetQuestionnaireInput!) {
    setQuestionnaire(input: $input) { questions { code type } errors { code field message } }
  }`;

const SET_POPULATIONS = `
  mutation Populations($input: SetDistrictPopulationsInput!) {
    setDistrictPopulations(input: $input) { consultation { districtPopulations { district population } } errors { code message } }
  }`;

const SUBMIT = `
  mutation Submit($input: SubmitQuestionnaireInput!) {
    submitQuestionnaire(input: $input) { submitted replaced errors { code field message } }
  }`;

const SUBMIT_STATEMENT = `
  mutation Statement($input: SubmitStatementInput!) {
    submitStatement(input: $input) { statement { id text moderation } errors { code field message } }
  }`;

const MODERATE = `
  mutation Moderate($input: ModerateStatementInput!) {
    moderateStatement(input: $input) { statement { id text moderation } errors { code field message } }
  }`;

const VOTE = `
  mutation Vote($input: CastStatementVoteInput!) {
    castStatementVote(input: $input) { result { agree disagree pass agreeEvents } errors { code field message } }
  }`;

/** Every field of the results that carries a count, for the leak checks. */
const RESULTS_FIELDS = `
  consultationId participants voteEvents respondents updatedAt
  statements { statementId code text agree disagree pass agreeEvents disagreeEvents passEvents }
  questions {
    questionCode type respondents suppressed mean
    options { value count share marginOfError }
    rows { row options { value count share marginOfError } }
    rankingScores { value points meanPosition }
  }
  turnout { district population participants turnout }`;

const CONSULTATION = `
  query Consultation($id: ID!) {
    consultation(id: $id) {
      id phase resultsVisible
      questions { code }
      statements(first: 100) { edges { node { id text moderation } } }
      results { ${RESULTS_FIELDS} }
    }
  }`;

const LIST = `{ consultations(first: 20) { edges { node { id results { ${RESULTS_FIELDS} } } } } }`;

const SUBSCRIPTION = `
  subscription Results($consultationId: ID!) {
    consultationResultsUpdated(consultationId: $consultationId) { ${RESULTS_FIELDS} }
  }`;

const QUESTIONS = [
  {
    code: 'uses',
    type: 'SINGLE_CHOICE',
    prompt: 'Do you take the night bus?',
    required: true,
    options: ['yes', 'no'],
  },
  {
    code: 'why',
    type: 'LONG_TEXT',
    prompt: 'Why not?',
    required: true,
    showWhen: { questionCode: 'uses', anyOf: ['no'] },
  },
  {
    code: 'safety',
    type: 'SCALE',
    prompt: 'How safe are the stops?',
    scaleMin: 1,
    scaleMax: 5,
    minLabel: 'unsafe',
    maxLabel: 'safe',
  },
];

const FREE_TEXT = 'I work nights at the bakery on Elm Street';

describe('consultation phases and questionnaires', () => {
  let server: TestServer;
  let folder: string;

  beforeAll(async () => {
    server = await startTestServer();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-register-'));
  });

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function mutate(query: string, input: Record<string, unknown>) {
    const staffOperations = [CREATE, SET_QUESTIONNAIRE, ADVANCE, MODERATE, SET_POPULATIONS];
    const options = staffOperations.includes(query) ? { as: 'ADMINISTRATOR' as const } : {};
    const response = await server.graphql(query, { input }, options);
    expect(response.errors).toBeUndefined();

    return Object.values(response.data!)[0] as Record<string, any>;
  }

  /** Creates a consultation with the sample questionnaire and opens it. */
  async function openConsultation(settings: Record<string, unknown> = {}) {
    const created = await mutate(CREATE, {
      title: 'Night buses',
      resultsPolicy: 'AFTER_CLOSE',
      ...settings,
    });
    const consultationId = created.consultation.id as string;
    const questionnaire = await mutate(SET_QUESTIONNAIRE, { consultationId, questions: QUESTIONS });
    expect(questionnaire.errors).toEqual([]);
    const opened = await mutate(ADVANCE, { consultationId, phase: 'OPEN' });
    expect(opened.errors).toEqual([]);

    return consultationId;
  }

  const submit = (consultationId: string, participantId: string, answers: unknown[]) =>
    mutate(SUBMIT, { consultationId, participantId, answers });

  const yesAnswers = (safety: number) => [
    { questionCode: 'uses', choice: 'yes' },
    { questionCode: 'safety', scale: safety },
  ];
  const noAnswers = (safety: number) => [
    { questionCode: 'uses', choice: 'no' },
    { questionCode: 'why', text: FREE_TEXT },
    { questionCode: 'safety', scale: safety },
  ];

  it.each([
    ['title', { title: 't'.repeat(301) }, /The title has 301 characters: shorten it to at most 300/],
    [
      'description',
      { title: 'Long read', description: 'd'.repeat(5_001) },
      /The description has 5001 characters: shorten it to at most 5000/,
    ],
  ])('rejects a %s over its length limit', async (field, settings, message) => {
    const created = await mutate(CREATE, settings);

    expect(created.consultation).toBeNull();
    expect(created.errors).toHaveLength(1);
    expect(created.errors[0]).toMatchObject({ code: 'INVALID_SETTING', field: [field] });
    expect(created.errors[0].message).toMatch(message);
  });

  it('rejects answers outside the OPEN phase, naming the phase', async () => {
    const created = await mutate(CREATE, { title: 'Parks' });
    const consultationId = created.consultation.id;
    expect(created.consultation).toMatchObject({ phase: 'DRAFT', resultsPolicy: 'AFTER_CLOSE' });

    const inDraft = await submit(consultationId, 'resident-1', yesAnswers(3));
    await mutate(SET_QUESTIONNAIRE, { consultationId, questions: QUESTIONS });
    await mutate(ADVANCE, { consultationId, phase: 'OPEN' });
    const changeWhenOpen = await mutate(SET_QUESTIONNAIRE, {
      consultationId,
      questions: QUESTIONS,
    });
    const backwards = await mutate(ADVANCE, { consultationId, phase: 'DRAFT' });
    await mutate(ADVANCE, { consultationId, phase: 'CLOSED' });
    const whenClosed = await submit(consultationId, 'resident-1', yesAnswers(3));
    const statementWhenClosed = await mutate(SUBMIT_STATEMENT, {
      consultationId,
      participantId: 'resident-1',
      text: 'More lights',
    });

    expect(inDraft.errors).toEqual([
      {
        code: 'WRONG_PHASE',
        field: ['consultationId'],
        message:
          'The consultation is DRAFT, and answering the questionnaire is possible only while it is OPEN.',
      },
    ]);
    expect(changeWhenOpen.errors).toEqual([
      {
        code: 'WRONG_PHASE',
        field: ['consultationId'],
        message:
          'The consultation is OPEN, and changing the questionnaire is possible only while it is DRAFT.',
      },
    ]);
    expect(backwards.errors.map((error: { message: string }) => error.message)).toEqual([
      'The consultation is OPEN and cannot move to DRAFT: phases only move forward (DRAFT, OPEN, CLOSED, RESULTS_PUBLISHED).',
    ]);
    expect(whenClosed.errors.map((error: { message: string }) => error.message)).toEqual([
      'The consultation is CLOSED, and answering the questionnaire is possible only while it is OPEN.',
    ]);
    expect(statementWhenClosed.errors.map((error: { code: string }) => error.code)).toEqual([
      'WRONG_PHASE',
    ]);
  });

  it('names the question and rule of an invalid answer', async () => {
    const consultationId = await openConsultation();

    const outcome = await submit(consultationId, 'resident-2', [
      { questionCode: 'uses', choice: 'no' },
      { questionCode: 'safety', scale: 9 },
    ]);

    expect(outcome).toEqual({
      submitted: false,
      replaced: false,
      errors: [
        {
          code: 'REQUIRED',
          field: ['answers'],
          message: 'Question "why": an answer is required; give it in "text".',
        },
        {
          code: 'OUT_OF_RANGE',
          field: ['answers', '1'],
          message: 'Question "safety": 9 is outside the scale; give a whole number from 1 to 5.',
        },
      ],
    });
  });

  it('stores one submission per participant under concurrency', async () => {
    const locked = await openConsultation({ allowSubmissionEdits: false });
    const editable = await openConsultation({ allowSubmissionEdits: true });

    const lockedOutcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        submit(locked, 'resident-3', yesAnswers((index % 5) + 1)),
      ),
    );
    const editableOutcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        submit(editable, 'resident-3', yesAnswers((index % 5) + 1)),
      ),
    );
    const em = server.orm.em.fork();

    expect(lockedOutcomes.filter((outcome) => outcome.submitted)).toHaveLength(1);
    expect(
      lockedOutcomes.filter((outcome) => outcome.errors[0]?.code === 'ALREADY_SUBMITTED'),
    ).toHaveLength(19);
    expect(await em.count(QuestionnaireSubmission, { consultation: locked })).toBe(1);
    expect(editableOutcomes.every((outcome) => outcome.submitted)).toBe(true);
    expect(editableOutcomes.filter((outcome) => !outcome.replaced)).toHaveLength(1);
    expect(await em.count(QuestionnaireSubmission, { consultation: editable })).toBe(1);
  });

  it('leaks no count before an AFTER_CLOSE consultation closes', async () => {
    const consultationId = await openConsultation({ resultsPolicy: 'AFTER_CLOSE' });
    const statement = await mutate(SUBMIT_STATEMENT, {
      consultationId,
      participantId: 'author-1',
      text: 'Run buses every 20 minutes.',
    });
    const statementId = statement.statement.id;
    await mutate(MODERATE, { statementId, decision: 'ACCEPTED' });
    const client = server.wsClient();
    const { subscribed, done } = nextEvents<{ consultationResultsUpdated: unknown }>(
      client,
      SUBSCRIPTION,
      { consultationId },
      1,
    );
    await subscribed;

    const outcomes = [];
    for (let index = 1; index <= 6; index += 1) {
      const answers = index <= 4 ? yesAnswers(index) : noAnswers(index - 2);
      outcomes.push(await submit(consultationId, `resident-${index}`, answers));
      outcomes.push(
        await mutate(VOTE, { statementId, participantId: `resident-${index}`, vote: 'AGREE' }),
      );
    }
    const before = await server.graphql(CONSULTATION, { id: consultationId });
    const listed = await server.graphql(LIST);
    const groups = await server.graphql(
      `query G($id: ID!) { consultation(id: $id) { opinionGroups { clusteredParticipants excludedParticipants } } }`,
      { id: consultationId },
    );
    expect(groups.errors).toBeUndefined();
    expect(groups.data!.consultation.opinionGroups).toBeNull();
    expect(listed.errors).toBeUndefined();

    expect(outcomes.flatMap((outcome) => outcome.errors)).toEqual([]);
    expect(
      outcomes.filter((outcome) => 'result' in outcome).map((outcome) => outcome.result),
    ).toEqual(Array(6).fill(null));
    expect(before.data!.consultation).toMatchObject({
      phase: 'OPEN',
      resultsVisible: false,
      results: null,
    });
    expect(
      listed.data!.consultations.edges.find(
        (edge: { node: { id: string } }) => edge.node.id === consultationId,
      ).node.results,
    ).toBeNull();

    // The first event a subscriber gets is the one the close sends: nothing came before it.
    const closed = await mutate(ADVANCE, { consultationId, phase: 'CLOSED' });
    const [event] = await done;
    const after = await server.graphql(CONSULTATION, { id: consultationId });
    const results = after.data!.consultation.results;

    expect(closed.consultation).toEqual({ phase: 'CLOSED', resultsVisible: true });
    expect(event).toEqual({ consultationResultsUpdated: results });
    expect(results.respondents).toBe(6);
    expect(results.participants).toBe(6);
    expect(results.statements[0]).toMatchObject({ agree: 6, agreeEvents: 6 });
    expect(JSON.stringify(after)).not.toContain(FREE_TEXT);
  });

  it('reports margins of error with the finite population correction', async () => {
    const consultationId = await openConsultation({ resultsPolicy: 'LIVE' });
    await mutate(SET_POPULATIONS, {
      consultationId,
      populations: [
        { district: 'North', population: 30 },
        { district: 'South', population: 20 },
      ],
    });
    for (let index = 1; index <= 10; index += 1) {
      await submit(consultationId, `resident-${index}`, index <= 6 ? yesAnswers(5) : noAnswers(1));
    }

    const response = await server.graphql(CONSULTATION, { id: consultationId });
    const uses = response.data!.consultation.results.questions[0];
    const why = response.data!.consultation.results.questions[1];

    // 6 of 10 from a population of 50: 1.959964 * sqrt(0.6 * 0.4 / 10) * sqrt(40 / 49) = 0.274338.
    expect(uses.respondents).toBe(10);
    expect(uses.options[0]).toMatchObject({ value: 'yes', count: 6, share: 0.6 });
    expect(uses.options[0].marginOfError).toBeCloseTo(0.274338, 6);
    // 4 of 10 chose "no": a small count, hidden.
    expect(uses.options[1]).toEqual({ value: 'no', count: null, share: null, marginOfError: null });
    expect(why).toMatchObject({ respondents: null, suppressed: true, options: [] });
  });

  it('checks the audience against the imported register', async () => {
    const registerFile = path.join(folder, 'register.csv');
    fs.writeFileSync(
      registerFile,
      [
        'resident_id,district',
        ...Array.from({ length: 5 }, (_, index) => `north-${index},North`),
        'south-0,South',
      ].join('\n'),
    );
    const report = await importFile(server.orm, participantRegisterImporter, registerFile, {
      config: server.config,
      logger: testLogger(server.config),
    });
    const consultationId = await openConsultation({
      resultsPolicy: 'LIVE',
      audience: 'AREA_RESIDENTS',
      districts: ['North'],
    });
    await mutate(SET_POPULATIONS, {
      consultationId,
      populations: [{ district: 'North', population: 100 }],
    });

    const outsider = await submit(consultationId, 'visitor', yesAnswers(3));
    const southerner = await submit(consultationId, 'south-0', yesAnswers(3));
    const northerners = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        submit(consultationId, `north-${index}`, yesAnswers(3)),
      ),
    );
    const response = await server.graphql(CONSULTATION, { id: consultationId });

    expect(report.imported).toBe(6);
    expect(outsider.errors).toEqual([
      {
        code: 'NOT_IN_AUDIENCE',
        field: ['participantId'],
        message:
          'This consultation is open to AREA_RESIDENTS only and the participant is not in the participant register: import the register or use a registered id.',
      },
    ]);
    expect(southerner.errors.map((error: { message: string }) => error.message)).toEqual([
      "This consultation is open to AREA_RESIDENTS only and the participant's registered district is outside its area (North).",
    ]);
    expect(northerners.every((outcome) => outcome.submitted)).toBe(true);
    expect(response.data!.consultation.results.turnout).toEqual([
      { district: 'North', population: 100, participants: 5, turnout: 0.05 },
    ]);
  });

  it('imports district populations for one consultation', async () => {
    const consultationId = await openConsultation({ resultsPolicy: 'LIVE' });
    const valid = path.join(folder, 'populations.csv');
    const invalid = path.join(folder, 'populations-invalid.csv');
    fs.writeFileSync(valid, 'district,population\nNorth,1200\nSouth,800\n');
    fs.writeFileSync(invalid, 'district,population\nNorth,1200\nSouth,-5\n');
    const options = { config: server.config, logger: testLogger(server.config) };

    const report = await importFile(server.orm, districtPopulationImporter, valid, {
      ...options,
      options: { consultation: consultationId },
    });
    const failure = importFile(server.orm, districtPopulationImporter, invalid, {
      ...options,
      options: { consultation: consultationId },
    });
    await expect(failure).rejects.toThrow(
      'populations-invalid.csv: line 3, field "population": "-5" is not a whole number',
    );
    const response = await server.graphql(
      'query P($id: ID!) { consultation(id: $id) { districtPopulations { district population } } }',
      { id: consultationId },
    );

    expect(report.imported).toBe(2);
    expect(response.data!.consultation.districtPopulations).toEqual([
      { district: 'North', population: 1200 },
      { district: 'South', population: 800 },
    ]);
  });

  it('holds participant statements for moderation', async () => {
    const consultationId = await openConsultation({ resultsPolicy: 'LIVE' });
    const added = await mutate(SUBMIT_STATEMENT, {
      consultationId,
      participantId: 'author-2',
      text: 'Add a stop at the hospital.',
    });
    const statementId = added.statement.id;

    const votePending = await mutate(VOTE, {
      statementId,
      participantId: 'resident-1',
      vote: 'AGREE',
    });
    const rejectWithoutReason = await mutate(MODERATE, { statementId, decision: 'REJECTED' });
    const rejected = await mutate(MODERATE, {
      statementId,
      decision: 'REJECTED',
      reason: 'duplicate',
    });
    const listed = await server.graphql(CONSULTATION, { id: consultationId });
    const accepted = await mutate(MODERATE, { statementId, decision: 'ACCEPTED' });
    const voteAccepted = await mutate(VOTE, {
      statementId,
      participantId: 'resident-1',
      vote: 'AGREE',
    });

    expect(added.statement).toMatchObject({ text: null, moderation: 'PENDING' });
    expect(votePending.errors.map((error: { code: string }) => error.code)).toEqual([
      'STATEMENT_NOT_ACCEPTED',
    ]);
    expect(rejectWithoutReason.errors.map((error: { code: string }) => error.code)).toEqual([
      'INVALID_REASON',
    ]);
    expect(rejected.statement).toMatchObject({ text: null, moderation: 'REJECTED' });
    expect(JSON.stringify(listed)).not.toContain('duplicate');
    expect(listed.data!.consultation.results.statements).toEqual([]);
    expect(accepted.statement).toMatchObject({
      text: 'Add a stop at the hospital.',
      moderation: 'ACCEPTED',
    });
    expect(voteAccepted).toEqual({
      result: { agree: 1, disagree: 0, pass: 0, agreeEvents: 1 },
      errors: [],
    });
  });
});
