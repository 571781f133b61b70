// Measures Open311 POST /requests and GraphQL openCase against a raw single-row insert into
// service_case, in one run on one database, and prints operations per second and the ratios.
// Usage: npm run build && npm run bench:open311-post [-- <count> <concurrency>]
// Each method runs <count> operations (default 200), at most <concurrency> at a time (default
// 1). The methods take turns in rounds of ROUND operations, so a change in the load of a shared
// machine affects all three alike.
// The HTTP requests come from a child process (this script started with CLIENT_FLAG), so the
// API process spends its CPU only on serving them, as it does for real clients. The raw insert
// runs in the API process, through the API's own database connection.
// The script is compiled to bench/dist and loads the API from api/dist.
// The database is a temporary SQLite file, or a new PostgreSQL database when DATABASE_URL is set.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

// The API runs as production runs it (docker-compose.yml sets NODE_ENV=production). graphql-js
// reads NODE_ENV when it is loaded and skips its development checks in production.
process.env.NODE_ENV = 'production';

// The API's compiled modules and its dependencies are loaded from the api workspace.
const api = path.resolve(__dirname, '..', '..', 'api', 'dist');
const load = (module: string): any => require(require.resolve(module, { paths: [api] }));

/** First argument that starts this script as the load-generating child process. */
const CLIENT_FLAG = '--client';
const isClient = process.argv[2] === CLIENT_FLAG;
const count = Number((isClient ? undefined : process.argv[2]) ?? 200);
const concurrency = Number(process.argv[3] ?? 1);
/** Operations of one method before the next method takes its turn. */
const ROUND = 20;
const serverUrl = process.env.DATABASE_URL;

async function scratchDatabase(pg: any): Promise<{
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

/** Set-up message the API process sends the client once the database is ready. */
type ClientSetup = {
  open311Url: string;
  graphqlUrl: string;
  apiKey: string;
  jurisdictionId: string;
  categoryId: string;
  concurrency: number;
  /** Plain node:http server in the API process that responds 204 to every request. */
  emptyUrl: string;
  /** Apollo Server with a one-field schema and no plugins, in the API process. */
  bareApolloUrl: string;
};

/** Round message for the client: run `method` once for each of `indexes`. */
type ClientRound = { method: keyof typeof clientMethods; indexes: number[] };

/** Runs `task(index)` for `indexes`, at most `limit` at a time. */
async function runPool(
  indexes: number[],
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < indexes.length) {
      const index = indexes[next] as number;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/**
 * Keeps one connection per concurrent request open between requests, as clients that send many
 * requests do.
 */
let agent: http.Agent | undefined;

/** Response of `post`: status and body as text. */
type PostResponse = { status: number; body: string };

/**
 * Sends one POST with node:http through the keep-alive agent and reads the whole response. The
 * load generator uses node:http rather than fetch because it needs less CPU time per request
 * on the two cores the client shares with the API (see docs/benchmarks.md).
 */
function post(url: string, contentType: string, body: string): Promise<PostResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function postOpen311(setup: ClientSetup): Promise<void> {
  const response = await post(
    setup.open311Url,
    'application/x-www-form-urlencoded',
    new URLSearchParams({
      api_key: setup.apiKey,
      service_code: '001',
      lat: '52.2297',
      long: '21.0122',
      description: 'Deep hole',
    }).toString(),
  );
  if (response.status !== 201) {
    throw new Error(`Open311 POST failed with ${response.status}: ${response.body}`);
  }
}

const OPEN_CASE = `
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
`;

async function openCase(setup: ClientSetup): Promise<void> {
  const response = await post(
    setup.graphqlUrl,
    'application/json',
    JSON.stringify({
      query: OPEN_CASE,
      variables: {
        input: {
          jurisdictionId: setup.jurisdictionId,
          categoryId: setup.categoryId,
          latitude: 52.2297,
          longitude: 21.0122,
          channel: 'WEB',
          description: 'Deep hole',
        },
      },
    }),
  );
  const result: any = JSON.parse(response.body);
  if (!result.data?.openCase.case) {
    throw new Error(`openCase failed: ${JSON.stringify(result)}`);
  }
}

const TYPENAME = '{ __typename }';

/** Sends `{ __typename }` to the API, a query that does no work, to price its HTTP and GraphQL layers. */
async function typename(setup: ClientSetup): Promise<void> {
  const response = await post(setup.graphqlUrl, 'application/json', JSON.stringify({ query: TYPENAME }));
  const result: any = JSON.parse(response.body);
  if (result.data?.__typename !== 'Query') {
    throw new Error(`{ __typename } failed: ${JSON.stringify(result)}`);
  }
}

/** Sends `{ __typename }` to an Apollo Server with none of the API's plugins and checks. */
async function bareTypename(setup: ClientSetup): Promise<void> {
  const response = await post(setup.bareApolloUrl, 'application/json', JSON.stringify({ query: TYPENAME }));
  const result: any = JSON.parse(response.body);
  if (result.data?.__typename !== 'Query') {
    throw new Error(`{ __typename } on the bare Apollo Server failed: ${JSON.stringify(result)}`);
  }
}

/** Sends a POST to a node:http server that responds at once, to price the HTTP transport alone. */
async function emptyPost(setup: ClientSetup): Promise<void> {
  const response = await post(setup.emptyUrl, 'text/plain', 'x');
  if (response.status !== 204) {
    throw new Error(`The empty server responded with status ${response.status}, not 204.`);
  }
}

/** Methods the client runs, by the name a round gives. */
const clientMethods = { open311: postOpen311, openCase, typename, emptyPost, bareTypename };

/**
 * Runs in the child process: waits for the set-up, then runs each round the API process sends
 * and replies `done` (or the error) when the round's last response has arrived.
 */
function runClient(): void {
  let setup: ClientSetup | null = null;
  process.on('message', (message: { setup?: ClientSetup; round?: ClientRound }) => {
    if (message.setup) {
      setup = message.setup;
      agent = new http.Agent({ keepAlive: true, maxSockets: setup.concurrency });
      process.send?.({ ready: true });

      return;
    }
    const round = message.round;
    const current = setup;
    if (!round || !current) {
      return;
    }
    const method = clientMethods[round.method];
    const cpuBefore = process.cpuUsage();
    runPool(round.indexes, current.concurrency, () => method(current)).then(
      () => {
        const cpu = process.cpuUsage(cpuBefore);
        process.send?.({ done: true, cpuMicroseconds: cpu.user + cpu.system });
      },
      (error: unknown) => process.send?.({ error: String(error) }),
    );
  });
  // The API process closes the channel when it is done.
  process.on('disconnect', () => process.exit(0));
}

/** Reply of the client: set-up done, or a round done with the client's CPU time for it. */
type ClientReply = { ready?: boolean; done?: boolean; cpuMicroseconds?: number; error?: string };

/**
 * Sends `message` to the client and resolves with the CPU time the client spent on it in
 * microseconds (0 for the set-up), or rejects with its error.
 */
function ask(client: ChildProcess, message: object): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: ClientReply) => {
      client.off('exit', onExit);
      if (reply.error) {
        reject(new Error(reply.error));
      } else {
        resolve(reply.cpuMicroseconds ?? 0);
      }
    };
    const onExit = (code: number | null) => {
      client.off('message', onMessage);
      reject(new Error(`The load-generating process exited with code ${code}.`));
    };
    client.once('message', onMessage);
    client.once('exit', onExit);
    client.send(message);
  });
}

/**
 * Rate of one method: operations per wall-clock second, and CPU time per operation of the API
 * process and of the load-generating client (0 for the raw insert, which has no client).
 */
type MethodRate = { perSecond: number; cpuMicroseconds: number; clientCpuMicroseconds: number };

/**
 * Runs every task `count` times after one warm-up round, taking turns in rounds of ROUND
 * operations (each call of a task runs one round). Returns each task's operations per second
 * over the time spent in its own rounds, and the CPU time this process spent per operation.
 */
async function interleaved(
  tasks: ((indexes: number[]) => Promise<number | void>)[],
): Promise<MethodRate[]> {
  // One untimed round per task first, so module loading, JIT compilation and the first fill of
  // the reference cache are not timed. Its indexes follow the timed ones, so raw numbers stay unique.
  const warmUp = Array.from({ length: ROUND }, (_, offset) => count + offset);
  for (const task of tasks) {
    await task(warmUp);
  }
  const nanoseconds = tasks.map(() => 0n);
  const cpuMicroseconds = tasks.map(() => 0);
  const clientCpuMicroseconds = tasks.map(() => 0);
  for (let start = 0; start < count; start += ROUND) {
    const indexes = Array.from(
      { length: Math.min(ROUND, count - start) },
      (_, offset) => start + offset,
    );
    for (const [position, task] of tasks.entries()) {
      const started = process.hrtime.bigint();
      const cpuBefore = process.cpuUsage();
      const clientCpu = (await task(indexes)) ?? 0;
      const cpu = process.cpuUsage(cpuBefore);
      clientCpuMicroseconds[position] = (clientCpuMicroseconds[position] as number) + clientCpu;
      nanoseconds[position] = (nanoseconds[position] as bigint) + process.hrtime.bigint() - started;
      cpuMicroseconds[position] = (cpuMicroseconds[position] as number) + cpu.user + cpu.system;
    }
  }

  return tasks.map((_, position) => ({
    perSecond: count / (Number(nanoseconds[position]) / 1e9),
    cpuMicroseconds: (cpuMicroseconds[position] as number) / count,
    clientCpuMicroseconds: (clientCpuMicroseconds[position] as number) / count,
  }));
}

/** Formats one output line: the rate, its ratio to the baseline's, and the CPU time per operation. */
function rateLine(label: string, rate: MethodRate, baseline: MethodRate): string {
  const ratio = rate === baseline ? '' : `  ratio ${(rate.perSecond / baseline.perSecond).toFixed(2)}x`;

  const client =
    rate === baseline ? '' : `  client CPU ${rate.clientCpuMicroseconds.toFixed(0)} µs/op`;

  return `${label.padEnd(27)}${rate.perSecond.toFixed(0)}/s${ratio}  API CPU ${rate.cpuMicroseconds.toFixed(0)} µs/op${client}`;
}

async function main(): Promise<void> {
  load('reflect-metadata');
  const pg = load('pg');
  const { loadConfig } = load(path.join(api, 'platform', 'config.js'));
  const { createLogger } = load(path.join(api, 'platform', 'logger.js'));
  const { startServer } = load(path.join(api, 'platform', 'server.js'));
  const { ensureJurisdiction } = load(path.join(api, 'modules', 'cases', 'reference.service.js'));
  const database = await scratchDatabase(pg);
  const config = loadConfig({
    ...database.env,
    NODE_ENV: 'production',
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
    // Responds 204 to every request once its body has arrived, in the API process.
    const empty = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => empty.listen(0, '127.0.0.1', resolve));
    const emptyPort = (empty.address() as { port: number }).port;
    // The same Apollo Server version and HTTP handler as the API, with a one-field schema and
    // none of the API's plugins, context or request checks: the floor of the GraphQL stack.
    const { ApolloServer } = load('@apollo/server');
    const { handleGraphQLRequest } = load(path.join(api, 'platform', 'http.js'));
    const bareApollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: {} });
    await bareApollo.start();
    const bare = http.createServer((request, response) => {
      void handleGraphQLRequest(bareApollo, request, response, async () => ({}));
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const barePort = (bare.address() as { port: number }).port;
    const client = fork(__filename, [CLIENT_FLAG], { stdio: 'inherit' });
    await ask(client, {
      setup: {
        open311Url: `http://127.0.0.1:${server.port}/open311/v2/requests.json`,
        graphqlUrl: server.url,
        apiKey: key.secret,
        jurisdictionId: jurisdiction.id,
        categoryId,
        concurrency,
        emptyUrl: `http://127.0.0.1:${emptyPort}/`,
        bareApolloUrl: `http://127.0.0.1:${barePort}/`,
      } satisfies ClientSetup,
    });
    const inClient =
      (method: ClientRound['method']) =>
      (indexes: number[]): Promise<number> =>
        ask(client, { round: { method, indexes } satisfies ClientRound });
    const insertOne = async (index: number) => {
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
    const rawInsert = (indexes: number[]) => runPool(indexes, concurrency, insertOne);
    const [raw, open311, opened, emptyRate, bareRate, typenameRate] = (await interleaved([
      rawInsert,
      inClient('open311'),
      inClient('openCase'),
      inClient('emptyPost'),
      inClient('bareTypename'),
      inClient('typename'),
    ])) as MethodRate[] as [MethodRate, MethodRate, MethodRate, MethodRate, MethodRate, MethodRate];

    client.disconnect();
    empty.close();
    bare.close();
    await bareApollo.stop();
    const engine = serverUrl ? 'postgresql' : 'sqlite';
    console.log(
      `engine ${engine}, ${count} operations each, concurrency ${concurrency}, in rounds of ${ROUND}`,
    );
    console.log(rateLine('raw single-row insert', raw, raw));
    console.log(rateLine('Open311 POST /requests', open311, raw));
    console.log(rateLine('GraphQL openCase', opened, raw));
    console.log('requests that write nothing, for comparison:');
    console.log(rateLine('node:http, empty response', emptyRate, raw));
    console.log(rateLine('bare Apollo { __typename }', bareRate, raw));
    console.log(rateLine('API { __typename }', typenameRate, raw));
  } finally {
    await server.close();
    await database.drop();
  }
}

if (isClient) {
  runClient();
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
