import 'reflect-metadata';
import type { VerificationLevel } from '@ratusz/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, signIn } from '../../src/modules/accounts/account.service';
import { BudgetEdition } from '../../src/modules/budget/budget-edition.entity';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { Referendum } from '../../src/modules/referenda/referendum.entity';
import { importCensus } from '../../src/modules/referenda/referendum-setup.service';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Budget editions, referenda and consultations that require a verification level accept
 * online participation only from a signed-in RESIDENT account verified at that level or
 * stronger, under the resident id linked to the account. Staff-entered paper ballots are exempt.
 */

const CAST_BALLOT = `mutation ($input: CastBallotInput!) {
  castBallot(input: $input) { ballotId errors { code field message } }
}`;

const SET_BUDGET_LEVEL = `mutation ($input: SetBudgetRequiredVerificationInput!) {
  setBudgetRequiredVerification(input: $input) { edition { id requiredVerification } errors { code field message } }
}`;

const CREATE_REFERENDUM = `mutation ($input: CreateReferendumInput!) {
  createReferendum(input: $input) { referendum { id options { id } } errors { code message } }
}`;

const SET_REFERENDUM_LEVEL = `mutation ($input: SetReferendumRequiredVerificationInput!) {
  setReferendumRequiredVerification(input: $input) { referendum { id requiredVerification } errors { code field message } }
}`;

const CAST_REFERENDUM_VOTE = `mutation ($input: CastReferendumVoteInput!) {
  castReferendumVote(input: $input) { progress { ballotsCast } errors { code field message } }
}`;

const CREATE_CONSULTATION = `mutation ($input: CreateConsultationInput!) {
  createConsultation(input: $input) { consultation { id requiredVerification } errors { code field message } }
}`;

const UPDATE_CONSULTATION = `mutation ($input: UpdateConsultationInput!) {
  updateConsultation(input: $input) { consultation { id requiredVerification } errors { code field message } }
}`;

const SET_QUESTIONNAIRE = `mutation ($input: SetQuestionnaireInput!) {
  setQuestionnaire(input: $input) { errors { code field message } }
}`;

const ADVANCE_CONSULTATION = `mutation ($input: AdvanceConsultationPhaseInput!) {
  advanceConsultationPhase(input: $input) { errors { code field message } }
}`;

const SUBMIT_QUESTIONNAIRE = `mutation ($input: SubmitQuestionnaireInput!) {
  submitQuestionnaire(input: $input) { submitted errors { code field message } }
}`;

const SUBMIT_STATEMENT = `mutation ($input: SubmitStatementInput!) {
  submitStatement(input: $input) { statement { id } errors { code field message } }
}`;

const MODERATE_STATEMENT = `mutation ($input: ModerateStatementInput!) {
  moderateStatement(input: $input) { errors { code field message } }
}`;

const CAST_STATEMENT_VOTE = `mutation ($input: CastStatementVoteInput!) {
  castStatementVote(input: $input) { errors { code field message } }
}`;

/** A signed-in resident account and the resident id linked to it. */
type Resident = { token: string; residentId: string };

/** Sender of a test request besides anonymous: a staff role, or a session token. */
type Caller = 'ADMINISTRATOR' | 'AGENT' | { token: string };

type PayloadWithErrors = { errors: { code: string; field: string[]; message: string }[] } & Record<
  string,
  any
>;

describe('required verification levels', () => {
  let server: TestServer;
  const residents: Record<string, Resident> = {};
  let unlinkedToken: string;

  async function createResident(
    name: string,
    level: VerificationLevel | null,
    residentId: string | null,
  ): Promise<string> {
    const login = `${name}@residents.test`;
    const password = `password of ${name}`;
    const created = await createAccount(
      server.orm.em.fork(),
      server.config,
      { login, password, roles: ['RESIDENT'], verificationLevel: level, residentId },
      null,
    );
    expect(created.errors).toEqual([]);
    const signedIn = await signIn(server.orm.em.fork(), server.config, login, password);
    if (!signedIn.ok) {
      throw new Error(`signing in ${name} failed: ${signedIn.error.message}`);
    }

    return signedIn.token;
  }

  /** Sends a mutation anonymously, as a staff role, or with a resident's session token. */
  async function mutate(query: string, input: Record<string, unknown>, caller?: Caller) {
    const options =
      caller === undefined ? {} : typeof caller === 'string' ? { as: caller } : caller;
    const response = await server.graphql(query, { input }, options);
    expect(response.errors).toBeUndefined();

    return Object.values(response.data!)[0] as PayloadWithErrors;
  }

  beforeAll(async () => {
    server = await startTestServer();
    const accounts: [string, VerificationLevel][] = [
      ['email', 'EMAIL_CONFIRMED'],
      ['census', 'CENSUS_MATCH'],
      ['inPerson', 'IN_PERSON'],
    ];
    for (const [name, level] of accounts) {
      const residentId = `resident-${name}`;
      residents[name] = { token: await createResident(name, level, residentId), residentId };
    }
    unlinkedToken = await createResident('unlinked', 'IN_PERSON', null);
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('budget edition', () => {
    let editionId: string;
    let projectId: string;

    const ballot = (voterId: string, caller?: Caller, channel = 'INTERNET') =>
      mutate(CAST_BALLOT, { editionId, voterId, projectIds: [projectId], channel }, caller);

    beforeAll(async () => {
      const service = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
      const edition = await service.createEdition({
        name: 'Verified 2027',
        currency: 'PLN',
        budget: 100_000,
        voteType: 'approval',
        rule: 'greedy',
      });
      const [project] = await service.addProjects(edition, [
        { code: 'A', name: 'Park benches', cost: 60_000 },
      ]);
      editionId = edition.id;
      projectId = project!.id;

      const set = await mutate(
        SET_BUDGET_LEVEL,
        { editionId, level: 'CENSUS_MATCH' },
        'ADMINISTRATOR',
      );
      expect(set.errors).toEqual([]);
      expect(set.edition.requiredVerification).toBe('CENSUS_MATCH');
      await server.orm.em
        .fork()
        .nativeUpdate(BudgetEdition, { id: editionId }, { phase: 'VOTING' });
    });

    it('rejects a change once voting opened', async () => {
      const set = await mutate(SET_BUDGET_LEVEL, { editionId, level: null }, 'ADMINISTRATOR');

      expect(set.errors.map((error) => error.code)).toEqual(['WRONG_PHASE']);
      expect(set.errors[0]!.message).toContain('VOTING');
    });

    it('rejects an anonymous ballot', async () => {
      const result = await ballot('resident-census');

      expect(result.ballotId).toBeNull();
      expect(result.errors.map((error) => error.code)).toEqual(['VERIFICATION_REQUIRED']);
      expect(result.errors[0]!.message).toContain('CENSUS_MATCH');
    });

    it('rejects an account below the level', async () => {
      const { token, residentId } = residents.email!;
      const result = await ballot(residentId, { token });

      expect(result.errors.map((error) => error.code)).toEqual(['VERIFICATION_REQUIRED']);
      expect(result.errors[0]!.message).toContain('EMAIL_CONFIRMED');
    });

    it('rejects a staff account voting online', async () => {
      const result = await ballot('resident-census', 'AGENT');

      expect(result.errors.map((error) => error.code)).toEqual(['VERIFICATION_REQUIRED']);
      expect(result.errors[0]!.message).toContain('RESIDENT');
    });

    it('rejects a voter id other than the linked one', async () => {
      const result = await ballot('resident-someone-else', { token: residents.census!.token });

      expect(result.errors.map((error) => error.code)).toEqual(['RESIDENT_ID_MISMATCH']);
      expect(result.errors[0]!.field).toEqual(['voterId']);
    });

    it('rejects an account without a linked resident id', async () => {
      const result = await ballot('resident-unlinked', { token: unlinkedToken });

      expect(result.errors.map((error) => error.code)).toEqual(['RESIDENT_ID_NOT_LINKED']);
    });

    it('counts ballots at and above the level', async () => {
      for (const name of ['census', 'inPerson']) {
        const { token, residentId } = residents[name]!;
        const result = await ballot(residentId, { token });

        expect(result.errors, name).toEqual([]);
        expect(result.ballotId, name).toEqual(expect.any(String));
      }
    });

    it('counts a paper ballot entered by staff', async () => {
      const result = await ballot('paper-voter-1', 'AGENT', 'PAPER');

      expect(result.errors).toEqual([]);
      expect(result.ballotId).toEqual(expect.any(String));
    });
  });

  describe('referendum', () => {
    let referendumId: string;
    let optionId: string;

    const vote = (voterId: string, caller?: Caller, channel = 'ONLINE') =>
      mutate(CAST_REFERENDUM_VOTE, { referendumId, optionId, voterId, channel }, caller);

    beforeAll(async () => {
      const now = Date.now();
      const created = await mutate(
        CREATE_REFERENDUM,
        {
          question: 'Should the market square be closed to cars?',
          options: ['Yes', 'No'],
          opensAt: new Date(now + 3_600_000).toISOString(),
          closesAt: new Date(now + 7_200_000).toISOString(),
          quorumPercent: 10,
        },
        'ADMINISTRATOR',
      );
      expect(created.errors).toEqual([]);
      referendumId = created.referendum.id;
      optionId = created.referendum.options[0].id;

      const set = await mutate(
        SET_REFERENDUM_LEVEL,
        { referendumId, level: 'CENSUS_MATCH' },
        'ADMINISTRATOR',
      );
      expect(set.errors).toEqual([]);
      expect(set.referendum.requiredVerification).toBe('CENSUS_MATCH');

      const voterIds = [
        ...Object.values(residents).map((resident) => resident.residentId),
        'resident-unlinked',
        'paper-voter-1',
      ];
      const census = ['voter_id,district', ...voterIds.map((id) => `${id},Stare Miasto`)].join(
        '\n',
      );
      const imported = await importCensus(
        { em: server.orm.em.fork(), config: server.config },
        referendumId,
        census,
      );
      expect(imported.ok).toBe(true);
      // Opens the referendum now, which the API allows only by waiting for opensAt.
      await server.orm.em
        .fork()
        .nativeUpdate(Referendum, { id: referendumId }, { opensAt: new Date(now - 60_000) });
    });

    it('rejects a change once voting opened', async () => {
      const set = await mutate(
        SET_REFERENDUM_LEVEL,
        { referendumId, level: null },
        'ADMINISTRATOR',
      );

      expect(set.errors.map((error) => error.code)).toEqual(['VOTING_STARTED']);
    });

    it('rejects an anonymous vote', async () => {
      const result = await vote('resident-census');

      expect(result.progress).toBeNull();
      expect(result.errors.map((error) => error.code)).toEqual(['VERIFICATION_REQUIRED']);
      expect(result.errors[0]!.message).toContain('CENSUS_MATCH');
    });

    it('rejects an account below the level', async () => {
      const { token, residentId } = residents.email!;
      const result = await vote(residentId, { token });

      expect(result.errors.map((error) => error.code)).toEqual(['VERIFICATION_REQUIRED']);
    });

    it('rejects a voter id other than the linked one', async () => {
      const result = await vote('resident-inPerson', { token: residents.census!.token });

      expect(result.errors.map((error) => error.code)).toEqual(['RESIDENT_ID_MISMATCH']);
      expect(result.errors[0]!.field).toEqual(['voterId']);
    });

    it('rejects an account without a linked resident id', async () => {
      const result = await vote('resident-unlinked', { token: unlinkedToken });

      expect(result.errors.map((error) => error.code)).toEqual(['RESIDENT_ID_NOT_LINKED']);
    });

    it('counts votes at and above the level', async () => {
      for (const name of ['census', 'inPerson']) {
        const { token, residentId } = residents[name]!;
        const result = await vote(residentId, { token });

        expect(result.errors, name).toEqual([]);
      }
    });

    it('counts a paper vote entered by staff', async () => {
      const result = await vote('paper-voter-1', 'AGENT', 'PAPER');

      expect(result.errors).toEqual([]);
      expect(result.progress.ballotsCast).toBe(3);
    });
  });

  describe('consultation', () => {
    let consultationId: string;

    const submit = (participantId: string, caller?: Caller) =>
      mutate(
        SUBMIT_QUESTIONNAIRE,
        { consultationId, participantId, answers: [{ questionCode: 'uses', choice: 'yes' }] },
        caller,
      );

    beforeAll(async () => {
      const created = await mutate(
        CREATE_CONSULTATION,
        { title: 'Night buses', requiredVerification: 'IN_PERSON' },
        'ADMINISTRATOR',
      );
      expect(created.errors).toEqual([]);
      consultationId = created.consultation.id;
      const updated = await mutate(
        UPDATE_CONSULTATION,
        { consultationId, requiredVerification: 'CENSUS_MATCH' },
        'ADMINISTRATOR',
      );
      expect(updated.errors).toEqual([]);
      expect(updated.consultation.requiredVerification).toBe('CENSUS_MATCH');
      const questionnaire = await mutate(
        SET_QUESTIONNAIRE,
        {
          consultationId,
          questions: [
            {
              code: 'uses',
              type: 'SINGLE_CHOICE',
              prompt: 'Do you take the night bus?',
              required: true,
              options: ['yes', 'no'],
            },
          ],
        },
        'ADMINISTRATOR',
      );
      expect(questionnaire.errors).toEqual([]);
      const opened = await mutate(
        ADVANCE_CONSULTATION,
        { consultationId, phase: 'OPEN' },
        'ADMINISTRATOR',
      );
      expect(opened.errors).toEqual([]);
    });

    it('rejects a change once the consultation opened', async () => {
      const updated = await mutate(
        UPDATE_CONSULTATION,
        { consultationId, requiredVerification: null },
        'ADMINISTRATOR',
      );

      expect(updated.errors.map((error) => error.code)).toEqual(['WRONG_PHASE']);
    });

    it('rejects anonymous answers', async () => {
      const result = await submit('resident-census');

      expect(result.submitted).toBe(false);
      expect(result.errors.map((error) => error.code)).toEqual(['VERIFICATION_REQUIRED']);
      expect(result.errors[0]!.message).toContain('CENSUS_MATCH');
    });

    it('rejects an account below the level', async () => {
      const { token, residentId } = residents.email!;
      const result = await submit(residentId, { token });

      expect(result.errors.map((error) => error.code)).toEqual(['VERIFICATION_REQUIRED']);
    });

    it('rejects a participant id other than the linked one', async () => {
      const result = await submit('resident-email', { token: residents.inPerson!.token });

      expect(result.errors.map((error) => error.code)).toEqual(['RESIDENT_ID_MISMATCH']);
      expect(result.errors[0]!.field).toEqual(['participantId']);
    });

    it('accepts answers at and above the level', async () => {
      for (const name of ['census', 'inPerson']) {
        const { token, residentId } = residents[name]!;
        const result = await submit(residentId, { token });

        expect(result.errors, name).toEqual([]);
        expect(result.submitted, name).toBe(true);
      }
    });

    it('checks statements and statement votes', async () => {
      const { token, residentId } = residents.census!;
      const statementInput = {
        consultationId,
        participantId: residentId,
        text: 'Run buses every 20 minutes',
      };

      const anonymousStatement = await mutate(SUBMIT_STATEMENT, statementInput);
      expect(anonymousStatement.errors.map((error) => error.code)).toEqual([
        'VERIFICATION_REQUIRED',
      ]);

      const statement = await mutate(SUBMIT_STATEMENT, statementInput, { token });
      expect(statement.errors).toEqual([]);
      const statementId = statement.statement.id as string;
      const moderated = await mutate(
        MODERATE_STATEMENT,
        { statementId, decision: 'ACCEPTED' },
        'ADMINISTRATOR',
      );
      expect(moderated.errors).toEqual([]);

      const belowLevel = await mutate(
        CAST_STATEMENT_VOTE,
        { statementId, participantId: residents.email!.residentId, vote: 'AGREE' },
        { token: residents.email!.token },
      );
      expect(belowLevel.errors.map((error) => error.code)).toEqual(['VERIFICATION_REQUIRED']);

      const vote = await mutate(
        CAST_STATEMENT_VOTE,
        { statementId, participantId: residentId, vote: 'AGREE' },
        { token },
      );
      expect(vote.errors).toEqual([]);
    });
  });
});
