import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetEdition } from '../../src/modules/budget/budget-edition.entity';
import { pabulibImporter } from '../../src/modules/budget/pabulib.importer';
import { importFile } from '../../src/modules/imports/import.service';
import { openDatabase, type Orm } from '../../src/platform/database';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testLogger } from '../support/server';

/** Builds a small approval .pb file of Testowo; `district` adds the district META lines. */
function pbFile(instance: string, district?: string): string {
  const districtLines = district ? [`district;${district}`, `subunit;${district}`] : [];

  return [
    'META',
    'key;value',
    'country;Poland',
    'unit;Testowo',
    ...districtLines,
    `instance;${instance}`,
    'num_projects;2',
    'num_votes;2',
    'budget;1000',
    'vote_type;approval',
    'rule;greedy',
    'currency;PLN',
    'PROJECTS',
    'project_id;cost;votes;name',
    '1;600;2;Benches',
    '2;300;1;Trees',
    'VOTES',
    'voter_id;vote',
    'v1;1,2',
    'v2;1',
    '',
  ].join('\n');
}

describe('pabulib import of a city and its districts', () => {
  let database: TestDatabase;
  let orm: Orm;
  let folder: string;

  const run = (name: string, content: string, options: Record<string, string> = {}) => {
    const filePath = path.join(folder, name);
    fs.writeFileSync(filePath, content);
    const config = testConfig(database.env);

    return importFile(orm, pabulibImporter, filePath, { config, logger: testLogger(config), options });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = testConfig(database.env);
    orm = await openDatabase(config, testLogger(config));
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-pb-'));
  });

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('groups editions of one year', async () => {
    await run('Poland_Testowo_2025.pb', pbFile('2025'));
    await run('Poland_Testowo_2025_Ursus.pb', pbFile('2025', 'Ursus'));
    await run('Poland_Testowo_2024.pb', pbFile('2024'));

    const editions = await orm.em
      .fork()
      .find(BudgetEdition, {}, { populate: ['process'], orderBy: { name: 'asc' } });
    const byName = Object.fromEntries(editions.map((edition) => [edition.name, edition]));

    expect(editions.map((edition) => edition.name)).toEqual([
      'Testowo 2024',
      'Testowo 2025',
      'Testowo 2025 Ursus',
    ]);
    expect(byName['Testowo 2025']!.process!.id).toBe(byName['Testowo 2025 Ursus']!.process!.id);
    expect(byName['Testowo 2025']!.process!.name).toBe('Testowo 2025');
    expect(byName['Testowo 2024']!.process!.id).not.toBe(byName['Testowo 2025']!.process!.id);
    expect(byName['Testowo 2025 Ursus']!.subunit).toBe('Ursus');
  });

  it('imports past votes in RESULTS', async () => {
    const editions = await orm.em.fork().find(BudgetEdition, {});

    expect(editions.map((edition) => edition.phase)).toEqual(['RESULTS', 'RESULTS', 'RESULTS']);
  });

  it('leaves numbered instances ungrouped', async () => {
    await run('Netherlands_Testowo_309.pb', pbFile('309', 'West'));

    const edition = await orm.em.fork().findOneOrFail(BudgetEdition, { name: 'Testowo 309 West' });

    expect(edition.process).toBeNull();
  });

  it('reopens a file for voting on request', async () => {
    await run('Poland_Testowo_2023.pb', pbFile('2023'), { phase: 'VOTING' });

    const edition = await orm.em.fork().findOneOrFail(BudgetEdition, { name: 'Testowo 2023' });

    expect(edition.phase).toBe('VOTING');
  });

  it('rejects an unknown phase option', async () => {
    const attempt = run('Poland_Testowo_2022.pb', pbFile('2022'), { phase: 'OPEN' });

    await expect(attempt).rejects.toThrow(
      'option --phase=OPEN is not a budget phase: use one of SUBMISSION, REVIEW, VOTING, COUNTING, RESULTS, IMPLEMENTATION',
    );
  });
});
