import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort, spawnApi, type ApiProcess } from '../support/process';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.warn('Shared rate limit test skipped: set REDIS_URL to run two API processes that share Redis.');
}

const LIMIT = 6;

describe.skipIf(!redisUrl)('rate limit shared through Redis', () => {
  let database: TestDatabase;
  let first: ApiProcess;
  let second: ApiProcess;
  // Counters live in Redis for a minute, so each run uses a client address of its own.
  const address = `198.18.${randomInt(0, 256)}.${randomInt(1, 255)}`;

  const status = async (api: ApiProcess) => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: '{ serverInfo { version } }' }),
    });

    return response.status;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      ...database.env,
      REDIS_URL: redisUrl,
      RATUSZ_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      RATUSZ_TRUSTED_PROXIES: '127.0.0.1',
    };
    // The first process migrates; the second starts on the ready database.
    first = await spawnApi(await freePort(), env);
    second = await spawnApi(await freePort(), env);
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.drop();
  });

  it('counts requests to both processes against one limit', async () => {
    const statuses: number[] = [];
    for (let request = 0; request < LIMIT; request += 1) {
      statuses.push(await status(request % 2 === 0 ? first : second));
    }

    const overFirst = await status(first);
    const overSecond = await status(second);

    expect(statuses).toEqual(Array.from({ length: LIMIT }, () => 200));
    expect(overFirst).toBe(429);
    expect(overSecond).toBe(429);
  });
});
