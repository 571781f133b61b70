import 'reflect-metadata';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBudgetRule } from '@ratusz/shared';
import { openDatabase, type Orm } from '../../src/platform/database';
import { BudgetEdition } from '../../src/modules/budget/budget-edition.entity';
import { BudgetProject } from '../../src/modules/budget/budget-project.entity';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { pabulibImporter } from '../../src/modules/budget/pabulib.importer';
import { parsePabulib, type PabulibFile } from '../../src/modules/budget/pabulib.parser';
import { importFile, type ImportReport } from '../../src/modules/imports/import.service';
import { dataFile, hasData } from '../support/data';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testLogger } from '../support/server';

const files = hasData
  ? fs
      .readdirSync(dataFile('pabulib'))
      .filter((name) => name.endsWith('.pb'))
      .sort()
  : [];

describe.skipIf(!hasData)('pabulib import of every data file', () => {
  let database: TestDatabase;
  let orm: Orm;
  const config = () => testConfig(database.env);
  const reports = new Map<string, ImportReport>();
  const parsed = new Map<string, PabulibFile>();

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(config(), testLogger(config()));
    for (const file of files) {
      const filePath = dataFile('pabulib', file);
      parsed.set(file, parsePabulib(file, fs.readFileSync(filePath)));
      reports.set(
        file,
        await importFile(orm, pabulibImporter, filePath, {
          config: config(),
          logger: testLogger(config()),
        }),
      );
    }
  }, 600_000);

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  it('finds all 23 files', () => {
    expect(files).toHaveLength(23);
  });

  it.each(files)('%s: counters and recount equal the file', async (file) => {
    const report = reports.get(file)!;
    const source = parsed.get(file)!;
    const em = orm.em.fork();
    const service = new BudgetService(em, { hashKey: config().hashKey });
    const projects = await em.find(
      BudgetProject,
      { edition: report.targetId! },
      { orderBy: { position: 'asc' } },
    );
    const recount = await service.recount(report.targetId!);
    const hasScore = source.projects.some((project) => project.score !== null);

    const expected = source.projects.map((project) => ({
      code: project.code,
      votes: project.votes,
      score: hasScore ? project.score : project.votes,
    }));
    const counters = projects.map((project) => ({
      code: project.code,
      votes: project.votes,
      score: project.score,
    }));
    const recounted = projects.map((project) => ({
      code: project.code,
      votes: recount.get(project.id)?.votes ?? 0,
      score: recount.get(project.id)?.score ?? 0,
    }));

    expect(report.imported).toBe(source.votes.length);
    expect(counters).toEqual(expected);
    expect(recounted).toEqual(expected);
  });

  const comparable = files.filter((file) => {
    const source = hasData
      ? parsePabulib(file, fs.readFileSync(dataFile('pabulib', file)))
      : undefined;

    return (
      isBudgetRule(source?.meta.rule ?? '') &&
      source!.projects.every((project) => project.selected !== null)
    );
  });

  it('compares the 13 files with a published outcome', () => {
    expect(comparable).toHaveLength(13);
    expect(comparable).toContain('Poland_Wieliczka_2023_Green_Budget.pb');
  });

  it.each(comparable)('%s: edition counts with the file rule', async (file) => {
    const edition = await orm.em.fork().findOneOrFail(BudgetEdition, reports.get(file)!.targetId!);

    expect(edition.rule).toBe(parsed.get(file)!.meta.rule);
  });

  it.each(comparable)('%s: tally selects the published projects', async (file) => {
    const report = reports.get(file)!;
    const source = parsed.get(file)!;
    const tally = await new BudgetService(orm.em.fork(), { hashKey: config().hashKey }).tally(
      report.targetId!,
    );
    const selected = tally!.projects
      .filter((project) => project.selected)
      .map((project) => project.code);
    const published = source.projects
      .filter((project) => project.selected)
      .map((project) => project.code);

    expect(selected.sort()).toEqual(published.sort());
  });

  it('reports the stray quote in Grabówka line 29', () => {
    const report = reports.get('Poland_Czestochowa_2020_Grabowka.pb')!;
    const stray = report.warnings.filter((warning) => warning.message.includes('stray quote'));

    expect(stray).toEqual([
      {
        line: 29,
        field: 'name',
        message:
          'Poland_Czestochowa_2020_Grabowka.pb: stray quote in field "name", read leniently as "Odkupmy i my - zakup i montaż nowoczesnych koszy na psie nieczystości w dzielnicy Grabówka"',
      },
    ]);
  });

  it('stores the lenient name of Grabówka project 47', async () => {
    const report = reports.get('Poland_Czestochowa_2020_Grabowka.pb')!;
    const project = await orm.em
      .fork()
      .findOneOrFail(BudgetProject, { edition: report.targetId!, code: '47' });

    expect(project.name).toBe(
      'Odkupmy i my - zakup i montaż nowoczesnych koszy na psie nieczystości w dzielnicy Grabówka',
    );
  });

  it('keeps the semicolon in Wrocław 2018 project 7', async () => {
    const report = reports.get('Poland_Wroclaw_2018.pb')!;
    const project = await orm.em
      .fork()
      .findOneOrFail(BudgetProject, { edition: report.targetId!, code: '7' });

    expect(project.name.startsWith('Zielona rowerowo-piesza obwodnica Wrocławia; ETAP III')).toBe(
      true,
    );
  });
});
