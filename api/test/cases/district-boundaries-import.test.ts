import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtBoundariesImporter } from '../../src/modules/cases/district-boundaries.importer';
import { District } from '../../src/modules/cases/district.entity';
import { Jurisdiction } from '../../src/modules/cases/jurisdiction.entity';
import { importFile } from '../../src/modules/imports/import.service';
import { ImportRun } from '../../src/modules/imports/import-run.entity';
import { dataFile, hasData } from '../support/data';
import { startTestServer, type TestServer, testLogger } from '../support/server';

/**
 * Real boundary files that import, the properties that hold their district names and codes, and
 * sizes. The SF311 neighbourhoods overlap along shared edges by up to 0.08 % of the smaller
 * district, below the tolerance. Warszawa and the Los Angeles neighborhood councils overlap for
 * real and are rejected below; Kraków has a ring that crosses itself.
 */
const FILES = [
  { file: 'nyc/boroughs.geojson', name: 'BoroName', code: 'BoroCode', districts: 5 },
  { file: 'nyc/community_districts.geojson', name: 'BoroCD', districts: 71 },
  {
    file: 'san-francisco/Supervisor_Districts_April_2012.geo.json',
    name: 'supdist',
    code: 'supervisor',
    districts: 11,
  },
  { file: 'san-francisco/sf-neighborhoods-311.json', districts: 117 },
  { file: 'los-angeles/la-city-council-districts-2012.json', districts: 15 },
  { file: 'gdansk/gdansk-districts.json', districts: 35 },
  { file: 'wroclaw/wroclaw-districts.json', districts: 48 },
  { file: 'katowice/katowice-districts.json', districts: 24 },
];

/** District codes derived from the NYC borough names (property BoroName). */
const BOROUGH_NAME_CODES = ['bronx', 'brooklyn', 'manhattan', 'queens', 'staten-island'];

describe.skipIf(!hasData)('district boundaries import of real files', () => {
  let server: TestServer;
  let folder: string;

  beforeAll(async () => {
    server = await startTestServer();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-boundaries-'));
  });

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function importBoundaries(file: string, options: Record<string, string>) {
    return importFile(server.orm, districtBoundariesImporter, file, {
      config: server.config,
      logger: testLogger(server.config),
      options,
    });
  }

  /** Settles the import at once, so a rejection is never left unhandled. */
  function importFailure(file: string, options: Record<string, string>) {
    return importBoundaries(file, options).then(
      () => null,
      (error: unknown) => error as Error,
    );
  }

  async function storedDistricts(code: string) {
    const em = server.orm.em.fork();
    const jurisdiction = await em.findOne(Jurisdiction, { code });
    if (!jurisdiction) {
      return [];
    }

    return em.find(
      District,
      { jurisdiction },
      { populate: ['boundary'], orderBy: { code: 'asc' } },
    );
  }

  it.each(FILES)('imports $file', async ({ file, name, code, districts }) => {
    const jurisdiction =
      `b-${path.basename(file).split('.')[0]!.toLowerCase().replace(/_/g, '-')}`.slice(0, 40);
    const options: Record<string, string> = { jurisdiction };
    if (name) {
      options['name-property'] = name;
    }
    if (code) {
      options['code-property'] = code;
    }

    const report = await importBoundaries(dataFile('boundaries', file), options);
    const stored = await storedDistricts(jurisdiction);

    expect(report.imported).toBe(districts);
    expect(stored).toHaveLength(districts);
    expect(stored.every((district) => district.boundary != null)).toBe(true);
  });

  it('names districts from the chosen properties', async () => {
    const stored = await storedDistricts('b-boroughs');

    expect(stored.map((district) => [district.code, district.name])).toEqual([
      ['1', 'Manhattan'],
      ['2', 'Bronx'],
      ['3', 'Brooklyn'],
      ['4', 'Queens'],
      ['5', 'Staten Island'],
    ]);
  });

  it('rejects a ring that crosses itself', async () => {
    const failure = await importFailure(
      dataFile('boundaries', 'krakow', 'krakow-dzielnice.geojson'),
      {
        jurisdiction: 'b-krakow',
      },
    );

    expect(failure?.message).toMatch(/Feature \d+ \("Dzielnica XIII Podgórze"\): ring 0/);
    expect(failure?.message).toContain('crosses itself at [20.10');
    expect(failure?.message).toContain('repair the boundary');
    expect(await server.orm.em.fork().count(Jurisdiction, { code: 'b-krakow' })).toBe(0);
  });

  it('rejects a whole-city outline over its districts', async () => {
    const failure = await importFailure(
      dataFile('boundaries', 'warszawa', 'warszawa-dzielnice.geojson'),
      { jurisdiction: 'b-warszawa-city' },
    );

    expect(failure?.message).toContain(
      'Feature 1 ("Ochota"): district code ochota overlaps feature 0 ("Warszawa", code warszawa) (9.65 km², 100 % of the smaller district)',
    );
    expect(failure?.message).toContain('(and 13 more problems)');
    expect(await server.orm.em.fork().count(Jurisdiction, { code: 'b-warszawa-city' })).toBe(0);
  });

  it('imports Warszawa without the whole-city outline', async () => {
    const source = JSON.parse(
      fs.readFileSync(dataFile('boundaries', 'warszawa', 'warszawa-dzielnice.geojson'), 'utf8'),
    );
    source.features = source.features.slice(1);
    const districtsOnly = path.join(folder, 'warszawa-districts-only.geojson');
    fs.writeFileSync(districtsOnly, JSON.stringify(source));

    const report = await importBoundaries(districtsOnly, { jurisdiction: 'b-warszawa' });

    expect(report.imported).toBe(18);
    expect(await storedDistricts('b-warszawa')).toHaveLength(18);
  });

  it('rejects overlapping neighborhood councils', async () => {
    const failure = await importFailure(
      dataFile('boundaries', 'los-angeles', 'nc-boundary-2019-modified.json'),
      { jurisdiction: 'b-la-nc', 'name-property': 'name', 'code-property': 'nc_id' },
    );

    expect(failure?.message).toMatch(
      /Feature \d+ \("[A-Z -]+ NC"\): district code \d+ overlaps feature \d+ \("[^"]+", code \d+\)/,
    );
    expect(failure?.message).toContain('(and 31 more problems)');
    expect(await server.orm.em.fork().count(Jurisdiction, { code: 'b-la-nc' })).toBe(0);
  });

  it('rejects a file without the name property', async () => {
    const failure = await importFailure(dataFile('boundaries', 'nyc', 'boroughs.geojson'), {
      jurisdiction: 'b-unnamed',
    });

    expect(failure?.message).toContain('Feature 0: properties.name must be the district name');
    expect(failure?.message).toContain('pass that property as the name property');
    expect(await server.orm.em.fork().count(Jurisdiction, { code: 'b-unnamed' })).toBe(0);
  });

  it('rejects an empty property option', async () => {
    const failure = await importFailure(dataFile('boundaries', 'nyc', 'boroughs.geojson'), {
      jurisdiction: 'b-empty-option',
      'name-property': '',
    });

    expect(failure?.message).toContain('nameProperty "" is invalid');
    expect(await server.orm.em.fork().count(Jurisdiction, { code: 'b-empty-option' })).toBe(0);
  });

  it('rejects the whole file for one bad feature', async () => {
    const source = JSON.parse(
      fs.readFileSync(dataFile('boundaries', 'warszawa', 'warszawa-dzielnice.geojson'), 'utf8'),
    );
    const ring = source.features[5].geometry.coordinates[0][0];
    ring.splice(ring.length - 1, 1, [999, 52.2]);
    const broken = path.join(folder, 'warszawa-broken.geojson');
    fs.writeFileSync(broken, JSON.stringify(source));

    const failure = await importFailure(broken, { jurisdiction: 'b-warszawa-broken' });

    expect(failure?.message).toMatch(
      /Feature 5 \("[^"]+"\): each position must be \[longitude, latitude\]/,
    );
    expect(await storedDistricts('b-warszawa-broken')).toEqual([]);
  });

  it('updates districts when imported again', async () => {
    const file = dataFile('boundaries', 'nyc', 'boroughs.geojson');
    const options = { jurisdiction: 'b-again', 'name-property': 'BoroName' };

    const first = await importBoundaries(file, options);
    const second = await importBoundaries(file, options);
    const stored = await storedDistricts('b-again');
    const runs = await server.orm.em.fork().count(ImportRun, { sha256: first.sha256 });

    expect(second.alreadyImported).toBe(false);
    expect(second.imported).toBe(5);
    expect(stored.map((district) => district.code)).toEqual(BOROUGH_NAME_CODES);
    expect(runs).toBe(1);
  });

  it('imports the same file for another jurisdiction', async () => {
    const file = dataFile('boundaries', 'nyc', 'boroughs.geojson');

    const report = await importBoundaries(file, {
      jurisdiction: 'b-again-other',
      'name-property': 'BoroName',
    });

    expect(report.alreadyImported).toBe(false);
    expect(await storedDistricts('b-again-other')).toHaveLength(5);
    expect(await storedDistricts('b-again')).toHaveLength(5);
  });

  it('rejects a new code property retiring every district', async () => {
    const file = dataFile('boundaries', 'nyc', 'boroughs.geojson');
    const runsBefore = await server.orm.em.fork().count(ImportRun, {});

    const failure = await importFailure(file, {
      jurisdiction: 'b-again',
      'name-property': 'BoroName',
      'code-property': 'BoroCode',
    });
    const stored = await storedDistricts('b-again');

    expect(failure?.message).toContain(
      'The boundaries match none of the 5 active districts of jurisdiction b-again by code, so importing them would retire all 5',
    );
    expect(failure?.message).toContain('pass --replace-all to retire them all');
    expect(stored.map((district) => district.code)).toEqual(BOROUGH_NAME_CODES);
    expect(stored.every((district) => district.retiredAt == null)).toBe(true);
    expect(await server.orm.em.fork().count(ImportRun, {})).toBe(runsBefore);
  });

  it('rejects a --replace-all value', async () => {
    const failure = await importFailure(dataFile('boundaries', 'nyc', 'boroughs.geojson'), {
      jurisdiction: 'b-again',
      'name-property': 'BoroName',
      'replace-all': 'yes',
    });

    expect(failure?.message).toContain('--replace-all=yes is invalid');
  });

  it('retires every district with --replace-all', async () => {
    const file = dataFile('boundaries', 'nyc', 'boroughs.geojson');

    const report = await importBoundaries(file, {
      jurisdiction: 'b-again',
      'name-property': 'BoroName',
      'code-property': 'BoroCode',
      'replace-all': '',
    });
    const stored = await storedDistricts('b-again');
    const withBoundary = stored.filter((district) => district.boundary != null);
    const active = stored.filter((district) => district.retiredAt == null);

    expect(report.details?.['districts retired']).toBe(5);
    expect(stored).toHaveLength(10);
    expect(withBoundary.map((district) => district.code)).toEqual(['1', '2', '3', '4', '5']);
    expect(active.map((district) => district.code)).toEqual(['1', '2', '3', '4', '5']);
  });
});
