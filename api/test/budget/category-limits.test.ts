import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetEdition } from '../../src/modules/budget/budget-edition.entity';
import { BudgetProject } from '../../src/modules/budget/budget-project.entity';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { exportPabulib } from '../../src/modules/budget/pabulib.export';
import { pabulibImporter } from '../../src/modules/budget/pabulib.importer';
import { parsePabulib } from '../../src/modules/budget/pabulib.parser';
import { importFile } from '../../src/modules/imports/import.service';
import { dataFile, hasData } from '../support/data';
import { startTestServer, type TestServer, testLogger } from '../support/server';

const SET_LIMITS = `mutation Set($input: SetBudgetCountingLimitsInput!) {
  setBudgetCountingLimits(input: $input) {
    edition { minProjectScore categoryLimits { category maxCost maxProjects } }
    errors { code message field }
  }
}`;

const ADVANCE = `mutation Advance($input: AdvanceBudgetPhaseInput!) {
  advanceBudgetPhase(input: $input) { edition { phase } errors { code } }
}`;

const CAST = `mutation Cast($input: CastBallotInput!) {
  castBallot(input: $input) { errors { code message } }
}`;

const EXPLAIN = `query Explain($id: ID!, $rule: BudgetRule) {
  budgetEdition(id: $id) {
    explanation(rule: $rule) {
      spent
      projects { code selected reason limitCategory reasonDetail maxCostToFund additionalSupport }
    }
  }
}`;

const WHAT_IF = `query WhatIf($id: ID!, $budget: SafeInt) {
  budgetEdition(id: $id) {
    whatIf(budget: $budget) {
      rule problem
      outcome { budget spent projects { code selected reason limitCategory } }
    }
  }
}`;

type Explained = {
  code: string;
  selected: boolean;
  reason: string;
  limitCategory: string | null;
  reasonDetail: string | null;
  maxCostToFund: number | null;
  additionalSupport: number | null;
};

// Five voters approve A (5 votes, 40,000, Greenery), B (4, 30,000, Greenery), C (3, 30,000,
// Sport) and D (2, 20,000, Sport). Without limits greedy funds A, B and C for all of 100,000.
const BALLOTS = [['A', 'B', 'C', 'D'], ['A', 'B', 'C', 'D'], ['A', 'B', 'C'], ['A', 'B'], ['A']];

describe('category limits and minimum support', () => {
  let server: TestServer;
  let editionId: string;
  let projectIds: Record<string, string>;

  const setLimits = (
    input: Record<string, unknown>,
    as: 'DEPARTMENT_MANAGER' | 'RESIDENT' = 'DEPARTMENT_MANAGER',
  ) => server.graphql(SET_LIMITS, { input: { editionId, ...input } }, { as });

  beforeAll(async () => {
    server = await startTestServer();
    const service = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
    const edition = await service.createEdition({
      name: 'Limited district 2026',
      currency: 'PLN',
      budget: 100_000,
      voteType: 'approval',
      rule: 'greedy',
      phase: 'REVIEW',
    });
    const projects = await service.addProjects(edition, [
      { code: 'A', name: 'Flower beds', cost: 40_000, category: 'Greenery' },
      { code: 'B', name: 'Street trees', cost: 30_000, category: 'Greenery' },
      { code: 'C', name: 'Skate park', cost: 30_000, category: 'Sport' },
      { code: 'D', name: 'Outdoor gym', cost: 20_000, category: 'Sport' },
    ]);
    editionId = edition.id;
    projectIds = Object.fromEntries(projects.map((project) => [project.code, project.id]));
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('rejects a resident', async () => {
    const response = await setLimits({ categoryLimits: [] }, 'RESIDENT');

    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects a category listed twice', async () => {
    const limit = { category: 'Greenery', maxCost: 1 };
    const response = await setLimits({ categoryLimits: [limit, limit] });
    const payload = response.data!.setBudgetCountingLimits;

    expect(payload.edition).toBeNull();
    expect(payload.errors).toEqual([
      {
        code: 'INVALID_CATEGORY_LIMITS',
        message:
          'Invalid category limits: category "Greenery" has two limits: give each category one entry.',
        field: ['categoryLimits'],
      },
    ]);
  });

  it('rejects a negative minimum', async () => {
    const response = await setLimits({ minProjectScore: -1, categoryLimits: [] });

    expect(response.data!.setBudgetCountingLimits.errors[0].code).toBe('INVALID_MINIMUM');
  });

  it('rejects categories no project uses', async () => {
    const response = await setLimits({
      categoryLimits: [
        { category: 'Greenery', maxCost: 60_000 },
        { category: 'nosuch', maxProjects: 1 },
        { category: 'SPORT', maxProjects: 1 },
      ],
    });
    const payload = response.data!.setBudgetCountingLimits;

    expect(payload.edition).toBeNull();
    expect(payload.errors).toEqual([
      {
        code: 'UNKNOWN_CATEGORY',
        message:
          'Category "nosuch" is not used by any project or proposal of this edition: use one of the known categories ("Greenery", "Sport"), which match case-sensitively.',
        field: ['categoryLimits', '1', 'category'],
      },
      {
        code: 'UNKNOWN_CATEGORY',
        message:
          'Category "SPORT" is not used by any project or proposal of this edition: use one of the known categories ("Greenery", "Sport"), which match case-sensitively.',
        field: ['categoryLimits', '2', 'category'],
      },
    ]);
    const stored = await server.orm.em.fork().findOneOrFail(BudgetEdition, editionId);
    expect(stored.categoryLimits).toBeNull();
  });

  it('accepts any category before the first project or proposal', async () => {
    const service = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
    const empty = await service.createEdition({
      name: 'Empty district 2027',
      currency: 'PLN',
      budget: 100_000,
      voteType: 'approval',
      rule: 'greedy',
      phase: 'SUBMISSION',
    });
    const limits = [{ category: 'Roads', maxCost: null, maxProjects: 2 }];
    const accepted = await server.graphql(
      SET_LIMITS,
      { input: { editionId: empty.id, categoryLimits: limits } },
      { as: 'DEPARTMENT_MANAGER' },
    );

    expect(accepted.data!.setBudgetCountingLimits).toEqual({
      edition: { minProjectScore: null, categoryLimits: limits },
      errors: [],
    });

    const submitted = await server.graphql(
      `mutation Submit($input: SubmitBudgetProposalInput!) {
        submitBudgetProposal(input: $input) { errors { code } }
      }`,
      {
        input: {
          editionId: empty.id,
          residentId: 'resident-limits',
          title: 'Cycle lane',
          description: 'A cycle lane along the river.',
          estimatedCost: 50_000,
          category: 'Roads',
        },
      },
      { as: 'RESIDENT' },
    );
    expect(submitted.data!.submitBudgetProposal.errors).toEqual([]);
    const withProposal = await server.graphql(
      SET_LIMITS,
      { input: { editionId: empty.id, categoryLimits: [{ category: 'roads', maxProjects: 1 }] } },
      { as: 'DEPARTMENT_MANAGER' },
    );

    expect(withProposal.data!.setBudgetCountingLimits.errors).toEqual([
      {
        code: 'UNKNOWN_CATEGORY',
        message:
          'Category "roads" is not used by any project or proposal of this edition: use one of the known categories ("Roads"), which match case-sensitively.',
        field: ['categoryLimits', '0', 'category'],
      },
    ]);
  });

  it('stores the limits in review', async () => {
    const response = await setLimits({
      minProjectScore: 3,
      categoryLimits: [{ category: 'Greenery', maxCost: 60_000 }],
    });

    expect(response.data!.setBudgetCountingLimits).toEqual({
      edition: {
        minProjectScore: 3,
        categoryLimits: [{ category: 'Greenery', maxCost: 60_000, maxProjects: null }],
      },
      errors: [],
    });
  });

  it('rejects changes once voting opens', async () => {
    const advanced = await server.graphql(
      ADVANCE,
      { input: { editionId } },
      { as: 'ADMINISTRATOR' },
    );
    expect(advanced.data!.advanceBudgetPhase.edition.phase).toBe('VOTING');
    for (const [index, codes] of BALLOTS.entries()) {
      const cast = await server.graphql(CAST, {
        input: {
          editionId,
          voterId: `voter-${index}`,
          projectIds: codes.map((code) => projectIds[code]),
        },
      });
      expect(cast.data!.castBallot.errors).toEqual([]);
    }
    const response = await setLimits({ categoryLimits: [] });

    expect(response.data!.setBudgetCountingLimits.errors[0].code).toBe('WRONG_PHASE');
    expect(response.data!.setBudgetCountingLimits.errors[0].message).toMatch(
      /SUBMISSION or REVIEW/,
    );
  });

  it('stores a ballot when the rule cannot count the edition, and says why', async () => {
    const em = server.orm.em.fork();
    const service = new BudgetService(em, { hashKey: server.config.hashKey });
    const edition = await service.createEdition({
      name: 'Capped knapsack 2026',
      currency: 'PLN',
      budget: 100_000,
      voteType: 'approval',
      rule: 'max-approval',
      phase: 'VOTING',
    });
    // A project in two capped categories, as when it is added after the limits were set:
    // the exact knapsack handles one capped category per project.
    const [shared] = await service.addProjects(edition, [
      { code: 'S', name: 'Sports meadow', cost: 30_000, category: 'Greenery,Sport' },
    ]);
    await em.nativeUpdate(
      BudgetEdition,
      { id: edition.id },
      {
        categoryLimits: [
          { category: 'Greenery', maxCost: 50_000, maxProjects: null },
          { category: 'Sport', maxCost: 50_000, maxProjects: null },
        ],
      },
    );
    const cast = await server.graphql(
      `mutation Cast($input: CastBallotInput!) { castBallot(input: $input) { ballotId tally { ballotCount } errors { code } } }`,
      { input: { editionId: edition.id, voterId: 'voter-knapsack', projectIds: [shared!.id] } },
    );
    const tally = await server.graphql(
      `query T($id: ID!) { budgetEdition(id: $id) { tally { spent } } }`,
      { id: edition.id },
    );

    expect(cast.errors).toBeUndefined();
    expect(cast.data!.castBallot).toMatchObject({ tally: null, errors: [] });
    expect(cast.data!.castBallot.ballotId).toEqual(expect.any(String));
    expect((await server.orm.em.fork().findOneOrFail(BudgetEdition, edition.id)).ballotCount).toBe(
      1,
    );
    expect(tally.data!.budgetEdition.tally).toBeNull();
    expect(tally.errors?.[0]?.message).toMatch(/MAX_APPROVAL|max-approval|capped|categor/i);
    expect(tally.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');

    const explained = await server.graphql(
      EXPLAIN,
      { id: edition.id, rule: 'MAX_APPROVAL' },
      { as: 'ADMINISTRATOR' },
    );
    const message = explained.errors?.[0]?.message ?? '';

    expect(explained.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(message).toMatch(/^project S is in 2 limited categories/);
    expect(message).not.toContain(shared!.id);
  });

  it('explains a category skip and the minimum', async () => {
    const response = await server.graphql(EXPLAIN, { id: editionId }, { as: 'ADMINISTRATOR' });
    const projects: Explained[] = response.data!.budgetEdition.explanation.projects;
    const byCode = Object.fromEntries(projects.map((project) => [project.code, project]));

    expect(response.errors).toBeUndefined();
    expect(projects.filter((project) => project.selected).map((project) => project.code)).toEqual([
      'A',
      'C',
    ]);
    expect(byCode.B).toMatchObject({
      reason: 'CATEGORY_BUDGET_EXHAUSTED',
      limitCategory: 'Greenery',
      maxCostToFund: 20_000,
      additionalSupport: 1,
    });
    expect(byCode.B!.reasonDetail).toMatch(/^category budget exhausted/);
    expect(byCode.D).toMatchObject({
      reason: 'BELOW_THRESHOLD',
      reasonDetail: 'below the minimum of 3 votes',
      limitCategory: null,
    });
  });

  it('keeps the limits in every rule of a what-if with a changed budget', async () => {
    const response = await server.graphql(
      WHAT_IF,
      { id: editionId, budget: 200_000 },
      { as: 'ADMINISTRATOR' },
    );
    const rules: {
      rule: string;
      problem: string | null;
      outcome: { budget: number; projects: { code: string; selected: boolean }[] };
    }[] = response.data!.budgetEdition.whatIf;

    expect(response.errors).toBeUndefined();
    expect(rules).toHaveLength(8);
    for (const { rule, problem, outcome } of rules) {
      const selected = outcome.projects.filter((project) => project.selected).map((p) => p.code);

      expect(problem, rule).toBeNull();
      expect(outcome.budget, rule).toBe(200_000);
      // Greenery may hold A or B but not both (70,000 > 60,000), and D is below the minimum.
      expect(selected.filter((code) => code === 'A' || code === 'B').length, rule).toBeLessThanOrEqual(1);
      expect(selected.includes('D'), rule).toBe(false);
    }
  });

  it('exports the category budget caps', async () => {
    const em = server.orm.em.fork();
    const service = new BudgetService(em, { hashKey: server.config.hashKey });
    const exported = (await exportPabulib(service, em, editionId))!;
    const meta = parsePabulib('limits.pb', exported).meta;

    expect(meta.categories).toBe('Greenery');
    expect(meta.budget_per_category).toBe('600');
    expect(meta.min_project_score_threshold).toBe('3');
  });
});

describe.skipIf(!hasData)('Amsterdam category budgets', () => {
  let server: TestServer;
  let editionId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const report = await importFile(
      server.orm,
      pabulibImporter,
      dataFile('pabulib', 'Netherlands_Amsterdam_605.pb'),
      { config: server.config, logger: testLogger(server.config) },
    );
    editionId = report.targetId!;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('imports budget_per_category as caps', async () => {
    const edition = await server.orm.em.fork().findOneOrFail(BudgetEdition, editionId);

    expect(edition.categoryLimits).toEqual([
      { category: 'Meer groen in de buurt', maxCost: 9_135_400, maxProjects: null },
      { category: 'Plekken voor jongeren', maxCost: 7_189_600, maxProjects: null },
      { category: 'Kinder- en jongerenactiviteiten', maxCost: 5_691_600, maxProjects: null },
      { category: 'Minder zwerfvuil/grof afval', maxCost: 7_983_400, maxProjects: null },
    ]);
  });

  it('keeps every rule within the caps', async () => {
    const em = server.orm.em.fork();
    const service = new BudgetService(em, { hashKey: server.config.hashKey });
    const projects = await em.find(BudgetProject, { edition: editionId });
    const edition = await em.findOneOrFail(BudgetEdition, editionId);
    const comparison = (await service.whatIf(editionId))!;
    for (const { rule, outcome, problem } of comparison.result) {
      expect(problem, rule).toBeNull();
      const selected = new Set(outcome!.selectedIds);
      for (const limit of edition.categoryLimits!) {
        const spent = projects
          .filter((project) => project.category === limit.category && selected.has(project.id))
          .reduce((sum, project) => sum + project.cost, 0);

        expect(spent, `${rule} ${limit.category}`).toBeLessThanOrEqual(limit.maxCost!);
      }
    }
  });
});
