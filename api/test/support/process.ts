import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { privacyScanFolder } from './public-responses';

/** An API running as its own operating-system process. */
export type ApiProcess = { url: string; wsUrl: string; child: ChildProcess; stop: () => Promise<void> };

/**
 * Returns a loopback port that was free a moment ago, found by binding to port 0. Fixed ports
 * clash with the kernel's ephemeral range and with other test runs.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const mainScript = path.resolve(__dirname, '..', '..', 'dist', 'main.js');

/**
 * Opens a new log file in the privacy scan folder for the standard output of an API process,
 * or returns 'ignore' when the scan is off. The caller passes it to `spawn` and closes it after.
 */
export function scannedLogOutput(): number | 'ignore' {
  const folder = privacyScanFolder();

  return folder ? fs.openSync(path.join(folder, `process-${randomUUID()}.log`), 'a') : 'ignore';
}

/**
 * Starts `api/dist/main.js` in a child process on `port` and waits for its health check. Needs
 * `npm run build` first (the test command runs it). With the privacy scan on, the process logs
 * at debug level into the scan folder.
 */
export async function spawnApi(port: number, env: Record<string, string | undefined>): Promise<ApiProcess> {
  const output = scannedLogOutput();
  const child = spawn(process.execPath, [mainScript], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: output === 'ignore' ? 'warn' : 'debug',
      RATUSZ_SEED_DEMO: 'false',
      RATUSZ_HASH_KEY: 'test-hash-key-0123456789',
      RATUSZ_RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', output, 'pipe'],
  });
  if (output !== 'ignore') {
    fs.closeSync(output);
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });

  const url = `http://127.0.0.1:${port}/graphql`;
  let healthy = false;
  for (let attempt = 0; attempt < 240 && !healthy; attempt += 1) {
    if (child.exitCode !== null) {
      throw new Error(`API process exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      healthy = (await fetch(`http://127.0.0.1:${port}/health`)).ok;
    } catch {
      // Not listening yet.
    }
    if (!healthy) {
      await sleep(250);
    }
  }
  if (!healthy) {
    child.kill('SIGKILL');
    throw new Error(`API process on port ${port} did not report healthy within 60 s: ${stderr}`);
  }

  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    child,
    stop: async () => {
      if (child.exitCode !== null) {
        return;
      }
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
