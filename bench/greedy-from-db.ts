/**
 * Measures the greedy tally of Warszawa 2026 read from the database against two baselines in
 * the same run: one raw SQL aggregation over the same ballot rows, and counting the parsed file
 * in memory. Run with `npm run bench:greedy-from-db`. It imports the file into a temporary
 * SQLite database unless DATABASE_URL names a PostgreSQL database to use.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { selectProjects, type SelectionInput } from '@ratusz/shared';
import { loadConfig } from '@ratusz/api/dist/platform/config';
import { openDatabase } from '@ratusz/api/dist/platform/database';
import { createLogger } from '@ratusz/api/dist/platform/logger';
import { BudgetEdition } from '@ratusz/api/dist/modules/budget/budget-edition.entity';
import { BudgetProject } from '@ratusz/api/dist/modules/budget/budget-project.entity';
import { BudgetService } from '@ratusz/api/dist/modules/budget/budget.service';
import { readBallotsForExport } from '@ratusz/api/dist/modules/budget/pabulib.export';
import { pabulibImporter } from '@ratusz/api/dist/modules/budget/pabulib.importer';
import { parsePabulib } from '@ratusz/api/dist/modules/budget/pabulib.parser';
import { importFile } from '@ratusz/api/dist/modules/imports/import.service';

const FILE = 'Poland_Warszawa_2026.pb';
/** Timed runs per method; the median is reported. */
const RUNS = 7;

const dataDir = path.resolve(
  process.env.RATUSZ_DATA_DIR ?? path.join(__dirname, '..', '..', '..', 'shared', 'data'),
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs `work` once to warm up, then `RUNS` times, and returns the median time in ms and the last result. */
async function measure<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await work();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    result = await work();
    times.push(performance.now() - start);
  }

  return { ms: median(times), result };
}

/** Returns the codes of the projects the edition's rule funds, given votes per project code. */
function fundedCodes(
  edition: BudgetEdition,
  projects: BudgetProject[],
  votes: Map<string, number>,
) {
  const inputs: SelectionInput[] = projects.map((project) => ({
    id: project.code,
    cost: project.cost,
    support: votes.get(project.code) ?? 0,
  }));
  const rule = edition.rule;
  if (rule !== 'greedy' && rule !== 'greedy-no-skip' && rule !== 'greedy-threshold') {
    throw new Error(`edition ${edition.name} uses rule ${rule}: this benchmark times the greedy rules only`);
  }
  const selection = selectProjects(inputs, rule, edition.budget, {
    minProjectScore: edition.minProjectScore,
  });

  return selection.projects
    .filter((project) => project.selected)
    .map((project) => project.id)
    .sort()
    .join(',');
}

async function main(): Promise<number> {
  const filePath = path.join(dataDir, 'pabulib', FILE);
  if (!fs.existsSync(filePath)) {
    process.stderr.write(`${filePath} not found: set RATUSZ_DATA_DIR to the real-data folder.\n`);

    return 2;
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-bench-'));
  const config = loadConfig({
    RATUSZ_SEED_DEMO: 'false',
    ...process.env,
    // Slow-query warnings would bury the figures: every timed query here is slow on purpose.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    SQLITE_PATH: path.join(folder, 'bench.sqlite'),
  });
  const logger = createLogger(config, 'bench');
  const orm = await openDatabase(config, logger);
  try {
    const importStart = performance.now();
    const report = await importFile(orm, pabulibImporter, filePath, { config, logger });
    const importMs = performance.now() - importStart;
    const editionId = report.targetId!;
    const em = orm.em.fork();
    const edition = await em.findOneOrFail(BudgetEdition, editionId);
    const projects = await em.find(BudgetProject, { edition }, { orderBy: { position: 'asc' } });

    // Target: every ballot row read from the database, counted here, then the rule applied.
    const fromBallots = await measure(async () => {
      const votes = new Map<string, number>();
      for (const ballot of await readBallotsForExport(orm.em.fork(), editionId)) {
        for (const item of ballot.items) {
          votes.set(item.code, (votes.get(item.code) ?? 0) + 1);
        }
      }

      return fundedCodes(edition, projects, votes);
    });

    // Baseline 1: the database counts in one aggregate query.
    const fromSql = await measure(async () => {
      const recount = await new BudgetService(orm.em.fork(), { hashKey: config.hashKey }).recount(
        editionId,
      );
      const byCode = new Map(projects.map((project) => [project.id, project.code]));
      const votes = new Map([...recount].map(([id, total]) => [byCode.get(id)!, total.votes]));

      return fundedCodes(edition, projects, votes);
    });

    // Baseline 2: ballots already parsed in memory, counted without any database.
    const parsed = parsePabulib(FILE, fs.readFileSync(filePath));
    const fromMemory = await measure(async () => {
      const votes = new Map<string, number>();
      for (const vote of parsed.votes) {
        for (const code of vote.projectCodes) {
          votes.set(code, (votes.get(code) ?? 0) + 1);
        }
      }

      return fundedCodes(edition, projects, votes);
    });

    // The live path: the counters kept on each project, which needs no ballot rows at all.
    const fromCounters = await measure(async () => {
      const tally = await new BudgetService(orm.em.fork(), { hashKey: config.hashKey }).tally(
        editionId,
      );

      return tally!.projects
        .filter((project) => project.selected)
        .map((project) => project.code)
        .sort()
        .join(',');
    });

    const results = [fromBallots, fromSql, fromMemory, fromCounters].map((entry) => entry.result);
    if (new Set(results).size !== 1) {
      process.stderr.write(`The methods fund different projects: ${results.join(' | ')}\n`);

      return 1;
    }
    const engine = config.databaseUrl ? 'postgresql' : 'sqlite';
    const row = (name: string, ms: number) => `${name.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms`;
    process.stdout.write(
      [
        `${FILE}: ${parsed.votes.length} ballots, ${projects.length} projects, rule ${edition.rule}, ${engine}`,
        `import (once, not compared)                  ${importMs.toFixed(0).padStart(9)} ms`,
        `median of ${RUNS} runs after one warm-up:`,
        row('target: ballot rows from the database', fromBallots.ms),
        row('baseline: one SQL aggregate query', fromSql.ms),
        row('baseline: parsed file in memory', fromMemory.ms),
        row('live tally from the stored counters', fromCounters.ms),
        `ratio target / SQL aggregate: ${(fromBallots.ms / fromSql.ms).toFixed(2)}`,
        `ratio target / in memory:     ${(fromBallots.ms / fromMemory.ms).toFixed(2)}`,
        `funded projects (same for all methods): ${results[0]!.split(',').length}`,
        '',
      ].join('\n'),
    );
  } finally {
    await orm.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }

  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
