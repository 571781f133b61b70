import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createClient } from 'graphql-ws';
import { createTestDatabase, type TestDatabase } from './support/database';
import { freePort, spawnApi, type ApiProcess } from './support/process';
import { RecordingWebSocket } from './support/public-responses';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.warn('Scale-out test skipped: set REDIS_URL to run two API processes that share Redis.');
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });

  return (await response.json()) as { data: any; errors?: unknown[] };
}

describe.skipIf(!redisUrl)('two API processes sharing Redis', () => {
  let database: TestDatabase;
  let first: ApiProcess;
  let second: ApiProcess;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ...database.env, REDIS_URL: redisUrl, RATUSZ_SEED_DEMO: 'true' };
    // Both processes start together on the empty database, so they race to migrate and seed.
    const started = await Promise.allSettled([
      spawnApi(await freePort(), env),
      spawnApi(await freePort(), env),
    ]);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      // Stops the process that did start, so a failed start leaves no API running.
      await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
      throw failed.reason;
    }
    [first, second] = started.map((result) => (result as PromiseFulfilledResult<ApiProcess>).value) as [ApiProcess, ApiProcess];
    client = createClient({ url: first.wsUrl, webSocketImpl: RecordingWebSocket, retryAttempts: 0 });
  });

  afterAll(async () => {
    await client?.dispose();
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.drop();
  });

  it('seeds the demo city once', async () => {
    const counts = await post(first.url, `{ jurisdictions { totalCount } budgetEditions { totalCount } }`);

    expect(counts.errors).toBeUndefined();
    expect(counts.data.jurisdictions.totalCount).toBe(1);
    expect(counts.data.budgetEditions.totalCount).toBe(1);
  });

  it('delivers a case opened on one process to a subscriber on the other', async () => {
    const ids = await post(
      second.url,
      `{ jurisdictions { edges { node { id } } } categories(first: 1) { edges { node { id } } } }`,
    );
    const jurisdictionId = ids.data.jurisdictions.edges[0].node.id;
    const categoryId = ids.data.categories.edges[0].node.id;
    const received = new Promise<any>((resolve, reject) => {
      client.subscribe(
        { query: `subscription ($id: ID) { caseChanged(jurisdictionId: $id) { kind case { number status } } }`, variables: { id: jurisdictionId } },
        { next: (value) => resolve(value), error: reject, complete: () => {} },
      );
    });
    // Give the first process time to register the Redis subscription before publishing.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const opened = await post(
      second.url,
      `mutation ($input: OpenCaseInput!) { openCase(input: $input) { case { number } errors { code } } }`,
      { input: { jurisdictionId, categoryId, channel: 'PHONE', latitude: 52, longitude: 19 } },
    );
    const event = await received;

    expect(opened.data.openCase.errors).toEqual([]);
    expect(event).toEqual({
      data: { caseChanged: { kind: 'CREATED', case: { number: opened.data.openCase.case.number, status: 'NEW' } } },
    });
  });

  it('pushes a tally changed on one process to a subscriber on the other', async () => {
    const editions = await post(
      first.url,
      `{ budgetEditions { edges { node { id projects(first: 2) { edges { node { id code } } } } } } }`,
    );
    const edition = editions.data.budgetEditions.edges[0].node;
    const projectId = edition.projects.edges[0].node.id;
    const received = new Promise<any>((resolve, reject) => {
      client.subscribe(
        { query: `subscription ($id: ID!) { tallyUpdated(editionId: $id) { ballotCount } }`, variables: { id: edition.id } },
        { next: (value) => resolve(value), error: reject, complete: () => {} },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const cast = await post(
      second.url,
      `mutation ($input: CastBallotInput!) { castBallot(input: $input) { tally { ballotCount } errors { code } } }`,
      { input: { editionId: edition.id, voterId: 'scale-out-voter', projectIds: [projectId] } },
    );
    const event = await received;

    expect(cast.data.castBallot.errors).toEqual([]);
    expect(event.data.tallyUpdated.ballotCount).toBe(cast.data.castBallot.tally.ballotCount);
  });
});
