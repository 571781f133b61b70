import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/logger';
import { generateDemoBallots } from '../src/modules/demo/demo-budget';
import { DEMO_CASE_COUNT, generateDemoCases } from '../src/modules/demo/demo-city';
import { generateDemoVotes } from '../src/modules/demo/demo-consultation';
import { seedDemoIfEmpty } from '../src/modules/demo/seed';
import { startTestServer, type TestServer } from './support/server';

const run = promisify(execFile);
const anchor = new Date('2026-06-01T00:00:00Z');

describe('demo city generator', () => {
  it('gives the same data for the same anchor', () => {
    expect(generateDemoCases(anchor)).toEqual(generateDemoCases(anchor));
    expect(generateDemoVotes(anchor)).toEqual(generateDemoVotes(anchor));
    expect(generateDemoBallots()).toEqual(generateDemoBallots());
  });

  it('keeps cases inside the period before the anchor', () => {
    const cases = generateDemoCases(anchor);
    const times = cases.map((record) => record.createdAt.getTime());

    expect(cases).toHaveLength(DEMO_CASE_COUNT);
    expect(Math.max(...times)).toBeLessThanOrEqual(anchor.getTime());
    expect(Math.min(...times)).toBeGreaterThan(anchor.getTime() - 180 * 86_400_000);
  });
});

describe('demo seed', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('fills an empty database once, labelled as demo data', async () => {
    const logger = createLogger({ logLevel: 'silent' });

    expect(await seedDemoIfEmpty(server.orm, server.config, logger)).toBe(true);
    expect(await seedDemoIfEmpty(server.orm, server.config, logger)).toBe(false);

    const response = await server.graphql(`{
      jurisdictions { edges { node { code name } } }
      budgetEditions { edges { node { name tally { ballotCount } } } }
      consultations { edges { node { title results { participants } } } }
      cases(first: 1) { totalCount }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data!.jurisdictions.edges).toEqual([{ node: { code: 'demo', name: 'Demo City (generated data)' } }]);
    expect(response.data!.budgetEditions.edges[0].node.name).toMatch(/\(generated data\)$/);
    expect(response.data!.budgetEditions.edges[0].node.tally.ballotCount).toBe(800);
    expect(response.data!.consultations.edges[0].node.title).toMatch(/\(generated data\)$/);
    expect(response.data!.consultations.edges[0].node.results.participants).toBe(240);
    expect(response.data!.cases.totalCount).toBe(DEMO_CASE_COUNT);
  });

  it('feeds the simulator, which changes the numbers', async () => {
    const before = await server.graphql('{ budgetEditions { edges { node { tally { ballotCount } } } } cases { totalCount } }');
    const script = path.resolve(__dirname, '..', 'dist', 'cli', 'simulate.js');

    const { stdout } = await run(process.execPath, [script, `--url=${server.url}`, '--count=6', '--rate=50']);
    const after = await server.graphql('{ budgetEditions { edges { node { tally { ballotCount } } } } cases { totalCount } }');

    expect(stdout.trim().split('\n')).toHaveLength(6);
    expect(after.data!.cases.totalCount).toBe(before.data!.cases.totalCount + 2);
    expect(after.data!.budgetEditions.edges[0].node.tally.ballotCount).toBe(
      before.data!.budgetEditions.edges[0].node.tally.ballotCount + 2,
    );
  });
});
