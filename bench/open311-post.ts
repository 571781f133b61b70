// Measures Open311 POST /requests and GraphQL openCase against a raw single-row insert into
// service_case, in one run on one database, and prints operations per second and the ratios.
// Usage: npm run build && npm run bench:open311-post [-- <count> <concurrency>]
// Each method runs <count> operations (default 200), at most <concurrency> at a time (default
// 1). The methods take turns in rounds of ROUND operations, so a change in the load of a shared
// machine affects all three alike.
// The script is compiled to bench/dist and loads the API from api/dist.
// The database is a temporary SQLite file, or a new PostgreSQL database when DATABASE_URL is set.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The API's compiled modules and its dependencies are loaded from the api workspace.
const api = path.resolve(__dirname, '..', '..', 'api', 'dist');
const load = (module: string): any => require(require.resolve(module, { paths: [api] }));
load('reflect-metadata');
const pg = load('pg');
const { loadConfig } = load(path.join(api, 'platform', 'config.js'));
const { createLogger } = load(path.join(api, 'platform', 'logger.js'));
const { startServer } = load(path.join(api, 'platform', 'server.js'));
const { ensureJurisdiction } = load(path.join(api, 'modules', 'cases', 'reference.service.js'));

const count = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 1);
/** Operations of one method before the next method takes its turn. */
const ROUND = 20;
const serverUrl = process.env.DATABASE_URL;

async function scratchDatabase(): Promise<{
  env: Record<string, string>;
  drop: () => Promise<void>;
}> {
  if (!serverUrl) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-bench-'));

    return {
      env: { SQLITE_PATH: path.join(folder, 'bench.sqlite') },
      drop: async () => fs.rmSync(folder, { recursive: true, force: true }),
    };
  }
  const name = `ratusz_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

async function graphql(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });

  return response.json();
}

/** Runs `task(index)` for `indexes`, at most `concurrency` at a time. */
async function runPool(indexes: number[], task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < indexes.length) {
      const index = indexes[next] as number;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Runs every task `count` times, taking turns in rounds of ROUND operations, and returns each
 * task's operations per second over the time spent in its own rounds.
 */
async function interleaved(tasks: ((index: number) => Promise<void>)[]): Promise<number[]> {
  const nanoseconds = tasks.map(() => 0n);
  for (let start = 0; start < count; start += ROUND) {
    const indexes = Array.from(
      { length: Math.min(ROUND, count - start) },
      (_, offset) => start + offset,
    );
    for (const [position, task] of tasks.entries()) {
      const started = process.hrtime.bigint();
      await runPool(indexes, task);
      nanoseconds[position] = (nanoseconds[position] as bigint) + process.hrtime.bigint() - started;
    }
  }

  return nanoseconds.map((total) => count / (Number(total) / 1e9));
}

async function main(): Promise<void> {
  const database = await scratchDatabase();
  const config = loadConfig({
    ...database.env,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    RATUSZ_HASH_KEY: 'bench-hash-key-0123456789',
    RATUSZ_SEED_DEMO: 'false',
    // One client sends every request, so the per-address request limit is off.
    RATUSZ_RATE_LIMIT_PER_MINUTE: '0',
  });
  const server = await startServer(config, createLogger(config));
  try {
    const em = server.orm.em.fork();
    const jurisdiction = await ensureJurisdiction(em, 'bench', 'Bench City');
    await em.flush();
    // The catalogue and API key mutations need an administrator's session, so the set-up
    // calls the services directly.
    const { createService } = load(path.join(api, 'modules', 'catalogue', 'catalogue.service.js'));
    const { createApiKey } = load(path.join(api, 'modules', 'access', 'api-key.service.js'));
    const service = await createService(server.orm.em.fork(), {
      jurisdictionId: jurisdiction.id,
      serviceCode: '001',
      name: 'Pothole',
      description: 'A hole in the road.',
      type: 'realtime',
    });
    if (!service.definition) {
      throw new Error(`createService failed: ${JSON.stringify(service.errors)}`);
    }
    const categoryId = service.definition.category.id;
    const key = await createApiKey(server.orm.em.fork(), config.hashKey, {
      name: 'bench',
      scopes: ['open311:write'],
      rateLimitPerMinute: null,
    });
    const secret = key.secret;
    const open311Url = `http://127.0.0.1:${server.port}/open311/v2/requests.json`;

    const postOpen311 = async () => {
      const response = await fetch(open311Url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: secret,
          service_code: '001',
          lat: '52.2297',
          long: '21.0122',
          description: 'Deep hole',
        }).toString(),
      });
      if (response.status !== 201) {
        throw new Error(`Open311 POST failed with ${response.status}: ${await response.text()}`);
      }
      await response.arrayBuffer();
    };
    const openCase = async () => {
      const result = await graphql(
        server.url,
        `
          mutation ($input: OpenCaseInput!) {
            openCase(input: $input) {
              case {
                id
              }
              errors {
                message
              }
            }
          }
        `,
        {
          input: {
            jurisdictionId: jurisdiction.id,
            categoryId,
            latitude: 52.2297,
            longitude: 21.0122,
            channel: 'WEB',
            description: 'Deep hole',
          },
        },
      );
      if (!result.data?.openCase.case) {
        throw new Error(`openCase failed: ${JSON.stringify(result)}`);
      }
    };
    const rawInsert = async (index: number) => {
      const now = new Date();
      await server.orm.em
        .fork()
        .getConnection()
        .execute(
          `insert into service_case (id, number, jurisdiction_id, category_id, status, channel, latitude, longitude, description, created_at, updated_at)
         values (?, ?, ?, ?, 'NEW', 'WEB', 52.2297, 21.0122, 'Deep hole', ?, ?)`,
          [
            randomUUID(),
            `RAW-${index}`,
            jurisdiction.id,
            categoryId,
            serverUrl ? now : now.getTime(),
            serverUrl ? now : now.getTime(),
          ],
        );
    };
    const [raw, open311, opened] = (await interleaved([rawInsert, postOpen311, openCase])) as [
      number,
      number,
      number,
    ];

    const engine = serverUrl ? 'postgresql' : 'sqlite';
    console.log(
      `engine ${engine}, ${count} operations each, concurrency ${concurrency}, in rounds of ${ROUND}`,
    );
    console.log(`raw single-row insert   ${raw.toFixed(0)}/s`);
    console.log(
      `Open311 POST /requests  ${open311.toFixed(0)}/s  ratio ${(open311 / raw).toFixed(2)}x`,
    );
    console.log(
      `GraphQL openCase        ${opened.toFixed(0)}/s  ratio ${(opened / raw).toFixed(2)}x`,
    );
  } finally {
    await server.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
