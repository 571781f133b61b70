import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtBoundariesImporter } from '../../src/modules/cases/district-boundaries.importer';
import { District } from '../../src/modules/cases/district.entity';
import { Jurisdiction } from '../../src/modules/cases/jurisdiction.entity';
import { importFile } from '../../src/modules/imports/import.service';
import { startTestServer, type TestServer, testLogger } from '../support/server';
import { seedCases, type SeededCity } from './fixtures';

/** Positions per ring before the closing one, as in the reported slow input. */
const RING_SIDES = 40;

/**
 * Builds a closed regular polygon ring around (20, 52), counter-clockwise unless `clockwise`.
 * Positions are rounded to 5 decimals (about 1 m), which keeps 500 annuli under the 1 MB
 * request limit, and the same radius always gives the same positions, so annuli share edges.
 */
function circle(radius: number, clockwise = false): number[][] {
  const ring: number[][] = [];
  for (let step = 0; step < RING_SIDES; step += 1) {
    const angle = (step / RING_SIDES) * 2 * Math.PI;
    ring.push([
      Number((20 + radius * Math.cos(angle)).toFixed(5)),
      Number((52 + radius * Math.sin(angle)).toFixed(5)),
    ]);
  }
  ring.push(ring[0]!);

  return clockwise ? ring.reverse() : ring;
}

/**
 * Builds `count` concentric annuli that share edges but do not overlap. Every bounding box
 * overlaps every other, so the overlap check intersects every pair and its time grows with the
 * square of `count`.
 */
function annuli(count: number) {
  const step = 0.0005;

  return {
    type: 'FeatureCollection',
    features: Array.from({ length: count }, (_, index) => ({
      type: 'Feature',
      properties: { name: `Ring ${index + 1}` },
      geometry: {
        type: 'Polygon',
        coordinates: [circle(step * (index + 2)), circle(step * (index + 1), true)],
      },
    })),
  };
}

/** The maximum of 500 annuli, whose check runs for minutes, far past the 1 s limit below. */
const SLOW_INPUT = annuli(500);

const IMPORT = `mutation Import($input: ImportDistrictBoundariesInput!) {
  importDistrictBoundaries(input: $input) {
    districts { code }
    errors { code field message }
  }
}`;

describe('district boundary check in a worker', () => {
  let server: TestServer;
  let city: SeededCity;
  let folder: string;

  beforeAll(async () => {
    server = await startTestServer({ RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS: '1' });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-boundary-worker-'));
    city = await seedCases(server.orm, 'worker-city', 'Worker City', []);
  });

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function importByGraphql(featureCollection: unknown) {
    return server
      .graphql(
        IMPORT,
        { input: { jurisdictionId: city.jurisdictionId, featureCollection } },
        { as: 'ADMINISTRATOR' },
      )
      .then((response) => {
        expect(response.errors).toBeUndefined();

        return response.data?.importDistrictBoundaries;
      });
  }

  async function rowCounts() {
    const em = server.orm.em.fork();

    return {
      districts: await em.count(District, {}),
      jurisdictions: await em.count(Jurisdiction, {}),
    };
  }

  it('serves requests during a check', async () => {
    const order: string[] = [];
    const imported = importByGraphql(SLOW_INPUT).then((payload) => {
      order.push('import');

      return payload;
    });
    // Gives the import request time to arrive and start its check; the order is what is tested.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const health = await fetch(server.url.replace('/graphql', '/health'));
    order.push('health');
    const query = await server.graphql('{ __typename }');
    order.push('query');
    const payload = await imported;

    expect(health.status).toBe(200);
    expect(query.data).toEqual({ __typename: 'Query' });
    expect(payload?.errors[0]?.code).toBe('BOUNDARY_CHECK_TIMEOUT');
    expect(order).toEqual(['health', 'query', 'import']);
  });

  it('rejects a check over the time limit', async () => {
    const before = await rowCounts();

    const payload = await importByGraphql(SLOW_INPUT);

    expect(payload?.districts).toEqual([]);
    expect(payload?.errors).toHaveLength(1);
    expect(payload?.errors[0]?.code).toBe('BOUNDARY_CHECK_TIMEOUT');
    expect(payload?.errors[0]?.field).toEqual(['input', 'featureCollection']);
    expect(payload?.errors[0]?.message).toContain('took longer than 1 s and was stopped');
    expect(payload?.errors[0]?.message).toContain('RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS');
    expect(await rowCounts()).toEqual(before);
  });

  it('imports valid annuli through the worker', async () => {
    const payload = await importByGraphql(annuli(3));

    expect(payload?.errors).toEqual([]);
    expect(payload?.districts.map((district: { code: string }) => district.code)).toEqual([
      'ring-1',
      'ring-2',
      'ring-3',
    ]);
  });

  it('rejects a CLI file over the time limit', async () => {
    const file = path.join(folder, 'annuli.geojson');
    fs.writeFileSync(file, JSON.stringify(SLOW_INPUT));
    const before = await rowCounts();

    const failure = await importFile(server.orm, districtBoundariesImporter, file, {
      config: server.config,
      logger: testLogger(server.config),
      options: { jurisdiction: 'worker-cli' },
    }).then(
      () => null,
      (error: unknown) => error as Error,
    );

    expect(failure?.message).toContain('took longer than 1 s and was stopped');
    expect(await rowCounts()).toEqual(before);
  });
});
