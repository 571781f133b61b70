import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/platform/server';
import { startTestServer, type TestServer, startSecondServer } from '../support/server';
import { createKey, createService, postRequest, seedJurisdiction } from './support';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.warn(
    'Shared API key limit test skipped: set REDIS_URL to run two APIs that share Redis.',
  );
}

const LIMIT = 4;

describe.skipIf(!redisUrl)('Open311 key limit shared through Redis', () => {
  let first: TestServer;
  let second: RunningServer;

  beforeAll(async () => {
    first = await startTestServer({ REDIS_URL: redisUrl });
    second = await startSecondServer(first, { REDIS_URL: redisUrl });
  });

  afterAll(async () => {
    await second?.close();
    await first?.stop();
  });

  it('counts requests to both APIs against one limit', async () => {
    const jurisdictionId = await seedJurisdiction(first, 'shared-limit', 'Shared Limit');
    await createService(first, jurisdictionId, { serviceCode: 'shared', name: 'Shared limit' });
    // Key ids are random, so each run starts with empty counters in Redis.
    const key = await createKey(first, ['open311:write'], LIMIT);
    const servers = [first, { ...first, port: second.port }];
    const post = (index: number) =>
      postRequest(servers[index % 2]!, {
        api_key: key.secret,
        service_code: 'shared',
        lat: '52.1',
        long: '21.0',
      });

    const statuses: number[] = [];
    for (let index = 0; index < LIMIT; index += 1) {
      statuses.push((await post(index)).status);
    }
    const overFirst = await post(0);
    const overSecond = await post(1);

    expect(first.rateLimits.store).toBe('redis');
    expect(second.rateLimits.store).toBe('redis');
    expect(statuses).toEqual(Array.from({ length: LIMIT }, () => 201));
    expect(overFirst.status).toBe(429);
    expect(overSecond.status).toBe(429);
    expect(overSecond.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
