import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Root of the repository (the folder with the workspace `package.json`). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Folder of the real third-party data (pabulib, 311 extracts, Polis conversations), from
 * `RATUSZ_DATA_DIR` or `../shared/data` beside the repository.
 */
export const dataDir = path.resolve(
  process.env.RATUSZ_DATA_DIR ?? path.join(repoRoot, '..', 'shared', 'data'),
);

/** Debian's Chromium; the tests never download a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion and returns its output; rejects with the output on failure. */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) {
      child.stdin!.end(options.input);
    }
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        resolve(output);
      } else {
        reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`));
      }
    });
  });
}

/** A long-running process started by a test, with its output kept for failure messages. */
export type Service = { output: () => string; stop: () => Promise<void> };

/** Starts a long-running command; `stop` sends SIGTERM and waits for the exit. */
export function startService(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> },
): Service {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return {
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

/** Polls `url` until it responds with HTTP 200; fails after `timeoutMs` with the service output. */
export async function waitForHttp(
  url: string,
  service: Service,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not respond within ${timeoutMs} ms. Output:\n${service.output()}`);
}

/** A database made for one test run. */
export type TestDatabase = { env: Record<string, string>; drop: () => Promise<void> };

/**
 * Creates an empty database: a new PostgreSQL database on the server of `DATABASE_URL` when it
 * is set, otherwise a SQLite file in a temporary folder.
 */
export async function createDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-dashboard-'));

    return {
      env: { SQLITE_PATH: path.join(folder, 'dashboard.sqlite') },
      drop: async () => fs.rmSync(folder, { recursive: true, force: true }),
    };
  }

  const { default: pg } = await import('pg');
  const name = `ratusz_dashboard_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  return {
    env: { DATABASE_URL: url.toString() },
    drop: () => admin(`drop database if exists "${name}" with (force)`),
  };
}

/** Posts one GraphQL operation, signed in when `token` is given, and returns `data`; throws with the errors otherwise. */
export async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) {
    headers.authorization = `Bearer ${token}`;
  }
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) {
    throw new Error(`GraphQL request failed: ${JSON.stringify(body.errors)}`);
  }

  return body.data;
}
