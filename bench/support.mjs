// Shared set-up for the benchmarks: an API server on 127.0.0.1 with a scratch database, using
// the compiled code in api/dist (run `npx turbo run build` first).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { loadConfig } = require('../api/dist/platform/config.js');
const { createLogger } = require('../api/dist/platform/logger.js');
const { startServer } = require('../api/dist/platform/server.js');
const pg = require('pg');

export { require };

/**
 * Starts the API with an empty database: a scratch PostgreSQL database when DATABASE_URL names
 * a server, otherwise a SQLite file in a temporary folder. Returns the server and a `stop`
 * that removes the database.
 */
export async function startBenchServer() {
  const serverUrl = process.env.DATABASE_URL;
  let env;
  let drop;
  if (serverUrl) {
    const name = `ratusz_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    drop = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-bench-'));
    env = { SQLITE_PATH: path.join(folder, 'bench.sqlite') };
    drop = async () => fs.rmSync(folder, { recursive: true, force: true });
  }
  const config = loadConfig({
    ...env,
    REDIS_URL: process.env.REDIS_URL,
    RATUSZ_HASH_KEY: 'bench-hash-key-0123456789',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    RATUSZ_SEED_DEMO: 'false',
    // One client sends every request, so the per-address request limit is off.
    RATUSZ_RATE_LIMIT_PER_MINUTE: '0',
  });
  const server = await startServer(config, createLogger(config));

  return {
    server,
    config,
    engine: serverUrl ? 'postgresql' : 'sqlite',
    stop: async () => {
      await server.close();
      await drop();
    },
  };
}

/** Sends one GraphQL operation over HTTP and returns the parsed response. */
export async function graphql(url, query, variables) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });

  return response.json();
}

/** Runs `task(index)` for every index below `count`, at most `concurrency` at a time. */
export async function runPool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Prints the machine the figures came from. */
export function describeMachine(engine) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';

  return `${os.cpus().length} x ${cpu}, Node ${process.version}, ${engine}`;
}
