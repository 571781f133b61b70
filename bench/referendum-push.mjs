// Measures the time from a referendum vote (HTTP mutation) until 1,000 graphql-ws subscribers
// on 127.0.0.1 have received the pushed turnout, against the same with one subscriber, in one
// run with the compiled API (SQLite, in-process pub/sub). Run with
// `npm run bench:referendum-push` after `npm run build`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import configModule from '../api/dist/platform/config.js';
import loggerModule from '../api/dist/platform/logger.js';
import serverModule from '../api/dist/platform/server.js';

const SUBSCRIBERS = 1_000;
const ROUNDS = 20;
/** Census size: the measured rounds plus room for warm-up votes. */
const VOTERS = ROUNDS + 30;

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-bench-'));
const config = configModule.loadConfig({
  SQLITE_PATH: path.join(folder, 'bench.sqlite'),
  RATUSZ_HASH_KEY: 'bench-hash-key-0123456789',
  LOG_LEVEL: 'silent',
  HOST: '127.0.0.1',
  PORT: '0',
  RATUSZ_SEED_DEMO: 'false',
});
const server = await serverModule.startServer(config, loggerModule.createLogger(config));

async function graphql(query, variables) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) {
    throw new Error(JSON.stringify(body.errors));
  }

  return body.data;
}

/** Creates a referendum that opens in `openInMs` with a census of VOTERS voters. */
async function createReferendum(openInMs) {
  const opensAt = new Date(Date.now() + openInMs);
  const { createReferendum: created } = await graphql(
    `
      mutation ($input: CreateReferendumInput!) {
        createReferendum(input: $input) {
          referendum {
            id
            options {
              id
            }
          }
          errors {
            message
          }
        }
      }
    `,
    {
      input: {
        question: 'Benchmark question',
        options: ['Yes', 'No'],
        opensAt: opensAt.toISOString(),
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        quorumPercent: 10,
      },
    },
  );
  const csv = [
    'voter_id,district',
    ...Array.from({ length: VOTERS }, (_, i) => `voter-${i},Centrum`),
  ].join('\n');
  const { importReferendumCensus: census } = await graphql(
    `
      mutation ($input: ImportReferendumCensusInput!) {
        importReferendumCensus(input: $input) {
          errors {
            message
          }
        }
      }
    `,
    { input: { referendumId: created.referendum.id, csv } },
  );
  if (census.errors.length > 0) {
    throw new Error(`Census import failed: ${JSON.stringify(census.errors)}`);
  }

  return {
    id: created.referendum.id,
    optionId: created.referendum.options[0].id,
    opensAt: opensAt.toISOString(),
  };
}

/**
 * Subscribes `count` clients, each on its own WebSocket. Resolves with the clients and a
 * tracker once every client is connected.
 */
async function subscribe(referendumId, count) {
  const latest = new Array(count).fill(0);
  let waiting = null;
  const reached = (ballots) => latest.filter((value) => value >= ballots).length === count;
  const clients = [];
  const connected = [];
  for (let i = 0; i < count; i += 1) {
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
    });
    connected.push(new Promise((resolve) => client.on('connected', resolve)));
    client.subscribe(
      {
        query: 'subscription ($id: ID!) { referendumUpdated(referendumId: $id) { ballotsCast } }',
        variables: { id: referendumId },
      },
      {
        next: (value) => {
          latest[i] = Math.max(latest[i], value.data.referendumUpdated.ballotsCast);
          if (waiting && reached(waiting.ballots)) {
            waiting.resolve(performance.now());
            waiting = null;
          }
        },
        error: (error) => console.error(error),
        complete: () => {},
      },
    );
    clients.push(client);
  }
  await Promise.all(connected);

  return {
    clients,
    /** Resolves with the time at which every client has seen at least `ballots` ballots. */
    until(ballots) {
      return new Promise((resolve) => {
        if (reached(ballots)) {
          resolve(performance.now());
        } else {
          waiting = { ballots, resolve };
        }
      });
    },
  };
}

/** Votes until every subscriber has seen an update, so all subscriptions are registered. */
async function warmUp(referendum, subscribers) {
  for (let voter = 0; ; voter += 1) {
    await vote(referendum, voter);
    const seen = await Promise.race([
      subscribers.until(voter + 1),
      new Promise((resolve) => setTimeout(() => resolve(null), 5_000)),
    ]);
    if (seen !== null) {
      return voter + 1;
    }
  }
}

async function vote(referendum, voter) {
  const { castReferendumVote: payload } = await graphql(
    `
      mutation ($input: CastReferendumVoteInput!) {
        castReferendumVote(input: $input) {
          errors {
            message
          }
        }
      }
    `,
    {
      input: {
        referendumId: referendum.id,
        voterId: `voter-${voter}`,
        optionId: referendum.optionId,
        channel: 'ONLINE',
      },
    },
  );
  if (payload.errors.length > 0) {
    throw new Error(`Vote of voter-${voter} rejected: ${JSON.stringify(payload.errors)}`);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.floor(sorted.length / 2)];
}

const many = await createReferendum(5_000);
const one = await createReferendum(5_000);
const manySubscribers = await subscribe(many.id, SUBSCRIBERS);
const oneSubscriber = await subscribe(one.id, 1);
await new Promise((resolve) =>
  setTimeout(resolve, Math.max(0, new Date(many.opensAt) - Date.now())),
);
const manyWarmUp = await warmUp(many, manySubscribers);
const oneWarmUp = await warmUp(one, oneSubscriber);

const manyTimes = [];
const oneTimes = [];
for (let round = 0; round < ROUNDS; round += 1) {
  let start = performance.now();
  await vote(one, oneWarmUp + round);
  oneTimes.push((await oneSubscriber.until(oneWarmUp + round + 1)) - start);

  start = performance.now();
  await vote(many, manyWarmUp + round);
  manyTimes.push((await manySubscribers.until(manyWarmUp + round + 1)) - start);
}

const cpus = os.cpus();
console.log(
  `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`,
);
console.log(`rounds: ${ROUNDS}, vote over HTTP until the last subscriber has the update`);
console.log(
  `baseline (1 subscriber): median ${median(oneTimes).toFixed(1)} ms, max ${Math.max(...oneTimes).toFixed(1)} ms`,
);
console.log(
  `target (${SUBSCRIBERS} subscribers): median ${median(manyTimes).toFixed(1)} ms, max ${Math.max(...manyTimes).toFixed(1)} ms`,
);
console.log(
  `ratio target / baseline (medians): ${(median(manyTimes) / median(oneTimes)).toFixed(1)}`,
);

await Promise.all(
  [...manySubscribers.clients, ...oneSubscriber.clients].map((client) => client.dispose()),
);
await server.close();
fs.rmSync(folder, { recursive: true, force: true });
