import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { nextEvents, startTestServer, type TestServer } from '../support/server';

const CAST = `mutation Cast($input: CastBallotInput!) {
  castBallot(input: $input) { errors { code message } }
}`;

const SUBSCRIBE = `subscription Tally($editionId: ID!) {
  tallyUpdated(editionId: $editionId) {
    rule tieBreak spent projects { code selected reason rank }
  }
}`;

const EXPLAIN = `query Explain($id: ID!, $rule: BudgetRule, $budget: SafeInt) {
  budgetEdition(id: $id) {
    explanation(rule: $rule, budget: $budget) {
      rule tieBreak budget spent
      projects {
        code rank round selected reason budgetLeft decidedByTie
        additionalSupport maxCostToFund changeNote
      }
      tieBreaks { at decidedBy decidedSelection }
      equalShares { share unitsAdded nextStepSpent }
    }
  }
}`;

const WHAT_IF = `query WhatIf($id: ID!, $budget: SafeInt) {
  budgetEdition(id: $id) {
    whatIf(budget: $budget) { rule problem outcome { budget spent projects { code selected } } }
  }
}`;

// Four voters share 100,000 under plain equal shares, 25,000 each. Voters 1-3 approve A
// (60,000) and B (30,000); voter 4 approves C (40,000). A and B both cost 1/3 per unit of
// value in round 1, so the lower cost funds B. Voters 1-3 then hold 15,000 each, short of A,
// and voter 4 holds 25,000, short of C.
const BALLOTS: [string, string[]][] = [
  ['voter-1', ['A', 'B']],
  ['voter-2', ['A', 'B']],
  ['voter-3', ['A', 'B']],
  ['voter-4', ['C']],
];

describe('counting rules over GraphQL', () => {
  let server: TestServer;
  let editionId: string;
  let cumulativeId: string;
  let projectIds: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    const service = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
    const edition = await service.createEdition({
      name: 'Equal shares district 2026',
      currency: 'PLN',
      budget: 100_000,
      voteType: 'approval',
      rule: 'equalshares',
      phase: 'VOTING',
    });
    const projects = await service.addProjects(edition, [
      { code: 'A', name: 'Playground', cost: 60_000 },
      { code: 'B', name: 'Bike racks', cost: 30_000 },
      { code: 'C', name: 'Reading room', cost: 40_000 },
    ]);
    editionId = edition.id;
    projectIds = Object.fromEntries(projects.map((project) => [project.code, project.id]));
    const cumulative = await service.createEdition({
      name: 'Points district 2026',
      currency: 'PLN',
      budget: 100_000,
      voteType: 'cumulative',
      rule: 'greedy',
      phase: 'VOTING',
    });
    cumulativeId = cumulative.id;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('tallies equal shares before any ballot', async () => {
    const response = await server.graphql(
      `query Tally($id: ID!) { budgetEdition(id: $id) { tally { spent projects { reason } } } }`,
      { id: editionId },
    );

    expect(response.errors).toBeUndefined();
    expect(response.data!.budgetEdition.tally).toEqual({
      spent: 0,
      projects: [{ reason: 'NO_SUPPORT' }, { reason: 'NO_SUPPORT' }, { reason: 'NO_SUPPORT' }],
    });
  });

  it('sends the equal-shares tally to a subscriber', async () => {
    // Tally events for ballots that arrive close together are merged into one, so the
    // subscriber joins before the last ballot and expects exactly one event.
    const cast = async ([voterId, codes]: (typeof BALLOTS)[number]) => {
      const response = await server.graphql(CAST, {
        input: { editionId, voterId, projectIds: codes.map((code) => projectIds[code]) },
      });

      expect(response.data!.castBallot.errors).toEqual([]);
    };
    for (const ballot of BALLOTS.slice(0, -1)) {
      await cast(ballot);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const events = nextEvents(server.wsClient(), SUBSCRIBE, { editionId }, 1);
    await events.subscribed;
    await cast(BALLOTS.at(-1)!);
    const last = (await events.done).at(-1) as { tallyUpdated: Record<string, unknown> };

    expect(last.tallyUpdated).toEqual({
      rule: 'EQUAL_SHARES',
      tieBreak: 'LOWER_COST_FIRST',
      spent: 30_000,
      projects: [
        { code: 'B', selected: true, reason: 'FUNDED', rank: 1 },
        { code: 'A', selected: false, reason: 'SHARES_RAN_OUT', rank: 2 },
        { code: 'C', selected: false, reason: 'SHARES_RAN_OUT', rank: 3 },
      ],
    });
  });

  it('explains equal shares with cost bounds', async () => {
    const response = await server.graphql(EXPLAIN, { id: editionId });
    const explanation = response.data!.budgetEdition.explanation;

    expect(response.errors).toBeUndefined();
    expect(explanation.equalShares).toEqual({
      share: '25000',
      unitsAdded: 0,
      nextStepSpent: null,
    });
    expect(explanation.tieBreaks).toEqual([{ at: 1, decidedBy: 'COST', decidedSelection: true }]);
    expect(explanation.projects[0]).toMatchObject({
      code: 'B',
      round: 1,
      budgetLeft: 100_000,
      decidedByTie: 'COST',
    });
    // After round 1, A's supporters hold 45,000 and C's 25,000: the largest costs they cover.
    expect(explanation.projects[1]).toMatchObject({
      code: 'A',
      budgetLeft: 70_000,
      additionalSupport: null,
      maxCostToFund: 45_000,
    });
    expect(explanation.projects[1].changeNote).toMatch(/each added voter changes every share/);
    expect(explanation.projects[2]).toMatchObject({ code: 'C', maxCostToFund: 25_000 });
  });

  it('explains another rule on request', async () => {
    const response = await server.graphql(EXPLAIN, { id: editionId, rule: 'GREEDY' });
    const projects = response.data!.budgetEdition.explanation.projects;

    // Greedy funds B and A (tied on 3 votes, B cheaper); C needs 2 more votes to tie A and
    // come first by cost, or a cost of at most the 10,000 left.
    expect(projects.map((project: { code: string }) => project.code)).toEqual(['B', 'A', 'C']);
    expect(projects[2]).toMatchObject({
      reason: 'DID_NOT_FIT',
      budgetLeft: 10_000,
      additionalSupport: 2,
      maxCostToFund: 10_000,
      changeNote: null,
    });
  });

  it('compares every rule with a larger budget', async () => {
    const response = await server.graphql(WHAT_IF, { id: editionId, budget: 200_000 });
    const rows = response.data!.budgetEdition.whatIf;

    expect(rows.map((row: { rule: string }) => row.rule)).toEqual([
      'GREEDY',
      'GREEDY_NO_SKIP',
      'GREEDY_THRESHOLD',
      'EQUAL_SHARES',
      'EQUAL_SHARES_ADD1',
      'EQUAL_SHARES_ADD1_COMPARISON',
      'SEQUENTIAL_PHRAGMEN',
      'MAX_APPROVAL',
    ]);
    for (const row of rows) {
      expect(row.problem).toBeNull();
      expect(row.outcome.budget).toBe(200_000);
    }
    expect(rows[0].outcome.spent).toBe(130_000);
    // Shares of 50,000: B, then A at 20,000 more each, then C for voter 4.
    expect(rows[3].outcome.spent).toBe(130_000);
  });

  it('rejects a negative budget', async () => {
    const response = await server.graphql(WHAT_IF, { id: editionId, budget: -1 });

    expect(response.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toBe(
      'budget must be a non-negative whole number of minor units, got -1',
    );
  });

  it('rejects equal shares on cumulative ballots', async () => {
    const response = await server.graphql(EXPLAIN, { id: cumulativeId, rule: 'EQUAL_SHARES' });

    expect(response.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toMatch(
      /rule equalshares counts approval or choose-1 ballots, not cumulative ones/,
    );
  });

  it('lists rules that cannot count cumulative ballots', async () => {
    const response = await server.graphql(WHAT_IF, { id: cumulativeId });
    const problems = response.data!.budgetEdition.whatIf.filter(
      (row: { problem: string | null }) => row.problem !== null,
    );

    expect(problems.map((row: { rule: string }) => row.rule)).toEqual([
      'EQUAL_SHARES',
      'EQUAL_SHARES_ADD1',
      'EQUAL_SHARES_ADD1_COMPARISON',
      'SEQUENTIAL_PHRAGMEN',
    ]);
  });

  it('runs at most two recounts per request', async () => {
    const response = await server.graphql(
      `query Many($id: ID!) {
        budgetEdition(id: $id) {
          first: explanation { spent }
          second: whatIf { rule }
          third: explanation(budget: 50000) { spent }
        }
      }`,
      { id: editionId },
    );
    const edition = response.data!.budgetEdition;

    expect(edition.first).not.toBeNull();
    expect(edition.second).not.toBeNull();
    expect(edition.third).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.extensions!.code).toBe('RECOUNT_LIMIT');
    expect(response.errors![0]!.path).toEqual(['budgetEdition', 'third']);
  });
});
