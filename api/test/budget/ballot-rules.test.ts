import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEdition } from '../../src/modules/budget/budget.service';
import { BudgetService } from '../../src/modules/budget/budget.service';
import type { Client } from 'graphql-ws';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

const CAST = `mutation Cast($input: CastBallotInput!) {
  castBallot(input: $input) { ballotId errors { code field message } }
}`;

/** Concurrent ballots of one voter in the race test, each its own GraphQL operation. */
const RACING_BALLOTS = 1_000;

describe('ballot rules over GraphQL', () => {
  let server: TestServer;

  async function createEdition(name: string, rules: Partial<NewEdition> = {}) {
    const service = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
    const edition = await service.createEdition({
      name,
      currency: 'PLN',
      budget: 100_000,
      voteType: 'approval',
      rule: 'greedy',
      phase: 'VOTING',
      ...rules,
    });
    const projects = await service.addProjects(edition, [
      { code: 'A', name: 'Park benches', cost: 60_000 },
      { code: 'B', name: 'Bike racks', cost: 30_000 },
      { code: 'C', name: 'Library books', cost: 50_000 },
    ]);
    const ids = Object.fromEntries(projects.map((project) => [project.code, project.id]));

    return { id: edition.id, ids, service };
  }

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  /**
   * Sends one operation over an open graphql-ws connection. Operations on one connection run
   * concurrently on the server, and one connection avoids the burst of TCP connections that
   * 1,000 parallel HTTP requests would open against the listen backlog.
   */
  function execute(client: Client, query: string, variables: Record<string, unknown>) {
    return new Promise<GraphQLResponse>((resolve, reject) => {
      let result: GraphQLResponse = {};
      client.subscribe(
        { query, variables },
        {
          next: (value) => {
            result = value as GraphQLResponse;
          },
          error: reject,
          complete: () => resolve(result),
        },
      );
    });
  }

  it(`counts one of ${RACING_BALLOTS} concurrent ballots`, async () => {
    const edition = await createEdition('Race district');
    const client = server.wsClient();
    const responses = await Promise.all(
      Array.from({ length: RACING_BALLOTS }, () =>
        execute(client, CAST, {
          input: { editionId: edition.id, voterId: 'racer', projectIds: [edition.ids.B] },
        }),
      ),
    );
    const codes = responses.map((response) => {
      expect(response.errors).toBeUndefined();

      return response.data!.castBallot.errors.map((error: { code: string }) => error.code).join();
    });
    const tally = (await edition.service.tally(edition.id))!;
    const recount = await edition.service.recount(edition.id);
    const voters: { count: number | string }[] = await server.orm.em
      .fork()
      .getConnection()
      .execute('select count(*) as count from ballot_voter where edition_id = ?', [edition.id]);

    expect(codes.filter((code) => code === '')).toHaveLength(1);
    expect(codes.filter((code) => code === 'ALREADY_VOTED')).toHaveLength(RACING_BALLOTS - 1);
    expect(tally.ballotCount).toBe(1);
    expect(tally.projects.find((project) => project.code === 'B')!.votes).toBe(1);
    expect([...recount.values()]).toEqual([{ votes: 1, score: 1 }]);
    expect(Number(voters[0]!.count)).toBe(1);
  }, 120_000);

  const cases: {
    name: string;
    rules: Partial<NewEdition>;
    codes: string[];
    points?: number[];
    error: { code: string; field: string[]; message: string };
  }[] = [
    {
      name: 'approval under minLength',
      rules: { minLength: 2 },
      codes: ['A'],
      error: {
        code: 'BALLOT_TOO_SHORT',
        field: ['projectIds'],
        message: "The ballot names 1 projects but the edition's minLength is 2: add projects.",
      },
    },
    {
      name: 'approval over maxLength',
      rules: { maxLength: 1 },
      codes: ['A', 'B'],
      error: {
        code: 'BALLOT_TOO_LONG',
        field: ['projectIds'],
        message: "The ballot names 2 projects but the edition's maxLength is 1: remove projects.",
      },
    },
    {
      name: 'approval over maxSumCost',
      rules: { maxSumCost: 100_000 },
      codes: ['A', 'C'],
      error: {
        code: 'OVER_COST_LIMIT',
        field: ['projectIds'],
        message:
          "The projects on the ballot cost 110000 in total but the edition's maxSumCost is 100000 (minor units): remove a project.",
      },
    },
    {
      name: 'choose-1 with two projects',
      rules: { voteType: 'choose-1' },
      codes: ['A', 'B'],
      error: {
        code: 'BALLOT_TOO_LONG',
        field: ['projectIds'],
        message: "The ballot names 2 projects but the edition's maxLength is 1: remove projects.",
      },
    },
    {
      name: 'cumulative over maxSumPoints',
      rules: { voteType: 'cumulative', maxSumPoints: 10 },
      codes: ['A', 'B'],
      points: [6, 5],
      error: {
        code: 'OVER_POINTS_LIMIT',
        field: ['points'],
        message: "The ballot gives 11 points but the edition's maxSumPoints is 10: give fewer points.",
      },
    },
    {
      name: 'cumulative over maxPointsPerProject',
      rules: { voteType: 'cumulative', maxPointsPerProject: 3 },
      codes: ['A'],
      points: [4],
      error: {
        code: 'OVER_PROJECT_POINTS_LIMIT',
        field: ['points'],
        message: "Project {A} gets 4 points but the edition's maxPointsPerProject is 3.",
      },
    },
    {
      name: 'ordinal with wrong points',
      rules: { voteType: 'ordinal', pointsByPosition: [3, 2, 1] },
      codes: ['A', 'B'],
      points: [3, 1],
      error: {
        code: 'POINTS_MISMATCH',
        field: ['points'],
        message:
          'The points do not fit this ballot: expected 2, got 1. Pass one entry per project, or none for approval and ordinal ballots.',
      },
    },
  ];

  it.each(cases)('rejects $name', async ({ name, rules, codes, points, error }) => {
    const edition = await createEdition(name, rules);

    const response = await server.graphql(CAST, {
      input: { editionId: edition.id, voterId: 'voter-1', projectIds: codes.map((code) => edition.ids[code]), points },
    });

    expect(response.data!.castBallot.ballotId).toBeNull();
    expect(response.data!.castBallot.errors).toEqual([
      { ...error, message: error.message.replace('{A}', edition.ids.A!) },
    ]);
  });
});
