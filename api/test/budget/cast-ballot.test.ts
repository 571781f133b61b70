import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { hashIdentifier } from '../../src/platform/identity';
import { nextEvents, startTestServer, type TestServer } from '../support/server';

const CAST = `mutation Cast($input: CastBallotInput!) {
  castBallot(input: $input) {
    ballotId
    errors { code field message }
    tally { ballotCount spent projects { code votes score selected rank } }
  }
}`;

const SUBSCRIBE = `subscription Tally($editionId: ID!) {
  tallyUpdated(editionId: $editionId) { editionId ballotCount spent projects { code votes selected } }
}`;

describe('castBallot over GraphQL', () => {
  let server: TestServer;
  let editionId: string;
  let projectIds: Record<string, string>;

  async function createEdition(name: string) {
    const service = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
    const edition = await service.createEdition({
      name,
      currency: 'PLN',
      budget: 100_000,
      voteType: 'approval',
      rule: 'greedy',
      maxLength: 2,
      phase: 'VOTING',
    });
    const projects = await service.addProjects(edition, [
      { code: 'A', name: 'Park benches', cost: 60_000 },
      { code: 'B', name: 'Bike racks', cost: 30_000 },
      { code: 'C', name: 'Library books', cost: 50_000 },
    ]);

    return { id: edition.id, projects: Object.fromEntries(projects.map((p) => [p.code, p.id])) };
  }

  const cast = (voterId: string, codes: string[], edition = editionId, ids = projectIds) =>
    server.graphql(CAST, {
      input: { editionId: edition, voterId, projectIds: codes.map((code) => ids[code]) },
    });

  beforeAll(async () => {
    server = await startTestServer();
    ({ id: editionId, projects: projectIds } = await createEdition('Test district 2026'));
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('counts a valid ballot and sends the tally to a subscriber', async () => {
    const events = nextEvents(server.wsClient(), SUBSCRIBE, { editionId }, 1);
    await events.subscribed;

    const response = await cast('voter-1', ['A', 'B']);
    const expectedProjects = [
      { code: 'B', votes: 1, selected: true },
      { code: 'A', votes: 1, selected: true },
      { code: 'C', votes: 0, selected: false },
    ];

    expect(response.errors).toBeUndefined();
    expect(response.data!.castBallot.errors).toEqual([]);
    expect(response.data!.castBallot.tally).toEqual({
      ballotCount: 1,
      spent: 90_000,
      projects: expectedProjects.map((project, index) => ({
        ...project,
        score: project.votes,
        rank: index + 1,
      })),
    });
    expect(await events.done).toEqual([
      { tallyUpdated: { editionId, ballotCount: 1, spent: 90_000, projects: expectedProjects } },
    ]);
  });

  it('answers ALREADY_VOTED to a second ballot', async () => {
    const response = await cast('voter-1', ['C']);

    expect(response.data!.castBallot).toEqual({
      ballotId: null,
      tally: null,
      errors: [
        {
          code: 'ALREADY_VOTED',
          field: ['voterId'],
          message:
            'This voter has already cast a ballot in this edition; only the first ballot counts.',
        },
      ],
    });
  });

  it('rejects a ballot over maxLength', async () => {
    const response = await cast('voter-2', ['A', 'B', 'C']);

    expect(response.data!.castBallot.errors).toEqual([
      {
        code: 'BALLOT_TOO_LONG',
        field: ['projectIds'],
        message: "The ballot names 3 projects but the edition's maxLength is 2: remove projects.",
      },
    ]);
  });

  it('counts one of 50 concurrent ballots of a voter', async () => {
    const edition = await createEdition('Race district 2026');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => cast('racer', ['B'], edition.id, edition.projects)),
    );
    const codes = responses.map((response) =>
      response.data!.castBallot.errors.map((e: { code: string }) => e.code).join(),
    );
    const tally = await new BudgetService(server.orm.em.fork(), {
      hashKey: server.config.hashKey,
    }).tally(edition.id);
    const recount = await new BudgetService(server.orm.em.fork(), {
      hashKey: server.config.hashKey,
    }).recount(edition.id);

    expect(codes.filter((code) => code === '')).toHaveLength(1);
    expect(codes.filter((code) => code === 'ALREADY_VOTED')).toHaveLength(49);
    expect(tally!.ballotCount).toBe(1);
    expect(tally!.projects.find((project) => project.code === 'B')!.votes).toBe(1);
    expect([...recount.values()]).toEqual([{ votes: 1, score: 1 }]);
  });

  it('stores voters only as keyed hashes', async () => {
    const connection = server.orm.em.fork().getConnection();
    const voters: Record<string, unknown>[] = await connection.execute(
      'select * from ballot_voter where edition_id = ?',
      [editionId],
    );
    const ballots: Record<string, unknown>[] = await connection.execute(
      'select * from ballot where edition_id = ?',
      [editionId],
    );
    const stored = JSON.stringify([voters, ballots]);
    const voterHash = hashIdentifier(server.config.hashKey, `budget-voter:${editionId}`, 'voter-1');

    expect(voters).toEqual([{ edition_id: editionId, voter_hash: voterHash }]);
    expect(ballots).toHaveLength(1);
    expect(stored.includes('voter-1')).toBe(false);
    expect(Object.keys(ballots[0]!).sort()).toEqual(['change_token', 'channel', 'edition_id', 'id']);
    expect(Object.values(ballots[0]!)).not.toContain(voterHash);
  });

  it('lists editions and their projects', async () => {
    const response = await server.graphql(
      `query One($id: ID!) { budgetEdition(id: $id) { name voteType rule budget maxLength projects(first: 2) { totalCount edges { node { code cost } } } } }`,
      { id: editionId },
    );

    expect(response).toEqual({
      data: {
        budgetEdition: {
          name: 'Test district 2026',
          voteType: 'APPROVAL',
          rule: 'GREEDY',
          budget: 100_000,
          maxLength: 2,
          projects: {
            totalCount: 3,
            edges: [{ node: { code: 'A', cost: 60_000 } }, { node: { code: 'B', cost: 30_000 } }],
          },
        },
      },
    });
  });
});
