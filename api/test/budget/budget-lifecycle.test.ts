import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetPhase } from '../../src/modules/budget/budget.enums';
import type { BudgetProcess } from '../../src/modules/budget/budget-process.entity';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { nextEvents, startTestServer, type TestServer } from '../support/server';

const CAST = `mutation Cast($input: CastBallotInput!) {
  castBallot(input: $input) {
    ballotId
    errors { code field message }
    tally { ballotCount projects { code votes score } }
  }
}`;

const ADVANCE = `mutation Advance($input: AdvanceBudgetPhaseInput!) {
  advanceBudgetPhase(input: $input) {
    edition { phase commitmentHash committedAt }
    errors { code field message }
  }
}`;

const REVEAL = `query Reveal($editionId: ID!) {
  budgetBallotSet(editionId: $editionId) { editionId commitmentHash committedAt document }
}`;

const TALLY = `query Tally($id: ID!) {
  budgetEdition(id: $id) {
    phase
    tally { ballotCount projects { code votes score } }
    tallyByChannel { channel withheld ballotCount projects { projectId votes score } }
    explanation { spent }
    whatIf { rule }
  }
  budgetEditionPabulib(id: $id)
}`;

const SUBSCRIBE = `subscription Tally($editionId: ID!) { tallyUpdated(editionId: $editionId) { ballotCount } }`;

type EditionOptions = {
  phase?: BudgetPhase;
  allowBallotChange?: boolean;
  resultsPublishAt?: Date | null;
  votingClosesAt?: Date | null;
  voteType?: 'approval' | 'cumulative';
  subunit?: string | null;
  process?: BudgetProcess | null;
};

type Edition = { id: string; projects: Record<string, string> };

describe('budget edition lifecycle', () => {
  let server: TestServer;

  const service = () => new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });

  async function createEdition(name: string, options: EditionOptions = {}): Promise<Edition> {
    const budgets = service();
    const edition = await budgets.createEdition({
      name,
      currency: 'PLN',
      budget: 100_000,
      voteType: options.voteType ?? 'approval',
      rule: 'greedy',
      maxLength: 3,
      maxSumPoints: options.voteType === 'cumulative' ? 10 : null,
      phase: options.phase ?? 'VOTING',
      allowBallotChange: options.allowBallotChange ?? false,
      resultsPublishAt: options.resultsPublishAt ?? null,
      votingClosesAt: options.votingClosesAt ?? null,
      subunit: options.subunit ?? null,
      process: options.process ?? null,
    });
    const projects = await budgets.addProjects(edition, [
      { code: 'A', name: 'Park benches', cost: 60_000 },
      { code: 'B', name: 'Bike racks', cost: 30_000 },
      { code: 'C', name: 'Library books', cost: 50_000 },
    ]);

    return { id: edition.id, projects: Object.fromEntries(projects.map((p) => [p.code, p.id])) };
  }

  function cast(
    edition: Edition,
    voterId: string,
    codes: string[],
    extra: { channel?: string; points?: number[] } = {},
  ) {
    // Only staff may enter PAPER and IMPORT ballots.
    const staffChannel = extra.channel !== undefined && extra.channel !== 'INTERNET';

    return server.graphql(
      CAST,
      {
        input: {
          editionId: edition.id,
          voterId,
          projectIds: codes.map((code) => edition.projects[code]),
          ...extra,
        },
      },
      staffChannel ? { as: 'AGENT' } : {},
    );
  }

  const advance = (editionId: string, extra: Record<string, unknown> = {}) =>
    server.graphql(ADVANCE, { input: { editionId, ...extra } }, { as: 'ADMINISTRATOR' });

  const errorCodes = (response: { data?: Record<string, any> }) =>
    response.data!.castBallot.errors.map((error: { code: string }) => error.code);

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('phases', () => {
    it('rejects a ballot outside VOTING', async () => {
      const edition = await createEdition('Submission district', { phase: 'SUBMISSION' });

      const response = await cast(edition, 'voter-1', ['A']);

      expect(response.data!.castBallot.ballotId).toBeNull();
      expect(response.data!.castBallot.errors).toEqual([
        {
          code: 'WRONG_PHASE',
          field: [],
          message:
            'Budget edition "Submission district" is in phase SUBMISSION, but this operation requires phase VOTING: wait for that phase or move the edition with advanceBudgetPhase.',
        },
      ]);
    });

    it('moves through every phase in order', async () => {
      const edition = await createEdition('Walk district', { phase: 'SUBMISSION' });
      const phases: string[] = [];
      for (let step = 0; step < 5; step += 1) {
        const response = await advance(edition.id);
        expect(response.data!.advanceBudgetPhase.errors).toEqual([]);
        phases.push(response.data!.advanceBudgetPhase.edition.phase);
      }
      const last = await advance(edition.id);

      expect(phases).toEqual(['REVIEW', 'VOTING', 'COUNTING', 'RESULTS', 'IMPLEMENTATION']);
      expect(last.data!.advanceBudgetPhase.edition).toBeNull();
      expect(last.data!.advanceBudgetPhase.errors.map((e: { code: string }) => e.code)).toEqual([
        'LAST_PHASE',
      ]);
    });

    it('rejects a move from a stale phase', async () => {
      const edition = await createEdition('Stale district', { phase: 'REVIEW' });

      const response = await advance(edition.id, { expectedPhase: 'SUBMISSION' });
      const after = await server.graphql(TALLY, { id: edition.id });

      expect(response.data!.advanceBudgetPhase.errors).toEqual([
        expect.objectContaining({ code: 'WRONG_PHASE', field: ['expectedPhase'] }),
      ]);
      expect(response.data!.advanceBudgetPhase.errors[0].message).toContain('is in phase REVIEW');
      expect(after.data!.budgetEdition.phase).toBe('REVIEW');
    });

    it('rejects ballots after the scheduled close', async () => {
      const edition = await createEdition('Closed district', {
        votingClosesAt: new Date(Date.now() - 60_000),
      });

      const response = await cast(edition, 'voter-1', ['A']);

      expect(errorCodes(response)).toEqual(['VOTING_CLOSED']);
    });

    it('rejects ballots once voting is closed', async () => {
      const edition = await createEdition('Counting district');
      await advance(edition.id);

      const response = await cast(edition, 'voter-1', ['A']);

      expect(errorCodes(response)).toEqual(['WRONG_PHASE']);
      expect(response.data!.castBallot.errors[0].message).toContain('is in phase COUNTING');
    });
  });

  describe('ballot changes', () => {
    it('replaces a ballot and keeps the tally exact', async () => {
      const edition = await createEdition('Change district', {
        allowBallotChange: true,
        voteType: 'cumulative',
      });
      await cast(edition, 'voter-1', ['A', 'B'], { points: [6, 4] });
      await cast(edition, 'voter-2', ['B'], { points: [3] });

      const changed = await cast(edition, 'voter-1', ['C', 'B'], { points: [7, 1] });
      const recount = await service().recount(edition.id);
      const tally = (await service().tally(edition.id))!;
      const counts = Object.fromEntries(tally.projects.map((p) => [p.code, [p.votes, p.score]]));

      expect(changed.data!.castBallot.errors).toEqual([]);
      expect(tally.ballotCount).toBe(2);
      expect(counts).toEqual({ A: [0, 0], B: [2, 4], C: [1, 7] });
      expect(recount.get(edition.projects.A!)).toBeUndefined();
      expect(recount.get(edition.projects.B!)).toEqual({ votes: 2, score: 4 });
      expect(recount.get(edition.projects.C!)).toEqual({ votes: 1, score: 7 });
    });

    it('rejects a second ballot without changes', async () => {
      const edition = await createEdition('Final district');
      await cast(edition, 'voter-1', ['A']);

      const second = await cast(edition, 'voter-1', ['B']);

      expect(errorCodes(second)).toEqual(['ALREADY_VOTED']);
    });

    it('counts one of 20 concurrent changes', async () => {
      const edition = await createEdition('Change race district', { allowBallotChange: true });
      await cast(edition, 'changer', ['A']);

      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          cast(edition, 'changer', [index % 2 === 0 ? 'B' : 'C']),
        ),
      );
      const tally = (await service().tally(edition.id))!;
      const recount = await service().recount(edition.id);
      const votes = tally.projects.reduce((sum, project) => sum + project.votes, 0);

      for (const response of responses) {
        expect(['', 'BALLOT_CHANGE_CONFLICT']).toContain(errorCodes(response).join());
      }
      expect(tally.ballotCount).toBe(1);
      expect(votes).toBe(1);
      expect([...recount.values()]).toEqual([{ votes: 1, score: 1 }]);
    });
  });

  describe('channels', () => {
    it('splits the tally by channel', async () => {
      const edition = await createEdition('Paper district');
      for (let index = 0; index < 5; index += 1) {
        await cast(edition, `paper-${index}`, ['A'], { channel: 'PAPER' });
      }
      await cast(edition, 'online-1', ['B'], { channel: 'INTERNET' });

      const response = await server.graphql(TALLY, { id: edition.id });

      expect(response.data!.budgetEdition.tally.ballotCount).toBe(6);
      expect(response.data!.budgetEdition.tallyByChannel).toEqual([
        { channel: 'INTERNET', withheld: true, ballotCount: null, projects: [] },
        {
          channel: 'PAPER',
          withheld: false,
          ballotCount: 5,
          projects: [{ projectId: edition.projects.A, votes: 5, score: 5 }],
        },
      ]);
    });
  });

  describe('eligibility', () => {
    let process: BudgetProcess;
    let cityWide: Edition;
    let ursus: Edition;

    beforeAll(async () => {
      const created = await server.graphql(
        `mutation ($input: CreateBudgetProcessInput!) {
          createBudgetProcess(input: $input) { process { id name currency minimumAge registerSize } errors { code } }
        }`,
        {
          input: {
            name: 'Testowo 2026',
            unit: 'Testowo',
            year: 2026,
            currency: 'PLN',
            minimumAge: 16,
          },
        },
        { as: 'ADMINISTRATOR' },
      );
      expect(created.data!.createBudgetProcess.errors).toEqual([]);
      const processId = created.data!.createBudgetProcess.process.id;
      const today = new Date();
      const sixteenTomorrow = new Date(
        Date.UTC(today.getUTCFullYear() - 16, today.getUTCMonth(), today.getUTCDate() + 1),
      );
      const csv = [
        'personal_id,birth_date,district',
        '90010112345,1990-01-01,Ursus',
        '85050554321,1985-05-05,Wola',
        `${'08'}0000011111,${sixteenTomorrow.toISOString().slice(0, 10)},Ursus`,
      ].join('\n');
      const imported = await server.graphql(
        `mutation ($processId: ID!, $csv: String!) { importVoterRegister(processId: $processId, csv: $csv) { imported errors { code message } } }`,
        { processId, csv },
        { as: 'ADMINISTRATOR' },
      );
      expect(imported.data!.importVoterRegister).toEqual({ imported: 3, errors: [] });
      process = (await server.orm.em.fork().findOne('BudgetProcess', processId)) as BudgetProcess;
      cityWide = await createEdition('Testowo 2026', { process });
      ursus = await createEdition('Testowo 2026 Ursus', { process, subunit: 'Ursus' });
    });

    it('accepts a registered resident', async () => {
      const cityBallot = await cast(cityWide, '85050554321', ['A']);
      const districtBallot = await cast(ursus, '90010112345', ['A']);

      expect(cityBallot.data!.castBallot.errors).toEqual([]);
      expect(districtBallot.data!.castBallot.errors).toEqual([]);
    });

    it('rejects a voter missing from the register', async () => {
      const response = await cast(cityWide, '11111111111', ['A']);

      expect(errorCodes(response)).toEqual(['NOT_IN_REGISTER']);
    });

    it('rejects a voter under the minimum age', async () => {
      const response = await cast(cityWide, '080000011111', ['A']);

      expect(errorCodes(response)).toEqual(['UNDER_MINIMUM_AGE']);
      expect(response.data!.castBallot.errors[0].message).toContain('at least 16 years old');
    });

    it('rejects a resident of another district', async () => {
      const response = await cast(ursus, '85050554321', ['A']);

      expect(errorCodes(response)).toEqual(['WRONG_DISTRICT']);
      expect(response.data!.castBallot.errors[0].message).toContain('in Wola');
    });

    it('stores personal ids only as hashes', async () => {
      const rows: Record<string, unknown>[] = await server.orm.em
        .fork()
        .getConnection()
        .execute('select * from budget_voter_register');
      const stored = JSON.stringify(rows);

      expect(rows).toHaveLength(3);
      expect(stored).not.toContain('90010112345');
      expect(stored).not.toContain('85050554321');
    });

    it('rejects a census file with a bad row', async () => {
      const response = await server.graphql(
        `mutation ($processId: ID!, $csv: String!) { importVoterRegister(processId: $processId, csv: $csv) { imported errors { code message } } }`,
        { processId: process.id, csv: 'personal_id,birth_date,district\n123,1990-02-30,Ursus\n' },
        { as: 'ADMINISTRATOR' },
      );
      const after = await server.orm.em.fork().count('VoterRegisterEntry', {});

      expect(response.data!.importVoterRegister.imported).toBe(0);
      expect(response.data!.importVoterRegister.errors).toEqual([
        {
          code: 'INVALID_REGISTER',
          message:
            'Fix these rows and import the file again: line 2: birth_date "1990-02-30" is not a date in YYYY-MM-DD form.',
        },
      ]);
      expect(after).toBe(3);
    });

    it('shares the currency of the process', async () => {
      const edition = await service().createEdition({
        name: 'Testowo 2026 Wola',
        currency: 'EUR',
        budget: 1,
        voteType: 'approval',
        rule: 'greedy',
        process,
      });

      expect(edition.currency).toBe('PLN');
    });
  });

  describe('process phases', () => {
    const ADVANCE_PROCESS = `mutation ($input: AdvanceBudgetProcessPhaseInput!) {
      advanceBudgetProcessPhase(input: $input) { phase errors { code message } }
    }`;

    async function createProcess(year: number) {
      return service().createProcess({
        name: `Phasetown ${year}`,
        unit: 'Phasetown',
        year,
        currency: 'PLN',
      });
    }

    it('moves every edition together', async () => {
      const process = await createProcess(2026);
      const city = await createEdition('Phasetown 2026', { process, phase: 'REVIEW' });
      const district = await createEdition('Phasetown 2026 North', {
        process,
        phase: 'REVIEW',
        subunit: 'North',
      });

      const response = await server.graphql(
        ADVANCE_PROCESS,
        { input: { processId: process.id, expectedPhase: 'REVIEW' } },
        { as: 'ADMINISTRATOR' },
      );
      const phases = await Promise.all(
        [city, district].map(
          async (edition) =>
            (await server.graphql(TALLY, { id: edition.id })).data!.budgetEdition.phase,
        ),
      );

      expect(response.data!.advanceBudgetProcessPhase).toEqual({ phase: 'VOTING', errors: [] });
      expect(phases).toEqual(['VOTING', 'VOTING']);
    });

    it('rejects editions in different phases', async () => {
      const process = await createProcess(2027);
      const city = await createEdition('Phasetown 2027', { process, phase: 'VOTING' });
      await createEdition('Phasetown 2027 North', { process, phase: 'REVIEW', subunit: 'North' });

      const response = await server.graphql(
        ADVANCE_PROCESS,
        { input: { processId: process.id } },
        { as: 'ADMINISTRATOR' },
      );
      const after = await server.graphql(TALLY, { id: city.id });

      expect(response.data!.advanceBudgetProcessPhase.phase).toBeNull();
      expect(response.data!.advanceBudgetProcessPhase.errors).toEqual([
        {
          code: 'PHASES_DIFFER',
          message:
            'The editions of this process are in different phases ("Phasetown 2027" in VOTING, "Phasetown 2027 North" in REVIEW): move them one by one with advanceBudgetPhase until they match.',
        },
      ]);
      expect(after.data!.budgetEdition.phase).toBe('VOTING');
    });
  });

  describe('embargo and commitment', () => {
    it('hides counts under embargo', async () => {
      const embargoed = await createEdition('Embargo district', {
        resultsPublishAt: new Date(Date.now() + 3_600_000),
      });
      const open = await createEdition('Open district');
      const client = server.wsClient();
      const hidden: unknown[] = [];
      client.subscribe(
        { query: SUBSCRIBE, variables: { editionId: embargoed.id } },
        {
          next: (value) => hidden.push(value),
          error: () => {},
          complete: () => {},
        },
      );
      const shown = nextEvents(client, SUBSCRIBE, { editionId: open.id }, 1);
      await shown.subscribed;

      const ballot = await cast(embargoed, 'voter-1', ['A']);
      await cast(open, 'voter-1', ['A']);
      await shown.done;
      const query = await server.graphql(TALLY, { id: embargoed.id });
      await advance(embargoed.id);
      const reveal = await server.graphql(REVEAL, { editionId: embargoed.id });

      expect(ballot.data!.castBallot.errors).toEqual([]);
      expect(ballot.data!.castBallot.tally).toBeNull();
      expect(hidden).toEqual([]);
      expect(query.data!.budgetEdition.tally).toBeNull();
      expect(query.data!.budgetEdition.tallyByChannel).toBeNull();
      expect(query.data!.budgetEdition.explanation).toBeNull();
      expect(query.data!.budgetEdition.whatIf).toBeNull();
      expect(query.data!.budgetEditionPabulib).toBeNull();
      expect(reveal.data!.budgetBallotSet).toBeNull();
    });

    it('publishes a hash anyone can recompute', async () => {
      const edition = await createEdition('Commit district', { voteType: 'cumulative' });
      const ballots: { channel: string; items: [string, number][] }[] = [
        {
          channel: 'INTERNET',
          items: [
            ['A', 6],
            ['B', 4],
          ],
        },
        { channel: 'PAPER', items: [['C', 10]] },
        {
          channel: 'INTERNET',
          items: [
            ['B', 1],
            ['A', 2],
            ['C', 3],
          ],
        },
      ];
      for (const [index, ballot] of ballots.entries()) {
        const response = await cast(
          edition,
          `voter-${index}`,
          ballot.items.map(([code]) => code),
          { channel: ballot.channel, points: ballot.items.map(([, points]) => points) },
        );
        expect(response.data!.castBallot.errors).toEqual([]);
      }
      const before = await server.graphql(REVEAL, { editionId: edition.id });

      const closed = await advance(edition.id, { expectedPhase: 'VOTING' });
      const reveal = await server.graphql(REVEAL, { editionId: edition.id });

      // Rebuilt from the ballots this test cast, following the documented canonical form.
      const id = (code: string) => edition.projects[code]!;
      const ballotLines = ballots
        .map((ballot) =>
          [
            'ballot',
            ballot.channel,
            ...ballot.items.map(([code, points]) => `${id(code)}:${points}`),
          ].join(' '),
        )
        .sort();
      const totals = { A: [2, 8], B: [2, 5], C: [2, 13] } as const;
      const projectLines = Object.entries(totals)
        .map(([code, [votes, score]]) => `project ${id(code)} ${votes} ${score}`)
        .sort();
      const expected = [
        'ratusz-budget-commitment v1',
        `edition ${edition.id}`,
        ...ballotLines,
        ...projectLines,
        'ballots 3',
      ]
        .map((line) => `${line}\n`)
        .join('');
      const expectedHash = createHash('sha256').update(Buffer.from(expected, 'utf8')).digest('hex');

      expect(before.data!.budgetBallotSet).toBeNull();
      expect(closed.data!.advanceBudgetPhase.errors).toEqual([]);
      expect(closed.data!.advanceBudgetPhase.edition.phase).toBe('COUNTING');
      expect(closed.data!.advanceBudgetPhase.edition.commitmentHash).toBe(expectedHash);
      expect(reveal.data!.budgetBallotSet.commitmentHash).toBe(expectedHash);
      expect(reveal.data!.budgetBallotSet.document).toBe(expected);
      expect(reveal.data!.budgetBallotSet.document).not.toContain('voter-');
    });
  });
});
