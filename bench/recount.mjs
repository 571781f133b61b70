// The live tally after one ballot on Warszawa 2026, against importing (and so counting) the same
// ballots from the pabulib file in the same run. Needs RATUSZ_DATA_DIR (the folder that
// contains pabulib/). Usage: npm run bench:recount
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeMachine, graphql, require, startBenchServer } from './support.mjs';

const { createLogger } = require('../api/dist/platform/logger.js');
const { importFile } = require('../api/dist/modules/imports/import.service.js');
const { pabulibImporter } = require('../api/dist/modules/budget/pabulib.importer.js');
const { BudgetService } = require('../api/dist/modules/budget/budget.service.js');

const FILE = 'Poland_Warszawa_2026.pb';
const CASTS = Number(process.env.BENCH_CASTS ?? 9);
const dataDir = process.env.RATUSZ_DATA_DIR;
if (!dataDir) {
  process.stderr.write('Set RATUSZ_DATA_DIR to the folder that contains pabulib/ to run this benchmark.\n');
  process.exit(2);
}

const CAST = `mutation Cast($input: CastBallotInput!) {
  castBallot(input: $input) { ballotId errors { code message } tally { ballotCount spent projects { code votes selected } } }
}`;

const { server, config, engine, stop } = await startBenchServer();
try {
  const importStart = performance.now();
  const report = await importFile(server.orm, pabulibImporter, path.join(dataDir, 'pabulib', FILE), {
    config,
    logger: createLogger(config),
  });
  const importSeconds = (performance.now() - importStart) / 1000;

  // Imported votes are past votes (phase RESULTS); reopen this copy so the API accepts a ballot.
  const em = server.orm.em.fork();
  await em.getConnection().execute("update budget_edition set phase = 'VOTING' where id = ?", [report.targetId]);
  const service = new BudgetService(em, { hashKey: config.hashKey });
  const projects = await service.listProjects(report.targetId, { offset: 0, limit: 3 });

  // The first request warms up the GraphQL schema and the JIT; the median of the rest is reported.
  const castMillis = [];
  let tallyProjects = 0;
  for (let index = 0; index <= CASTS; index += 1) {
    const castStart = performance.now();
    const response = await graphql(server.url, CAST, {
      input: {
        editionId: report.targetId,
        voterId: `bench-voter-${index}`,
        projectIds: projects.nodes.map((project) => project.id),
      },
    });
    if (response.errors || response.data.castBallot.errors.length > 0) {
      throw new Error(`ballot rejected: ${JSON.stringify(response.errors ?? response.data.castBallot.errors)}`);
    }
    tallyProjects = response.data.castBallot.tally.projects.length;
    if (index > 0) {
      castMillis.push(performance.now() - castStart);
    }
  }
  castMillis.sort((a, b) => a - b);
  const castSeconds = castMillis[Math.floor(castMillis.length / 2)] / 1000;

  const recountStart = performance.now();
  await service.recount(report.targetId);
  const recountSeconds = (performance.now() - recountStart) / 1000;

  process.stdout.write(
    [
      `machine: ${describeMachine(engine)}`,
      `file: ${FILE}, ${report.imported} ballots, ${tallyProjects} projects`,
      `import and count (baseline): ${importSeconds.toFixed(2)} s`,
      `one ballot with its live tally over GraphQL (median of ${CASTS}): ${(castSeconds * 1000).toFixed(1)} ms`,
      `full recount from stored ballot items: ${(recountSeconds * 1000).toFixed(1)} ms`,
      `ratio (live tally / import): ${(castSeconds / importSeconds).toFixed(4)}`,
      '',
    ].join('\n'),
  );
} finally {
  await stop();
}
