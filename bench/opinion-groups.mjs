// Measures opinion-group clustering of 10,000 participants x 500 statements (seeded, generated)
// against building the vote matrix alone in the same run, with the compiled shared package.
// Run with `npm run bench:opinion-groups` after `npm run build`.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import shared from '../shared/dist/index.js';

const { buildVoteMatrix, computeOpinionGroups, DEFAULT_MIN_VOTES_PER_PARTICIPANT, seededRandom } = shared;

const PARTICIPANTS = 10_000;
const STATEMENTS = 500;
const PLANTED_GROUPS = 3;
/** Share of statements each participant votes on. */
const COVERAGE = 0.3;
/** Probability that a participant takes the side of their planted group. */
const LEAN = 0.7;
const SEED = 20261204;

function generateVotes() {
  const random = seededRandom(SEED);
  const stance = Array.from({ length: PLANTED_GROUPS }, () =>
    Array.from({ length: STATEMENTS }, () => (random() < 0.5 ? 'AGREE' : 'DISAGREE')),
  );
  const statementIds = Array.from({ length: STATEMENTS }, (_, s) => `s${s}`);
  const votes = [];
  const truth = [];
  for (let p = 0; p < PARTICIPANTS; p += 1) {
    const group = p % PLANTED_GROUPS;
    const participant = `p${p}`;
    truth.push(group);
    for (let s = 0; s < STATEMENTS; s += 1) {
      if (random() >= COVERAGE) {
        continue;
      }
      const favoured = stance[group][s];
      const opposed = favoured === 'AGREE' ? 'DISAGREE' : 'AGREE';
      const roll = random();
      let value = opposed;
      if (roll < LEAN) {
        value = favoured;
      } else if (roll < LEAN + 0.1) {
        value = 'PASS';
      }
      votes.push({ participant, statement: statementIds[s], value });
    }
  }

  return { votes, truth };
}

function time(work) {
  const start = performance.now();
  const result = work();

  return { result, ms: performance.now() - start };
}

const { votes, truth } = generateVotes();
console.log(
  `votes: ${votes.length} (${PARTICIPANTS} participants x ${STATEMENTS} statements, ${COVERAGE * 100}% voted)`,
);

const baseline = time(() => buildVoteMatrix(votes, DEFAULT_MIN_VOTES_PER_PARTICIPANT));
const target = time(() => computeOpinionGroups(votes, { seed: 1 }));
const groups = target.result;

let correct = 0;
for (const group of groups.groups) {
  const planted = group.members.map((member) => truth[Number(member.slice(1))]);
  const counts = new Map();
  for (const value of planted) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  correct += Math.max(...counts.values());
}

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`,
);
console.log(`baseline (build matrix only): ${baseline.ms.toFixed(0)} ms`);
console.log(
  `target (matrix + PCA + k-means k=2..5 + silhouette + figures): ${target.ms.toFixed(0)} ms`,
);
console.log(`ratio target / baseline: ${(target.ms / baseline.ms).toFixed(1)}`);
console.log(
  `groups: ${groups.groupCount}, sizes ${groups.groups.map((group) => group.size).join('/')}, silhouette ${groups.silhouette?.toFixed(3)}, planted members recovered ${((100 * correct) / PARTICIPANTS).toFixed(1)}%`,
);
