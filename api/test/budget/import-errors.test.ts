import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Orm } from '../../src/platform/database';
import { Ballot } from '../../src/modules/budget/ballot.entity';
import { BudgetEdition } from '../../src/modules/budget/budget-edition.entity';
import { BudgetProject } from '../../src/modules/budget/budget-project.entity';
import { pabulibImporter } from '../../src/modules/budget/pabulib.importer';
import { parseMoney, parsePabulib } from '../../src/modules/budget/pabulib.parser';
import { importFile } from '../../src/modules/imports/import.service';
import { MalformedFileError } from '../../src/modules/imports/importer';
import { dataFile, hasData } from '../support/data';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testLogger } from '../support/server';

const SMALL = 'Poland_Warszawa_2019_Las.pb';

describe.skipIf(!hasData)('pabulib import errors and idempotency', () => {
  let database: TestDatabase;
  let orm: Orm;
  let folder: string;
  const config = () => testConfig(database.env);
  const run = (filePath: string) =>
    importFile(orm, pabulibImporter, filePath, {
      config: config(),
      logger: testLogger(config()),
    });

  async function rowCounts() {
    const em = orm.em.fork();

    return {
      editions: await em.count(BudgetEdition),
      projects: await em.count(BudgetProject),
      ballots: await em.count(Ballot),
    };
  }

  /** Writes a copy of the small Las file with `change` applied to its lines. */
  function brokenCopy(name: string, change: (lines: string[]) => string[]): string {
    const lines = fs.readFileSync(dataFile('pabulib', SMALL), 'utf8').split('\r\n');
    const target = path.join(folder, name);
    fs.writeFileSync(target, change(lines).join('\r\n'));

    return target;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(config(), testLogger(config()));
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-pabulib-'));
  });

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('imports the same file once', async () => {
    const first = await run(dataFile('pabulib', SMALL));
    const before = await rowCounts();
    const second = await run(dataFile('pabulib', SMALL));

    expect(first.alreadyImported).toBe(false);
    expect(before).toEqual({ editions: 1, projects: 13, ballots: 127 });
    expect(second.alreadyImported).toBe(true);
    expect(second.targetId).toBe(first.targetId);
    expect(await rowCounts()).toEqual(before);
  });

  const broken: [
    string,
    (lines: string[]) => string[],
    { line: number; field: string; reason: RegExp },
  ][] = [
    [
      'missing VOTES section',
      (lines) => lines.slice(0, lines.indexOf('VOTES')),
      { line: 36, field: 'VOTES', reason: /section VOTES is missing/ },
    ],
    [
      'non-numeric cost',
      (lines) =>
        lines.map((line, index) => (index === 27 ? line.replace(/^(\d+);\d+;/, '$1;12k;') : line)),
      { line: 28, field: 'cost', reason: /cost "12k" is not an amount/ },
    ],
    [
      'ballot naming an unknown project',
      (lines) =>
        lines.map((line, index) => (index === 43 ? line.replace(/^(\d+);/, '$1;9999,') : line)),
      { line: 44, field: 'vote', reason: /names project "9999", which is not in PROJECTS/ },
    ],
    [
      'category budget without category names',
      (lines) => [...lines.slice(0, 21), 'budget_per_category;100,200', ...lines.slice(21)],
      {
        line: 22,
        field: 'budget_per_category',
        reason: /2 amounts do not match the 0 names of META categories/,
      },
    ],
    [
      'VOTES section cut at a line end',
      (lines) => [...lines.slice(0, lines.length - 51), ''],
      { line: 10, field: 'num_votes', reason: /declares num_votes 127 but the file has 77 rows/ },
    ],
  ];

  it.each(broken)('rejects a file with a %s', async (name, change, expected) => {
    const before = await rowCounts();
    const filePath = brokenCopy(`${name.replaceAll(' ', '-')}.pb`, change);
    const error = await run(filePath).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MalformedFileError);
    expect((error as MalformedFileError).file).toBe(path.basename(filePath));
    expect((error as MalformedFileError).line).toBe(expected.line);
    expect((error as MalformedFileError).field).toBe(expected.field);
    expect((error as MalformedFileError).reason).toMatch(expected.reason);
    expect(await rowCounts()).toEqual(before);
  });

  it('rejects points of another length than the vote', () => {
    const text =
      'META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote;points\nv1;1;2,3';
    const error = (() => {
      try {
        parsePabulib('points.pb', text);
      } catch (caught) {
        return caught as MalformedFileError;
      }
    })();

    expect(error?.message).toBe('points.pb: line 10, field "points": has 2 points for 1 projects');
  });

  it('reads costs written with decimals', () => {
    expect(parseMoney('250000.0')).toBe(25_000_000);
    expect(parseMoney('12.5')).toBe(1_250);
    expect(parseMoney('12.345')).toBeNull();
  });

  it('reads non-numeric project ids of Katowice', () => {
    const parsed = parsePabulib(
      'k.pb',
      fs.readFileSync(dataFile('pabulib', 'Poland_Katowice_2021_Osiedle_Witosa.pb')),
    );

    expect(parsed.projects.map((project) => project.code)).toEqual([
      'L8/01/VIII',
      'L8/04/VIII',
      'L8/03/VIII',
      'L8/02/VIII',
    ]);
    expect(parsed.projects[2]!.name).toBe(
      '"Kodowanie na dywanie" w MP 50 z Oddziałami Integracyjnymi, MP 85, MP 94 i MP 13',
    );
  });
});
