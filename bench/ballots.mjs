// Ballots cast over GraphQL per second, against raw single-row inserts into the same database
// in the same run. Usage: npm run bench:ballots [-- <ballots> <concurrency>]
// Both run at the same concurrency and take turns in rounds of ROUND operations, so a change in
// the load of a shared machine affects both alike.
import { performance } from 'node:perf_hooks';
import { describeMachine, graphql, require, runPool, startBenchServer } from './support.mjs';

const { BudgetService } = require('../api/dist/modules/budget/budget.service.js');

const BALLOTS = Number(process.argv[2] ?? 2_000);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const PROJECTS = 20;
const PROJECTS_PER_BALLOT = 3;
/** Operations of one method before the other takes its turn. */
const ROUND = 100;

const CAST = `mutation Cast($input: CastBallotInput!) {
  castBallot(input: $input) { ballotId errors { code message } }
}`;

const { server, config, engine, stop } = await startBenchServer();
try {
  const service = new BudgetService(server.orm.em.fork(), { hashKey: config.hashKey });
  const edition = await service.createEdition({
    name: 'Benchmark district',
    currency: 'PLN',
    budget: 1_000_000,
    voteType: 'approval',
    rule: 'greedy',
    maxLength: 5,
    phase: 'VOTING',
  });
  const projects = await service.addProjects(
    edition,
    Array.from({ length: PROJECTS }, (_, index) => ({ code: `P${index}`, name: `Project ${index}`, cost: 10_000 + index })),
  );

  // Warm-up, so connection set-up and JIT are not part of either figure.
  await graphql(server.url, CAST, {
    input: { editionId: edition.id, voterId: 'warm-up', projectIds: [projects[0].id] },
  });

  const connection = server.orm.em.fork().getConnection();
  await connection.execute('create table bench_row (id varchar(64) primary key, edition_id varchar(64) not null)');

  let rejected = 0;
  const cast = async (index) => {
    const projectIds = Array.from(
      { length: PROJECTS_PER_BALLOT },
      (_, offset) => projects[(index + offset * 7) % PROJECTS].id,
    );
    const response = await graphql(server.url, CAST, {
      input: { editionId: edition.id, voterId: `voter-${index}`, projectIds },
    });
    if (response.errors || response.data.castBallot.errors.length > 0) {
      rejected += 1;
    }
  };
  const insert = async (index) => {
    await connection.execute('insert into bench_row (id, edition_id) values (?, ?)', [`row-${index}`, edition.id]);
  };

  let castSeconds = 0;
  let insertSeconds = 0;
  for (let start = 0; start < BALLOTS; start += ROUND) {
    const size = Math.min(ROUND, BALLOTS - start);
    const castStart = performance.now();
    await runPool(size, CONCURRENCY, (offset) => cast(start + offset));
    castSeconds += (performance.now() - castStart) / 1000;
    const insertStart = performance.now();
    await runPool(size, CONCURRENCY, (offset) => insert(start + offset));
    insertSeconds += (performance.now() - insertStart) / 1000;
  }

  const castRate = BALLOTS / castSeconds;
  const insertRate = BALLOTS / insertSeconds;
  process.stdout.write(
    [
      `machine: ${describeMachine(engine)}`,
      `ballots: ${BALLOTS}, concurrency ${CONCURRENCY}, ${PROJECTS_PER_BALLOT} projects each, ${rejected} rejected`,
      `castBallot over GraphQL: ${castRate.toFixed(0)} ballots/s (${castSeconds.toFixed(2)} s)`,
      `raw single-row inserts:  ${insertRate.toFixed(0)} rows/s (${insertSeconds.toFixed(2)} s)`,
      `ratio (GraphQL / raw): ${(castRate / insertRate).toFixed(2)} (target >= 0.5)`,
      '',
    ].join('\n'),
  );
  if (rejected > 0) {
    process.exitCode = 1;
  }
} finally {
  await stop();
}
