import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtBoundariesImporter } from '../../src/modules/cases/district-boundaries.importer';
import { Jurisdiction } from '../../src/modules/cases/jurisdiction.entity';
import { importFile } from '../../src/modules/imports/import.service';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { checkDeadlines } from '../../src/modules/cases/case-deadline.service';
import { District } from '../../src/modules/cases/district.entity';
import { nextEvents, startTestServer, type TestServer, testLogger } from '../support/server';
import { seedCases, type SeededCity } from './fixtures';

/** Builds a closed square ring around a centre, `half` degrees to each side. */
function square(longitude: number, latitude: number, half: number) {
  return [
    [
      [longitude - half, latitude - half],
      [longitude + half, latitude - half],
      [longitude + half, latitude + half],
      [longitude - half, latitude + half],
      [longitude - half, latitude - half],
    ],
  ];
}

const BOUNDARIES = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'Centre' },
      geometry: { type: 'Polygon', coordinates: square(19.0, 52.0, 0.01) },
    },
    {
      type: 'Feature',
      properties: { name: 'Harbour' },
      geometry: { type: 'Polygon', coordinates: square(19.1, 52.0, 0.01) },
    },
  ],
};

const IMPORT = `mutation Import($input: ImportDistrictBoundariesInput!) {
  importDistrictBoundaries(input: $input) { districts { id code name } errors { code field message } }
}`;
const CREATE_DEPARTMENT = `mutation D($input: CreateDepartmentInput!) {
  createDepartment(input: $input) { department { id code } errors { code } }
}`;
const SET_RULE = `mutation R($input: SetRoutingRuleInput!) {
  setRoutingRule(input: $input) { rule { id department { code } } errors { code } }
}`;
const CONFIGURE = `mutation C($input: ConfigureCategoryInput!) {
  configureCategory(input: $input) { category { serviceLevel { targetHours warningHours requiresFixEvidence department { code } } } errors { code field } }
}`;
const OPEN = `mutation O($input: OpenCaseInput!) {
  openCase(input: $input) { case { id district { name } department { code } warningAt dueAt clockPausedAt } errors { code } }
}`;
const CHANGE = `mutation Change($input: ChangeCaseStatusInput!) {
  changeCaseStatus(input: $input) { case { dueAt warningAt clockPausedAt } errors { code } }
}`;
const DEADLINES = `subscription Deadlines($jurisdictionId: ID) {
  caseDeadlineAlerts(jurisdictionId: $jurisdictionId) { kind case { id number dueAt department { code } } }
}`;

describe('case routing and deadlines', () => {
  let server: TestServer;
  let city: SeededCity;
  const departments: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ RATUSZ_DEADLINE_CHECK_INTERVAL_SECONDS: '1' });
    city = await seedCases(server.orm, 'rt', 'Routing Town', [
      { category: 'Potholes', createdAt: '2026-01-05T09:00:00Z' },
      { category: 'Graffiti', createdAt: '2026-01-05T09:00:00Z' },
      { category: 'Noise', createdAt: '2026-01-05T09:00:00Z' },
    ]);
    for (const name of ['Roads', 'Harbour Office', 'Cleaning']) {
      const created = await server.graphql(
        CREATE_DEPARTMENT,
        {
          input: { jurisdictionId: city.jurisdictionId, name },
        },
        { as: 'ADMINISTRATOR' },
      );
      departments[name] = created.data?.createDepartment.department.id;
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function open(categoryName: string, longitude: number, latitude: number) {
    const response = await server.graphql(OPEN, {
      input: {
        jurisdictionId: city.jurisdictionId,
        categoryId: city.categories[categoryName],
        latitude,
        longitude,
        channel: 'WEB',
      },
    });

    return response.data?.openCase;
  }

  describe('district boundaries', () => {
    it('rejects invalid GeoJSON and writes nothing', async () => {
      const broken = {
        type: 'FeatureCollection',
        features: [
          BOUNDARIES.features[0],
          {
            type: 'Feature',
            properties: { name: 'Open ring' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [19, 52],
                  [19.1, 52],
                  [19.1, 52.1],
                  [19, 52.1],
                ],
              ],
            },
          },
          { type: 'Feature', properties: {}, geometry: BOUNDARIES.features[0]!.geometry },
          {
            type: 'Feature',
            properties: { name: 'Line' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [19, 52],
                [19.1, 52],
              ],
            },
          },
        ],
      };
      const response = await server.graphql(
        IMPORT,
        {
          input: { jurisdictionId: city.jurisdictionId, featureCollection: broken },
        },
        { as: 'ADMINISTRATOR' },
      );
      const payload = response.data?.importDistrictBoundaries;

      expect(payload.districts).toEqual([]);
      expect(payload.errors.map((error: { field: string[] }) => error.field.slice(3, 5))).toEqual([
        ['1', 'geometry'],
        ['2', 'properties'],
        ['3', 'geometry'],
      ]);
      expect(payload.errors[0].message).toContain('first position');
      expect(
        await server.orm.em.fork().count(District, { jurisdiction: city.jurisdictionId }),
      ).toBe(0);
    });

    it('rejects a non-collection', async () => {
      const response = await server.graphql(
        IMPORT,
        {
          input: { jurisdictionId: city.jurisdictionId, featureCollection: { type: 'Feature' } },
        },
        { as: 'ADMINISTRATOR' },
      );

      expect(response.data?.importDistrictBoundaries.errors[0].code).toBe(
        'INVALID_FEATURE_COLLECTION',
      );
    });

    it('reads names and codes from named properties', async () => {
      const renamed = {
        type: 'FeatureCollection',
        features: BOUNDARIES.features.map((feature, index) => ({
          ...feature,
          properties: { label: `${feature.properties.name} District`, id: 100 + index },
        })),
      };
      const other = await seedCases(server.orm, 'rt-named', 'Named Town', []);
      const response = await server.graphql(
        IMPORT,
        {
          input: {
            jurisdictionId: other.jurisdictionId,
            featureCollection: renamed,
            nameProperty: 'label',
            codeProperty: 'id',
          },
        },
        { as: 'ADMINISTRATOR' },
      );

      expect(response.data?.importDistrictBoundaries.errors).toEqual([]);
      expect(
        response.data?.importDistrictBoundaries.districts.map(
          (district: { code: string; name: string }) => [district.code, district.name],
        ),
      ).toEqual([
        ['100', 'Centre District'],
        ['101', 'Harbour District'],
      ]);
    });

    it('imports a GeoJSON file', async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-boundaries-'));
      const valid = path.join(folder, 'districts.geojson');
      const invalid = path.join(folder, 'broken.geojson');
      fs.writeFileSync(valid, JSON.stringify(BOUNDARIES));
      fs.writeFileSync(
        invalid,
        JSON.stringify({ ...BOUNDARIES, features: [BOUNDARIES.features[0], { type: 'Feature' }] }),
      );
      const options = { config: server.config, logger: testLogger(server.config) };

      const report = await importFile(server.orm, districtBoundariesImporter, valid, {
        ...options,
        options: { jurisdiction: 'geo', 'jurisdiction-name': 'Geo Town' },
      });
      // Settled at once, so the rejection is never left unhandled while other queries run.
      const failure = await importFile(server.orm, districtBoundariesImporter, invalid, {
        ...options,
        options: { jurisdiction: 'geo-broken' },
      }).then(
        () => null,
        (error: unknown) => error as Error,
      );
      const em = server.orm.em.fork();
      const geo = await em.findOneOrFail(Jurisdiction, { code: 'geo' });
      const stored = await em.find(
        District,
        { jurisdiction: geo },
        { populate: ['boundary'], orderBy: { code: 'asc' } },
      );

      expect(report.imported).toBe(2);
      expect(stored.map((district) => district.code)).toEqual(['centre', 'harbour']);
      expect(stored[0]!.boundary).toEqual(BOUNDARIES.features[0]!.geometry);
      expect(failure?.message).toMatch(/Feature 1: properties.name must be the district name/);
      expect(await em.count(Jurisdiction, { code: 'geo-broken' })).toBe(0);
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('stores boundaries and locates cases', async () => {
      const response = await server.graphql(
        IMPORT,
        {
          input: { jurisdictionId: city.jurisdictionId, featureCollection: BOUNDARIES },
        },
        { as: 'ADMINISTRATOR' },
      );
      const inCentre = await open('Potholes', 19.005, 52.002);
      const inHarbour = await open('Potholes', 19.095, 51.995);
      const outside = await open('Potholes', 19.05, 52.0);

      expect(response.data?.importDistrictBoundaries.errors).toEqual([]);
      expect(
        response.data?.importDistrictBoundaries.districts.map((d: { code: string }) => d.code),
      ).toEqual(['centre', 'harbour']);
      expect(inCentre.case.district).toEqual({ name: 'Centre' });
      expect(inHarbour.case.district).toEqual({ name: 'Harbour' });
      expect(outside.case.district).toBeNull();
    });
  });

  describe('routing rules', () => {
    it('picks the most specific rule', async () => {
      const harbour = (
        await server.orm.em
          .fork()
          .findOneOrFail(District, { jurisdiction: city.jurisdictionId, code: 'harbour' })
      ).id;
      await server.graphql(
        CONFIGURE,
        {
          input: { categoryId: city.categories.Graffiti, departmentId: departments.Cleaning },
        },
        { as: 'ADMINISTRATOR' },
      );
      const byCategory = await server.graphql(
        SET_RULE,
        {
          input: {
            jurisdictionId: city.jurisdictionId,
            categoryId: city.categories.Potholes,
            departmentId: departments.Roads,
          },
        },
        { as: 'ADMINISTRATOR' },
      );
      await server.graphql(
        SET_RULE,
        {
          input: {
            jurisdictionId: city.jurisdictionId,
            districtId: harbour,
            departmentId: departments['Harbour Office'],
          },
        },
        { as: 'ADMINISTRATOR' },
      );

      expect(byCategory.data?.setRoutingRule.rule.department).toEqual({ code: 'roads' });
      // Category rule beats district rule.
      expect((await open('Potholes', 19.095, 51.995)).case.department).toEqual({ code: 'roads' });
      // District rule beats the category's own department.
      expect((await open('Graffiti', 19.095, 51.995)).case.department).toEqual({
        code: 'harbour-office',
      });
      // Outside the harbour, the category's own department applies.
      expect((await open('Graffiti', 19.005, 52.002)).case.department).toEqual({
        code: 'cleaning',
      });
      // Nothing matches noise in the centre.
      expect((await open('Noise', 19.005, 52.002)).case.department).toBeNull();
    });

    it('prefers a category and district rule', async () => {
      const harbour = (
        await server.orm.em
          .fork()
          .findOneOrFail(District, { jurisdiction: city.jurisdictionId, code: 'harbour' })
      ).id;
      await server.graphql(
        SET_RULE,
        {
          input: {
            jurisdictionId: city.jurisdictionId,
            categoryId: city.categories.Potholes,
            districtId: harbour,
            departmentId: departments['Harbour Office'],
          },
        },
        { as: 'ADMINISTRATOR' },
      );

      expect((await open('Potholes', 19.095, 51.995)).case.department).toEqual({
        code: 'harbour-office',
      });
      expect((await open('Potholes', 19.005, 52.002)).case.department).toEqual({ code: 'roads' });
    });

    it('removes a rule without a department', async () => {
      const removed = await server.graphql(
        SET_RULE,
        {
          input: { jurisdictionId: city.jurisdictionId, categoryId: city.categories.Potholes },
        },
        { as: 'ADMINISTRATOR' },
      );

      expect(removed.data?.setRoutingRule).toEqual({ rule: null, errors: [] });
      expect((await open('Potholes', 19.005, 52.002)).case.department).toBeNull();
    });
  });

  describe('deadlines', () => {
    it('validates category targets', async () => {
      const response = await server.graphql(
        CONFIGURE,
        {
          input: { categoryId: city.categories.Noise, targetHours: 8, warningHours: 8 },
        },
        { as: 'ADMINISTRATOR' },
      );

      expect(response.data?.configureCategory.errors).toEqual([
        { code: 'INVALID_TARGET', field: ['input', 'warningHours'] },
      ]);
    });

    it('sets deadlines and pauses the clock', async () => {
      const configured = await server.graphql(
        CONFIGURE,
        {
          input: {
            categoryId: city.categories.Noise,
            targetHours: 16,
            warningHours: 8,
            requiresFixEvidence: true,
          },
        },
        { as: 'ADMINISTRATOR' },
      );
      const opened = (await open('Noise', 19.005, 52.002)).case;
      const paused = await server.graphql(
        CHANGE,
        {
          input: { caseId: opened.id, status: 'WAITING_FOR_RESIDENT' },
        },
        { as: 'AGENT' },
      );
      const resumed = await server.graphql(
        CHANGE,
        {
          input: { caseId: opened.id, status: 'IN_PROGRESS' },
        },
        { as: 'AGENT' },
      );

      expect(configured.data?.configureCategory.category.serviceLevel).toEqual({
        targetHours: 16,
        warningHours: 8,
        requiresFixEvidence: true,
        department: null,
      });
      expect(new Date(opened.dueAt).getTime()).toBeGreaterThan(
        new Date(opened.warningAt).getTime(),
      );
      expect(paused.data?.changeCaseStatus.case.clockPausedAt).toEqual(expect.any(String));
      expect(resumed.data?.changeCaseStatus.case.clockPausedAt).toBeNull();
      // The pause covered a few milliseconds at most, so the deadline can only move later.
      expect(new Date(resumed.data?.changeCaseStatus.case.dueAt).getTime()).toBeGreaterThanOrEqual(
        new Date(opened.dueAt).getTime(),
      );
    });

    it('publishes a breach on the subscription', async () => {
      const alerts = nextEvents<{ caseDeadlineAlerts: { kind: string; case: { id: string } } }>(
        server.wsClient({ as: 'AGENT' }),
        DEADLINES,
        { jurisdictionId: city.jurisdictionId },
        2,
      );
      await alerts.subscribed;
      const opened = (await open('Potholes', 19.005, 52.002)).case;
      await server.orm.em
        .fork()
        .nativeUpdate(
          ServiceCase,
          { id: opened.id },
          { warningAt: new Date(Date.now() - 2_000), dueAt: new Date(Date.now() - 1_000) },
        );

      const events = await alerts.done;
      expect(events.map((event) => event.caseDeadlineAlerts.kind)).toEqual([
        'SLA_WARNING',
        'SLA_BREACHED',
      ]);
      expect(events.map((event) => event.caseDeadlineAlerts.case.id)).toEqual([
        opened.id,
        opened.id,
      ]);
    });

    it('claims each breach once across checkers', async () => {
      const opened = (await open('Potholes', 19.005, 52.002)).case;
      await server.orm.em
        .fork()
        .nativeUpdate(ServiceCase, { id: opened.id }, { dueAt: new Date(Date.now() + 3_600_000) });
      const later = new Date(Date.now() + 7_200_000);

      const counts = await Promise.all([
        checkDeadlines(server.orm.em.fork(), server.events, later),
        checkDeadlines(server.orm.em.fork(), server.events, later),
        checkDeadlines(server.orm.em.fork(), server.events, later),
      ]);
      const entity = await server.orm.em.fork().findOneOrFail(ServiceCase, { id: opened.id });

      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(1);
      expect(entity.breachSentAt).toEqual(later);
      expect(await checkDeadlines(server.orm.em.fork(), server.events, later)).toBe(0);
    });

    it('skips a paused case', async () => {
      const opened = (await open('Potholes', 19.005, 52.002)).case;
      await server.graphql(
        CHANGE,
        {
          input: { caseId: opened.id, status: 'WAITING_FOR_RESIDENT' },
        },
        { as: 'AGENT' },
      );
      await server.orm.em
        .fork()
        .nativeUpdate(ServiceCase, { id: opened.id }, { dueAt: new Date(Date.now() - 1_000) });

      await checkDeadlines(server.orm.em.fork(), server.events, new Date());
      const entity = await server.orm.em.fork().findOneOrFail(ServiceCase, { id: opened.id });

      expect(entity.breachSentAt).toBeNull();
    });
  });
});
