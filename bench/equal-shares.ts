/**
 * Measures MES with the add1 completion on Wieliczka 2023 (6,586 approval ballots, 64 projects)
 * against one plain MES pass on the same file, measured in the same run, and prints the ratio.
 * Run with `npm run bench:equal-shares` after `npm run build`. Reads the file from
 * `RATUSZ_DATA_DIR` (default `../shared/data` beside the repository).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { equalShares, equalSharesAdd1, rational, selectProjects } from '@ratusz/shared';
import { parsePabulib } from '@ratusz/api/dist/modules/budget/pabulib.parser';

const FILE = 'Poland_Wieliczka_2023_Green_Budget.pb';
const dataDir = path.resolve(
  process.env.RATUSZ_DATA_DIR ?? path.join(__dirname, '..', '..', '..', 'shared', 'data'),
);

/**
 * Runs `work` `runs` times after one warm-up run and returns the median CPU time of this process
 * in milliseconds. CPU time, unlike wall time, leaves out the time other jobs on a shared machine
 * hold the cores.
 */
function medianMs(runs: number, work: () => unknown): number {
  work();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);

  return times[Math.floor(times.length / 2)]!;
}

function main(): void {
  const filePath = path.join(dataDir, 'pabulib', FILE);
  if (!fs.existsSync(filePath)) {
    console.error(`missing ${filePath}; set RATUSZ_DATA_DIR to the data folder`);
    process.exit(1);
  }
  const file = parsePabulib(FILE, fs.readFileSync(filePath));
  const election = {
    projects: file.projects.map((project) => ({ id: project.code, cost: project.cost })),
    ballots: file.votes.map((vote) => vote.projectCodes),
    budget: file.budget,
  };
  const share = rational(election.budget, election.ballots.length);
  const supports = file.projects.map((p) => ({ id: p.code, cost: p.cost, support: p.votes ?? 0 }));

  // Check that the measured code computes the published outcome before timing it.
  const result = equalSharesAdd1(election);
  if (result.unitsAdded !== 164 || result.funded.length !== 30) {
    throw new Error(
      `add1 ended at +${result.unitsAdded} with ${result.funded.length} projects; expected +164 and 30`,
    );
  }

  const add1 = medianMs(5, () => equalSharesAdd1(election));
  const plain = medianMs(21, () => equalShares({ ...election, share }));
  const greedy = medianMs(21, () => selectProjects(supports, 'greedy', election.budget));

  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}`,
  );
  console.log(
    `file: ${FILE}, ${election.ballots.length} ballots, ${election.projects.length} projects`,
  );
  console.log(
    `add1 steps: ${result.unitsAdded + 2} MES runs (the last overspends), plus one at the final share`,
  );
  console.log(`MES add1 completion: ${add1.toFixed(1)} ms CPU time, median of 5`);
  console.log(`plain MES pass (baseline): ${plain.toFixed(2)} ms CPU time, median of 21`);
  console.log(`greedy: ${greedy.toFixed(3)} ms CPU time, median of 21`);
  console.log(`ratio add1 / plain MES: ${(add1 / plain).toFixed(1)}`);
  console.log(`target: add1 under 100 ms: ${add1 < 100 ? 'met' : 'not met'}`);
}

main();
