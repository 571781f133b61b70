import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/logger';
import { generateDemoBallots } from '../src/modules/demo/demo-budget';
import { DEMO_CASE_COUNT, generateDemoCases } from '../src/modules/demo/demo-city';
import { generateDemoVotes } from '../src/modules/demo/demo-consultation';
import { demoDistrictBoundary } from '../src/modules/demo/demo-routing';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { DEMO_CATEGORIES, DEMO_DISTRICTS } from '../src/modules/demo/demo-city';
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

describe('demo district boundaries', () => {
  it('contain only their own centre', () => {
    for (const district of DEMO_DISTRICTS) {
      const containing = DEMO_DISTRICTS.filter((other) =>
        booleanPointInPolygon([district.longitude, district.latitude], demoDistrictBoundary(other)),
      );

      expect(containing.map((other) => other.name)).toEqual([district.name]);
    }
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
    expect(response.data!.jurisdictions.edges).toEqual([
      { node: { code: 'demo', name: 'Demo City (generated data)' } },
    ]);
    expect(response.data!.budgetEditions.edges[0].node.name).toMatch(/\(generated data\)$/);
    expect(response.data!.budgetEditions.edges[0].node.tally.ballotCount).toBe(800);
    expect(response.data!.consultations.edges[0].node.title).toMatch(/\(generated data\)$/);
    expect(response.data!.consultations.edges[0].node.results.participants).toBe(240);
    expect(response.data!.cases.totalCount).toBe(DEMO_CASE_COUNT);
  });

  it('ships departments, routing rules and deadlines', async () => {
    const response = await server.graphql(`{
      jurisdictions { edges { node { id calendar { timeZone holidayCountry } } } }
      departments(first: 100) { totalCount }
      categories(first: 100) { edges { node { name serviceLevel { targetHours department { name } } } } }
    }`);
    const jurisdiction = response.data!.jurisdictions.edges[0].node;
    const rules = await server.graphql(
      `query R($id: ID!) { routingRules(jurisdictionId: $id) { edges { node { department { name } district { name } } } } }`,
      {
        id: jurisdiction.id,
      },
      { as: 'ADMINISTRATOR' },
    );
    const queue = await server.graphql(
      `{ cases(filter: { statuses: [NEW] }, first: 1) { edges { node { department { name } } } } }`,
    );
    const pothole = response.data!.categories.edges.find(
      (edge: { node: { name: string } }) => edge.node.name === 'Pothole',
    );

    expect(jurisdiction.calendar).toEqual({ timeZone: 'Europe/Warsaw', holidayCountry: 'PL' });
    expect(response.data!.departments.totalCount).toBe(6);
    expect(pothole.node.serviceLevel).toEqual({
      targetHours: 40,
      department: { name: 'Demo Roads and Lighting' },
    });
    expect(rules.data!.routingRules.edges).toHaveLength(2);
    expect(queue.data!.cases.edges[0].node.department).not.toBeNull();
  });

  it('publishes its categories as Open311 services', async () => {
    const base = `http://127.0.0.1:${server.port}/open311/v2`;
    const services = (await (await fetch(`${base}/services.json`)).json()) as any[];
    const definition = (await (await fetch(`${base}/services/pothole.json`)).json()) as any;

    expect(services).toHaveLength(DEMO_CATEGORIES.length);
    expect(services.map((service) => service.service_name).sort()).toEqual(
      DEMO_CATEGORIES.map((category) => category.name).sort(),
    );
    expect(services.find((service) => service.service_code === 'pothole')).toMatchObject({
      service_name: 'Pothole',
      metadata: true,
      type: 'realtime',
      group: 'Streets',
    });
    expect(definition.attributes.map((attribute: any) => attribute.code)).toEqual(['SIZE']);
  });

  it('accepts an Open311 request for a demo service', async () => {
    const key = await server.graphql(
      `mutation { createApiKey(input: { name: "Demo app", scopes: ["open311:write"] }) { secret } }`,
      {},
      { as: 'ADMINISTRATOR' },
    );
    const form = new URLSearchParams({
      api_key: key.data!.createApiKey.secret,
      service_code: 'broken-street-light',
      lat: '52.0',
      long: '19.0',
      'attribute[POLE_NUMBER]': 'A-17',
    });
    const response = await fetch(`http://127.0.0.1:${server.port}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const body = (await response.json()) as any[];

    expect(response.status).toBe(201);
    expect(body[0].service_request_id).toMatch(/^DEMO-/);
  });

  it('feeds the simulator, which changes the numbers', async () => {
    const before = await server.graphql(
      '{ budgetEditions { edges { node { tally { ballotCount } } } } cases { totalCount } }',
    );
    const script = path.resolve(__dirname, '..', 'dist', 'cli', 'simulate.js');

    const { stdout } = await run(process.execPath, [
      script,
      `--url=${server.url}`,
      '--count=6',
      '--rate=50',
    ]);
    const after = await server.graphql(
      '{ budgetEditions { edges { node { tally { ballotCount } } } } cases { totalCount } }',
    );

    expect(stdout.trim().split('\n')).toHaveLength(6);
    expect(after.data!.cases.totalCount).toBe(before.data!.cases.totalCount + 2);
    expect(after.data!.budgetEditions.edges[0].node.tally.ballotCount).toBe(
      before.data!.budgetEditions.edges[0].node.tally.ballotCount + 2,
    );
  });
});
