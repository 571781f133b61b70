import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './support/database';
import { freePort, scannedLogOutput, spawnApi } from './support/process';

const mainScript = path.resolve(__dirname, '..', 'dist', 'main.js');

function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const output = scannedLogOutput();
    const child = spawn(process.execPath, [mainScript], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', output, 'pipe'],
    });
    if (output !== 'ignore') {
      fs.closeSync(output);
    }
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('API process', () => {
  it('stops at start-up on an invalid setting', async () => {
    const { code, stderr } = await runToExit({ LOG_LEVEL: 'loud', PORT: '70000' });

    expect(code).toBe(2);
    expect(stderr).toContain('LOG_LEVEL must be one of silent, fatal, error, warn, info, debug, trace (got "loud")');
    expect(stderr).toContain('PORT must be a whole number from 0 (any free port) to 65535 (got "70000")');
  });

  it('exits cleanly on SIGTERM', async () => {
    const database = await createTestDatabase();
    const api = await spawnApi(await freePort(), database.env);
    const exited = new Promise<number | null>((resolve) => api.child.once('exit', resolve));

    api.child.kill('SIGTERM');

    expect(await exited).toBe(0);
    await database.drop();
  });
});
