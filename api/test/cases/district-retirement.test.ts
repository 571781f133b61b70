import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtBoundariesImporter } from '../../src/modules/cases/district-boundaries.importer';
import { District } from '../../src/modules/cases/district.entity';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { RoutingRule } from '../../src/modules/cases/routing-rule.entity';
import { importFile } from '../../src/modules/imports/import.service';
import { AuditEvent } from '../../src/platform/audit/audit-event.entity';
import { startTestServer, type TestServer, testLogger } from '../support/server';
import { seedCases, type SeededCity } from './fixtures';

/** Builds a Polygon square around a centre, `half` degrees to each side. */
function square(longitude: number, latitude: number, half: number) {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [longitude - half, latitude - half],
        [longitude + half, latitude - half],
        [longitude + half, latitude + half],
        [longitude - half, latitude + half],
        [longitude - half, latitude - half],
      ],
    ],
  };
}

/** Builds a FeatureCollection of named square districts at the given longitudes. */
function collection(districts: Record<string, number>) {
  return {
    type: 'FeatureCollection',
    features: Object.entries(districts).map(([name, longitude]) => ({
      type: 'Feature',
      properties: { name },
      geometry: square(longitude, 52, 0.01),
    })),
  };
}

const FIRST = collection({ Centre: 19.0, Harbour: 19.1 });
const SECOND = collection({ Centre: 19.0, Park: 19.2 });

/** Builds a FeatureCollection of named square districts, `half` degrees to each side. */
function squares(districts: Record<string, [longitude: number, half: number]>) {
  return {
    type: 'FeatureCollection',
    features: Object.entries(districts).map(([name, [longitude, half]]) => ({
      type: 'Feature',
      properties: { name },
      geometry: square(longitude, 52, half),
    })),
  };
}

const IMPORT = `mutation Import($input: ImportDistrictBoundariesInput!) {
  importDistrictBoundaries(input: $input) {
    districts { code }
    retiredDistricts { id code name retiredAt }
    errors { code message }
  }
}`;
const DISTRICTS = `query Districts($jurisdictionId: ID) {
  districts(jurisdictionId: $jurisdictionId) { edges { node { code retiredAt } } }
}`;
const OPEN = `mutation O($input: OpenCaseInput!) {
  openCase(input: $input) { case { id district { code } } errors { code field message } }
}`;

const CREATE_DEPARTMENT = `mutation D($input: CreateDepartmentInput!) {
  createDepartment(input: $input) { department { id } errors { code } }
}`;
const SET_RULE = `mutation R($input: SetRoutingRuleInput!) {
  setRoutingRule(input: $input) { rule { id } errors { code field message } }
}`;

type DistrictState = { code: string; name: string; hasBoundary: boolean; retired: boolean };

describe('district retirement on boundary import', () => {
  let server: TestServer;
  let graphqlCity: SeededCity;
  let cliCity: SeededCity;
  let folder: string;

  beforeAll(async () => {
    server = await startTestServer();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-retire-'));
    graphqlCity = await seedCases(server.orm, 'retire-gql', 'Retire GraphQL', [
      { category: 'Potholes', createdAt: '2026-01-05T09:00:00Z' },
    ]);
    cliCity = await seedCases(server.orm, 'retire-cli', 'Retire CLI', [
      { category: 'Potholes', createdAt: '2026-01-05T09:00:00Z' },
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function importByGraphql(featureCollection: unknown, replaceAll?: boolean) {
    return server
      .graphql(
        IMPORT,
        { input: { jurisdictionId: graphqlCity.jurisdictionId, featureCollection, replaceAll } },
        { as: 'ADMINISTRATOR' },
      )
      .then((response) => response.data?.importDistrictBoundaries);
  }

  function importByCli(
    featureCollection: unknown,
    name: string,
    options: Record<string, string> = {},
  ) {
    const file = path.join(folder, `${name}.geojson`);
    fs.writeFileSync(file, JSON.stringify(featureCollection));

    return importFile(server.orm, districtBoundariesImporter, file, {
      config: server.config,
      logger: testLogger(server.config),
      options: { jurisdiction: 'retire-cli', ...options },
    });
  }

  /** Settles a CLI import at once, so a rejection is never left unhandled. */
  function cliFailure(featureCollection: unknown, name: string, options?: Record<string, string>) {
    return importByCli(featureCollection, name, options).then(
      () => null,
      (error: unknown) => error as Error,
    );
  }

  function graphqlDistrict(code: string) {
    return server.orm.em
      .fork()
      .findOneOrFail(District, { jurisdiction: graphqlCity.jurisdictionId, code });
  }

  /** Counts the rows a boundary import writes, to show that a rejected one wrote none. */
  async function rowCounts() {
    const em = server.orm.em.fork();

    return {
      districts: await em.count(District, {}),
      audit: await em.count(AuditEvent, {}),
    };
  }

  async function open(city: SeededCity, input: Record<string, unknown>) {
    const response = await server.graphql(OPEN, {
      input: {
        jurisdictionId: city.jurisdictionId,
        categoryId: city.categories.Potholes,
        channel: 'WEB',
        ...input,
      },
    });

    return response.data?.openCase;
  }

  async function districtStates(city: SeededCity): Promise<DistrictState[]> {
    const districts = await server.orm.em
      .fork()
      .find(
        District,
        { jurisdiction: city.jurisdictionId },
        { populate: ['boundary'], orderBy: { code: 'asc' } },
      );

    return districts.map((district) => ({
      code: district.code,
      name: district.name,
      hasBoundary: district.boundary != null,
      retired: district.retiredAt != null,
    }));
  }

  it('retires missing districts through GraphQL', async () => {
    await importByGraphql(FIRST);
    const inHarbour = await open(graphqlCity, { latitude: 52, longitude: 19.1 });

    const payload = await importByGraphql(SECOND);
    const afterwards = await open(graphqlCity, { latitude: 52, longitude: 19.1 });
    const stored = await server.orm.em
      .fork()
      .findOneOrFail(ServiceCase, { id: inHarbour.case.id }, { populate: ['district'] });

    expect(inHarbour.case.district.code).toBe('harbour');
    expect(payload.errors).toEqual([]);
    expect(payload.districts.map((district: { code: string }) => district.code)).toEqual([
      'centre',
      'park',
    ]);
    expect(payload.retiredDistricts.map((district: { code: string }) => district.code)).toEqual([
      'harbour',
    ]);
    expect(payload.retiredDistricts[0].retiredAt).not.toBeNull();
    expect(
      await server.orm.em.fork().count(AuditEvent, {
        action: 'district.updated',
        subjectId: payload.retiredDistricts[0].id,
      }),
    ).toBe(1);
    expect(stored.district?.code).toBe('harbour');
    expect(afterwards.errors).toEqual([]);
    expect(afterwards.case.district).toBeNull();
  });

  it('retires missing districts through the CLI', async () => {
    await importByCli(FIRST, 'first');

    const report = await importByCli(SECOND, 'second');

    expect(report.imported).toBe(2);
    expect(report.details?.['districts retired']).toBe(1);
  });

  it('gives the same districts through both entry points', async () => {
    const expected: DistrictState[] = [
      { code: 'centre', name: 'Centre', hasBoundary: true, retired: false },
      { code: 'harbour', name: 'Harbour', hasBoundary: false, retired: true },
      { code: 'park', name: 'Park', hasBoundary: true, retired: false },
    ];

    expect(await districtStates(graphqlCity)).toEqual(expected);
    expect(await districtStates(cliCity)).toEqual(expected);
  });

  it('shows retirement on districts', async () => {
    const response = await server.graphql(DISTRICTS, {
      jurisdictionId: graphqlCity.jurisdictionId,
    });
    const nodes = response.data!.districts.edges.map(
      (edge: { node: { code: string; retiredAt: string | null } }) => edge.node,
    );
    const retired = nodes.filter((node: { retiredAt: string | null }) => node.retiredAt !== null);

    expect(response.errors).toBeUndefined();
    expect(nodes).toHaveLength(3);
    expect(retired.map((node: { code: string }) => node.code)).toEqual(['harbour']);
    expect(Number.isNaN(Date.parse(retired[0].retiredAt))).toBe(false);
  });

  it('rejects a retired district id at intake', async () => {
    const harbour = (await server.orm.em
      .fork()
      .findOneOrFail(District, { jurisdiction: graphqlCity.jurisdictionId, code: 'harbour' }))!;

    const result = await open(graphqlCity, { districtId: harbour.id });

    expect(result.case).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].code).toBe('DISTRICT_RETIRED');
    expect(result.errors[0].field).toEqual(['input', 'districtId']);
    expect(result.errors[0].message).toContain(harbour.id);
  });

  it('rejects a routing rule for a retired district', async () => {
    const harbour = await graphqlDistrict('harbour');
    const department = await server.graphql(
      CREATE_DEPARTMENT,
      { input: { jurisdictionId: graphqlCity.jurisdictionId, name: 'Harbour Office' } },
      { as: 'ADMINISTRATOR' },
    );
    const rulesBefore = await server.orm.em.fork().count(RoutingRule, {});

    const response = await server.graphql(
      SET_RULE,
      {
        input: {
          jurisdictionId: graphqlCity.jurisdictionId,
          districtId: harbour.id,
          departmentId: department.data?.createDepartment.department.id,
        },
      },
      { as: 'ADMINISTRATOR' },
    );
    const result = response.data?.setRoutingRule;

    expect(response.errors).toBeUndefined();
    expect(result.rule).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].code).toBe('DISTRICT_RETIRED');
    expect(result.errors[0].field).toEqual(['input', 'districtId']);
    expect(result.errors[0].message).toContain(harbour.id);
    expect(result.errors[0].message).toContain('pick an active district');
    expect(await server.orm.em.fork().count(RoutingRule, {})).toBe(rulesBefore);
  });

  it('removes a routing rule for a retired district', async () => {
    const harbour = await graphqlDistrict('harbour');

    const response = await server.graphql(
      SET_RULE,
      { input: { jurisdictionId: graphqlCity.jurisdictionId, districtId: harbour.id } },
      { as: 'ADMINISTRATOR' },
    );

    expect(response.data?.setRoutingRule).toEqual({ rule: null, errors: [] });
  });

  it('does not list a district retired earlier again', async () => {
    const payload = await importByGraphql(SECOND);
    const report = await importByCli(collection({ Park: 19.2, Centre: 19.0 }), 'third');

    expect(payload.retiredDistricts).toEqual([]);
    expect(report.details?.['districts retired']).toBe(0);
  });

  it('reactivates a retired district imported again', async () => {
    const payload = await importByGraphql(FIRST);
    await importByCli(FIRST, 'fourth');
    const inHarbour = await open(graphqlCity, { latitude: 52, longitude: 19.1 });
    const expected: DistrictState[] = [
      { code: 'centre', name: 'Centre', hasBoundary: true, retired: false },
      { code: 'harbour', name: 'Harbour', hasBoundary: true, retired: false },
      { code: 'park', name: 'Park', hasBoundary: false, retired: true },
    ];

    expect(payload.retiredDistricts.map((district: { code: string }) => district.code)).toEqual([
      'park',
    ]);
    expect(inHarbour.case.district.code).toBe('harbour');
    expect(await districtStates(graphqlCity)).toEqual(expected);
    expect(await districtStates(cliCity)).toEqual(expected);
  });

  it('rejects overlapping districts and writes nothing', async () => {
    const overlapping = squares({
      Centre: [19.0, 0.01],
      Harbour: [19.1, 0.01],
      Park: [19.11, 0.01],
    });
    const before = await rowCounts();

    const payload = await importByGraphql(overlapping);
    const failure = await cliFailure(overlapping, 'overlapping');

    expect(payload.districts).toEqual([]);
    expect(payload.errors).toHaveLength(1);
    expect(payload.errors[0].code).toBe('INVALID_BOUNDARY');
    expect(payload.errors[0].message).toContain(
      'Feature 2 ("Park"): district code park overlaps feature 1 ("Harbour", code harbour)',
    );
    expect(failure?.message).toContain(
      'Feature 2 ("Park"): district code park overlaps feature 1 ("Harbour", code harbour)',
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('accepts districts overlapping below the tolerance', async () => {
    // Harbour reaches 0.00001° into Centre: 0.05 % of Centre's width of 0.02°.
    const sliver = squares({ Centre: [19.0, 0.01], Harbour: [19.01999, 0.01] });

    const payload = await importByGraphql(sliver);

    expect(payload.errors).toEqual([]);
    expect(payload.districts.map((district: { code: string }) => district.code)).toEqual([
      'centre',
      'harbour',
    ]);
  });

  it('rejects retiring every district without replaceAll', async () => {
    const renamed = collection({ North: 19.0, South: 19.1 });
    const before = await rowCounts();

    const payload = await importByGraphql(renamed);
    const failure = await cliFailure(renamed, 'renamed');

    expect(payload.districts).toEqual([]);
    expect(payload.errors).toEqual([
      {
        code: 'WOULD_RETIRE_ALL_DISTRICTS',
        message:
          'The boundaries match none of the 2 active districts of jurisdiction retire-gql by code, so importing them would retire all 2: pass the code property that the previous import used, or pass replaceAll: true to retire them all.',
      },
    ]);
    expect(failure?.message).toContain(
      'The boundaries match none of the 2 active districts of jurisdiction retire-cli by code',
    );
    expect(failure?.message).toContain('pass --replace-all to retire them all');
    expect(await rowCounts()).toEqual(before);
  });

  it('retires every district with replaceAll', async () => {
    const renamed = collection({ North: 19.0, South: 19.1 });

    const payload = await importByGraphql(renamed, true);
    const report = await importByCli(renamed, 'renamed-all', { 'replace-all': '' });

    expect(payload.errors).toEqual([]);
    expect(payload.retiredDistricts.map((district: { code: string }) => district.code)).toEqual([
      'centre',
      'harbour',
    ]);
    expect(report.details?.['districts retired']).toBe(2);
  });
});
