import { latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { seedCases, type CaseSeed, type SeededCity } from './fixtures';

const COUNTS = `query Counts($by: CaseCountDimension!, $filter: CaseFilter) {
  caseCounts(by: $by, filter: $filter) { key label count suppressed }
}`;

const HEATMAP = `query Heatmap($resolution: Int!, $filter: CaseFilter) {
  caseHeatmap(resolution: $resolution, filter: $filter) {
    resolution totalCases casesWithoutLocation suppressedCells suppressedCases minCount
    cells { h3Index count }
    extent { minLatitude minLongitude maxLatitude maxLongitude }
  }
}`;

const PRIORITIES = `query Priorities($filter: CaseFilter, $asOf: DateTimeISO, $top: Int) {
  priorities(filter: $filter, asOf: $asOf, topPerDistrict: $top) {
    asOf formula halfLifeDays
    districts {
      district { name }
      entries { rank category { name } score caseCount openCount recentCount meanOpenAgeDays }
    }
  }
}`;

/** Six cases in a few metres of Times Square, two in Brooklyn, one without coordinates. */
const CLUSTER: [number, number][] = [
  [40.758, -73.9855],
  [40.75801, -73.98551],
  [40.75802, -73.98549],
  [40.75799, -73.98552],
  [40.75798, -73.98548],
  [40.758, -73.98553],
];
const OUTLIERS: [number, number][] = [
  [40.6782, -73.9442],
  [40.6501, -73.9496],
];

const STATS_CASES: CaseSeed[] = [
  ...CLUSTER.map(([latitude, longitude], index) => ({
    category: index < 4 ? 'Potholes' : 'Graffiti',
    district: 'Big',
    status: index < 3 ? ('NEW' as const) : ('CLOSED' as const),
    createdAt: index < 3 ? '2024-01-31T23:30:00Z' : '2024-02-01T00:30:00Z',
    latitude,
    longitude,
  })),
  ...OUTLIERS.map(([latitude, longitude]) => ({
    category: 'Graffiti',
    district: 'Small',
    status: 'IN_PROGRESS' as const,
    channel: 'PHONE' as const,
    createdAt: '2024-03-15T12:00:00Z',
    latitude,
    longitude,
  })),
  { category: 'Potholes', status: 'NEW', createdAt: '2024-03-16T12:00:00Z' },
];

describe('case statistics', () => {
  let server: TestServer;
  let stats: SeededCity;
  let ranked: SeededCity;

  beforeAll(async () => {
    server = await startTestServer();
    stats = await seedCases(server.orm, 'st', 'Stats City', STATS_CASES);
    ranked = await seedCases(server.orm, 'pr', 'Priority City', [
      { category: 'Potholes', district: 'North', createdAt: '2024-03-31T00:00:00Z' },
      { category: 'Potholes', district: 'North', createdAt: '2024-01-31T00:00:00Z' },
      {
        category: 'Graffiti',
        district: 'North',
        status: 'CLOSED',
        createdAt: '2024-03-21T00:00:00Z',
      },
      {
        category: 'Graffiti',
        district: 'North',
        status: 'RESOLVED',
        createdAt: '2024-03-01T00:00:00Z',
      },
      { category: 'Noise', district: 'North', createdAt: '2024-03-31T00:00:00Z' },
      { category: 'Noise', createdAt: '2023-12-01T00:00:00Z' },
    ]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function counts(by: string) {
    return server.graphql(COUNTS, { by, filter: { jurisdictionId: stats.jurisdictionId } });
  }

  it('counts by category city-wide', async () => {
    expect(await counts('CATEGORY')).toEqual({
      data: {
        caseCounts: [
          { key: stats.categories.Potholes, label: 'Potholes', count: 5, suppressed: false },
          { key: stats.categories.Graffiti, label: 'Graffiti', count: 4, suppressed: false },
        ],
      },
    });
  });

  it('withholds small district counts', async () => {
    expect(await counts('DISTRICT')).toEqual({
      data: {
        caseCounts: [
          { key: stats.districts.Big, label: 'Big', count: 6, suppressed: false },
          { key: 'none', label: 'No district', count: null, suppressed: true },
          { key: stats.districts.Small, label: 'Small', count: null, suppressed: true },
        ],
      },
    });
  });

  it('counts by status and channel', async () => {
    expect(await counts('STATUS')).toEqual({
      data: {
        caseCounts: [
          { key: 'NEW', label: 'New', count: 4, suppressed: false },
          { key: 'CLOSED', label: 'Closed', count: 3, suppressed: false },
          { key: 'IN_PROGRESS', label: 'In progress', count: 2, suppressed: false },
        ],
      },
    });
    expect(await counts('CHANNEL')).toEqual({
      data: {
        caseCounts: [
          { key: 'WEB', label: 'Web', count: 7, suppressed: false },
          { key: 'PHONE', label: 'Phone', count: 2, suppressed: false },
        ],
      },
    });
  });

  it('buckets months in UTC', async () => {
    expect(await counts('MONTH')).toEqual({
      data: {
        caseCounts: [
          { key: '2024-01', label: '2024-01', count: 3, suppressed: false },
          { key: '2024-02', label: '2024-02', count: 3, suppressed: false },
          { key: '2024-03', label: '2024-03', count: 3, suppressed: false },
        ],
      },
    });
  });

  it('applies the filter to counts', async () => {
    const response = await server.graphql(COUNTS, {
      by: 'CATEGORY',
      filter: { jurisdictionId: stats.jurisdictionId, statuses: ['CLOSED'] },
    });

    expect(response.data?.caseCounts).toEqual([
      { key: stats.categories.Graffiti, label: 'Graffiti', count: 2, suppressed: false },
      { key: stats.categories.Potholes, label: 'Potholes', count: 1, suppressed: false },
    ]);
  });

  it('withholds small groups inside a district filter', async () => {
    const response = await server.graphql(COUNTS, {
      by: 'CATEGORY',
      filter: { jurisdictionId: stats.jurisdictionId, districtIds: [stats.districts.Small] },
    });

    const groups = response.data?.caseCounts as { count: number | null; suppressed: boolean }[];
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.filter((group) => !group.suppressed)).toEqual([]);
    expect(groups.map((group) => group.count)).toEqual(groups.map(() => null));
  });

  it('bins located cases like h3-js', async () => {
    const located = [...CLUSTER, ...OUTLIERS];
    const expected = new Map<string, number>();
    for (const [latitude, longitude] of located) {
      const cell = latLngToCell(latitude, longitude, 9);
      expected.set(cell, (expected.get(cell) ?? 0) + 1);
    }
    const published = [...expected].filter(([, count]) => count >= 5);
    const withheld = [...expected].filter(([, count]) => count < 5);

    const response = await server.graphql(HEATMAP, {
      resolution: 9,
      filter: { jurisdictionId: stats.jurisdictionId },
    });

    expect(published).toHaveLength(1);
    expect(response).toEqual({
      data: {
        caseHeatmap: {
          resolution: 9,
          totalCases: 9,
          casesWithoutLocation: 1,
          suppressedCells: withheld.length,
          suppressedCases: 2,
          minCount: 5,
          cells: published.map(([h3Index, count]) => ({ h3Index, count })),
          // The located cases span 40.6501..40.75802 N and 73.98553..73.9442 W; the extent is
          // rounded outwards to 0.01 degrees so no corner pins a single case.
          extent: {
            minLatitude: 40.65,
            minLongitude: -73.99,
            maxLatitude: 40.76,
            maxLongitude: -73.94,
          },
        },
      },
    });
  });

  it('publishes a coarse cell that holds every case', async () => {
    const response = await server.graphql(HEATMAP, {
      resolution: 0,
      filter: { jurisdictionId: stats.jurisdictionId },
    });

    expect(response.data?.caseHeatmap.cells).toEqual([
      { h3Index: latLngToCell(40.758, -73.9855, 0), count: 8 },
    ]);
  });

  it('rejects resolution 11', async () => {
    const response = await server.graphql(HEATMAP, { resolution: 11 });

    expect(response).toEqual({
      data: null,
      errors: [
        {
          message: 'resolution 11 is not supported: pass a whole number from 0 to 10.',
          locations: expect.any(Array),
          path: ['caseHeatmap'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
  });

  it('leaves out priority entries below the minimum count', async () => {
    const response = await server.graphql(PRIORITIES, {
      filter: { jurisdictionId: ranked.jurisdictionId },
    });

    // Every district and category here has at most 2 cases, under the default minimum of 5.
    expect(response.data?.priorities.districts).toEqual([]);
  });

  describe('with a minimum count of 1', () => {
    // The ranking itself is checked on these few cases, so the privacy minimum is lowered for
    // this block only. The server reads its configuration on every request.
    beforeAll(() => {
      server.config.minAggregateCount = 1;
    });

    afterAll(() => {
      server.config.minAggregateCount = 5;
    });

    it('ranks categories by the priority score', async () => {
      const response = await server.graphql(PRIORITIES, {
        filter: { jurisdictionId: ranked.jurisdictionId },
      });

      // asOf is the newest case, 2024-03-31. Potholes: ages 0 and 60, both open.
      const potholes = 2 ** 0 + 0 / 90 + 2 ** (-60 / 30) + 60 / 90;
      // Graffiti: ages 10 and 30, both final, so recency only.
      const graffiti = 2 ** (-10 / 30) + 2 ** (-30 / 30);
      // Noise in North: age 0, open. Noise without a district: age 121, open, backlog capped at 90.
      const noiseNorth = 1;
      const noiseNowhere = 2 ** (-121 / 30) + 90 / 90;
      expect(response).toEqual({
        data: {
          priorities: {
            asOf: '2024-03-31T00:00:00.000Z',
            formula: expect.stringContaining('2^(−ageDays/30)'),
            halfLifeDays: 30,
            districts: [
              {
                district: { name: 'North' },
                entries: [
                  {
                    rank: 1,
                    category: { name: 'Potholes' },
                    score: expect.closeTo(potholes, 9),
                    caseCount: 2,
                    openCount: 2,
                    recentCount: 1,
                    meanOpenAgeDays: 30,
                  },
                  {
                    rank: 2,
                    category: { name: 'Graffiti' },
                    score: expect.closeTo(graffiti, 9),
                    caseCount: 2,
                    openCount: 0,
                    recentCount: 2,
                    meanOpenAgeDays: 0,
                  },
                  {
                    rank: 3,
                    category: { name: 'Noise' },
                    score: expect.closeTo(noiseNorth, 9),
                    caseCount: 1,
                    openCount: 1,
                    recentCount: 1,
                    meanOpenAgeDays: 0,
                  },
                ],
              },
              {
                district: null,
                entries: [
                  {
                    rank: 1,
                    category: { name: 'Noise' },
                    score: expect.closeTo(noiseNowhere, 9),
                    caseCount: 1,
                    openCount: 1,
                    recentCount: 0,
                    meanOpenAgeDays: 121,
                  },
                ],
              },
            ],
          },
        },
      });
    });

    it('measures ages at a given asOf and keeps the top entries', async () => {
      const response = await server.graphql(PRIORITIES, {
        filter: { jurisdictionId: ranked.jurisdictionId, districtIds: [ranked.districts.North] },
        asOf: '2024-04-30T00:00:00Z',
        top: 1,
      });

      const potholes = 2 ** (-30 / 30) + 30 / 90 + 2 ** (-90 / 30) + 90 / 90;
      expect(response.data?.priorities.districts).toEqual([
        {
          district: { name: 'North' },
          entries: [
            {
              rank: 1,
              category: { name: 'Potholes' },
              score: expect.closeTo(potholes, 9),
              caseCount: 2,
              openCount: 2,
              recentCount: 1,
              meanOpenAgeDays: 60,
            },
          ],
        },
      ]);
    });
  });
});
