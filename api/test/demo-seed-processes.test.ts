import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CASE_COUNT } from '../src/modules/demo/demo-city';
import { createTestDatabase, type TestDatabase } from './support/database';
import { freePort, spawnApi, type ApiProcess } from './support/process';

const COUNTS = `{
  jurisdictions { totalCount }
  budgetEditions { totalCount }
  consultations { totalCount }
  cases(first: 1) { totalCount }
}`;

async function countsOf(api: ApiProcess) {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: COUNTS }),
  });

  return (await response.json()) as { data: any; errors?: unknown[] };
}

// Runs on the engine the environment selects: one new SQLite file, or one new PostgreSQL
// database. Redis is not needed, because only start-up (migrations and the demo seed) is under
// test.
describe('demo seed by two API processes at once', () => {
  let database: TestDatabase;
  let processes: ApiProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ...database.env, REDIS_URL: undefined, RATUSZ_SEED_DEMO: 'true' };
    const ports = [await freePort(), await freePort()];
    const started = await Promise.allSettled(ports.map((port) => spawnApi(port, env)));
    processes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
  });

  afterAll(async () => {
    await Promise.all(processes.map((api) => api.stop()));
    await database?.drop();
  });

  it('starts both processes', () => {
    expect(processes).toHaveLength(2);
  });

  it('stores the demo city once', async () => {
    for (const api of processes) {
      const counts = await countsOf(api);

      expect(counts.errors).toBeUndefined();
      expect(counts.data.jurisdictions.totalCount).toBe(1);
      expect(counts.data.budgetEditions.totalCount).toBe(1);
      expect(counts.data.consultations.totalCount).toBe(1);
      expect(counts.data.cases.totalCount).toBe(DEMO_CASE_COUNT);
    }
  });
});
