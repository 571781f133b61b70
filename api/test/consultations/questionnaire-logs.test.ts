import 'reflect-metadata';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, signIn } from '../../src/modules/accounts/account.service';
import { startServer, type RunningServer } from '../../src/platform/server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig } from '../support/server';

const FREE_TEXT = 'Call me on 555-0199 about the bakery';
const STATEMENT_TEXT = 'Statement text written by resident 42';

describe('questionnaire free text in logs', () => {
  const lines: string[] = [];
  let database: TestDatabase;
  let server: RunningServer;
  let adminToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig({ ...database.env, LOG_LEVEL: 'trace' });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    server = await startServer(config, pino({ level: 'trace' }, sink));
    // Creating and opening a consultation needs an administrator.
    const login = 'logs-admin@ratusz.test';
    const password = 'test password for the administrator';
    await createAccount(server.orm.em.fork(), config, { login, password, roles: ['ADMINISTRATOR'] }, null);
    const session = await signIn(server.orm.em.fork(), config, login, password);
    if (!session.ok) {
      throw new Error(`signing in the administrator failed: ${session.error.message}`);
    }
    adminToken = session.token;
  });

  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  async function graphql(query: string, input: Record<string, unknown>) {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ query, variables: { input } }),
    });

    return (await response.json()) as { data: Record<string, any> };
  }

  it('keeps answers and statements out of trace logs', async () => {
    const created = await graphql(
      'mutation C($input: CreateConsultationInput!) { createConsultation(input: $input) { consultation { id } } }',
      { title: 'Bakery hours', resultsPolicy: 'LIVE' },
    );
    const consultationId = created.data.createConsultation.consultation.id;
    await graphql(
      'mutation Q($input: SetQuestionnaireInput!) { setQuestionnaire(input: $input) { errors { code } } }',
      {
        consultationId,
        questions: [
          { code: 'comment', type: 'LONG_TEXT', prompt: 'Anything else?', required: true },
        ],
      },
    );
    await graphql(
      'mutation A($input: AdvanceConsultationPhaseInput!) { advanceConsultationPhase(input: $input) { errors { code } } }',
      { consultationId, phase: 'OPEN' },
    );

    const submitted = await graphql(
      'mutation S($input: SubmitQuestionnaireInput!) { submitQuestionnaire(input: $input) { submitted } }',
      {
        consultationId,
        participantId: 'resident-42',
        answers: [{ questionCode: 'comment', text: FREE_TEXT }],
      },
    );
    const tooLong = await graphql(
      'mutation S($input: SubmitQuestionnaireInput!) { submitQuestionnaire(input: $input) { errors { message } } }',
      {
        consultationId,
        participantId: 'resident-43',
        answers: [{ questionCode: 'comment', text: `${FREE_TEXT} ${'x'.repeat(5000)}` }],
      },
    );
    const statement = await graphql(
      'mutation T($input: SubmitStatementInput!) { submitStatement(input: $input) { statement { moderation } } }',
      { consultationId, participantId: 'resident-42', text: STATEMENT_TEXT },
    );
    const log = lines.join('');

    expect(submitted.data.submitQuestionnaire.submitted).toBe(true);
    expect(JSON.stringify(tooLong)).not.toContain('555-0199');
    expect(statement.data.submitStatement.statement.moderation).toBe('PENDING');
    expect(log).toContain('"sql"');
    expect(log).not.toContain('555-0199');
    expect(log).not.toContain('resident 42');
    expect(log).not.toContain('resident-42');
  });
});
