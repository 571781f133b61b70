import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Orm } from '../../src/platform/database';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { pabulibImporter } from '../../src/modules/budget/pabulib.importer';
import { exportPabulib, readBallotsForExport } from '../../src/modules/budget/pabulib.export';
import {
  parseMoney,
  parsePabulib,
  type PabulibFile,
} from '../../src/modules/budget/pabulib.parser';
import { importFile } from '../../src/modules/imports/import.service';
import { dataFile, hasData } from '../support/data';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testLogger } from '../support/server';

const files = hasData
  ? fs
      .readdirSync(dataFile('pabulib'))
      .filter((name) => name.endsWith('.pb'))
      .sort()
  : [];

/** What one round trip produced: both editions and both exports. */
type RoundTrip = {
  source: PabulibFile;
  firstEditionId: string;
  secondEditionId: string;
  firstExport: string;
  secondExport: string;
};

const MONEY_KEYS = new Set(['budget', 'max_sum_cost']);

describe.skipIf(!hasData)('pabulib export round trip of every data file', () => {
  let database: TestDatabase;
  let orm: Orm;
  let folder: string;
  const config = () => testConfig(database.env);
  const trips = new Map<string, RoundTrip>();

  const service = () => {
    const em = orm.em.fork();

    return { em, budget: new BudgetService(em, { hashKey: config().hashKey }) };
  };

  async function importPath(filePath: string): Promise<string> {
    const report = await importFile(orm, pabulibImporter, filePath, {
      config: config(),
      logger: testLogger(config()),
    });
    expect(report.alreadyImported).toBe(false);

    return report.targetId!;
  }

  async function exportEdition(editionId: string): Promise<string> {
    const { em, budget } = service();

    return (await exportPabulib(budget, em, editionId))!;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(config(), testLogger(config()));
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-export-'));
    for (const file of files) {
      const sourcePath = dataFile('pabulib', file);
      const firstEditionId = await importPath(sourcePath);
      const firstExport = await exportEdition(firstEditionId);
      const exportPath = path.join(folder, file);
      fs.writeFileSync(exportPath, firstExport);
      const secondEditionId = await importPath(exportPath);
      trips.set(file, {
        source: parsePabulib(file, fs.readFileSync(sourcePath)),
        firstEditionId,
        secondEditionId,
        firstExport,
        secondExport: await exportEdition(secondEditionId),
      });
    }
    // Imports every file twice. That takes minutes alone and many times longer when the whole
    // suite runs in parallel on few cores, so the bound is generous.
  }, 2_400_000);

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
    if (folder) {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it.each(files)('%s: second export equals the first byte for byte', (file) => {
    const trip = trips.get(file)!;

    expect(trip.secondExport).toBe(trip.firstExport);
  });

  it.each(files)('%s: export keeps every META line', (file) => {
    const trip = trips.get(file)!;
    const exported = parsePabulib(file, trip.firstExport).meta;
    const normalise = (key: string, value: string | undefined) =>
      MONEY_KEYS.has(key) && value !== undefined ? parseMoney(value) : value;

    expect(Object.keys(exported).sort()).toEqual(Object.keys(trip.source.meta).sort());
    for (const [key, value] of Object.entries(trip.source.meta)) {
      expect(normalise(key, exported[key]), key).toEqual(normalise(key, value));
    }
  });

  it.each(files)('%s: export keeps the projects', async (file) => {
    const trip = trips.get(file)!;
    const exported = parsePabulib(file, trip.firstExport);
    const tally = await service().budget.tally(trip.firstEditionId);
    const selectedByTally = new Set(
      tally!.projects.filter((project) => project.selected).map((project) => project.code),
    );
    const scored = ['cumulative', 'ordinal'].includes(trip.source.voteType);
    const expected = trip.source.projects.map((project) => ({
      code: project.code,
      name: project.name,
      cost: project.cost,
      category: project.category,
      latitude: project.latitude,
      longitude: project.longitude,
      votes: project.votes,
      score: scored ? project.score : null,
      selected: project.selected ?? selectedByTally.has(project.code),
    }));

    expect(exported.projects.map(({ line: _line, ...project }) => project)).toEqual(expected);
  });

  it.each(files)('%s: re-import has the same ballots', async (file) => {
    const trip = trips.get(file)!;
    const { em } = service();
    const ballotKeys = async (editionId: string) =>
      (await readBallotsForExport(em, editionId)).map((ballot) => JSON.stringify(ballot)).sort();
    const sourceKeys = trip.source.votes.map((vote) => JSON.stringify(vote.projectCodes)).sort();
    const exportedKeys = parsePabulib(file, trip.firstExport)
      .votes.map((vote) => JSON.stringify(vote.projectCodes))
      .sort();

    expect(await ballotKeys(trip.secondEditionId)).toEqual(await ballotKeys(trip.firstEditionId));
    expect(exportedKeys).toEqual(sourceKeys);
  });

  it.each(files)('%s: re-import has the same outcome', async (file) => {
    const trip = trips.get(file)!;
    const { budget } = service();
    const outcome = async (editionId: string) =>
      (await budget.tally(editionId))!.projects.map((project) => ({
        code: project.code,
        votes: project.votes,
        score: project.score,
        selected: project.selected,
        rank: project.rank,
      }));

    expect(await outcome(trip.secondEditionId)).toEqual(await outcome(trip.firstEditionId));
  });

  it('numbers voters 1..n in ballot-text order', () => {
    const trip = trips.get('Poland_Warszawa_2026.pb')!;
    const rows = trip.firstExport.split('VOTES\n')[1]!.trim().split('\n').slice(1);
    const numbers = rows.map((row) => row.split(';')[0]);
    const bodies = rows.map((row) => row.slice(row.indexOf(';') + 1));

    expect(numbers).toEqual(rows.map((_row, index) => String(index + 1)));
    expect(bodies).toEqual([...bodies].sort());
  });
});
