import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Suite-wide log scan, on when `RATUSZ_TEST_LOG_SCAN=1`. Before any test file starts, it makes a
 * folder that every `startTestServer` logs into at debug level (see `testLogDestination`). After
 * the last file, it searches every line for personal data and fails the run on a match.
 */

/** Shapes of personal data that no log line may contain. */
const PERSONAL_PATTERNS: [string, RegExp][] = [
  // User names in URLs (postgres://user@host) are not e-mail addresses.
  ['e-mail address', /(?<!\/\/[\w.+-]*)[\w.+-]+@(?:[\w-]+\.)+[a-z]{2,}\b/i],
  ['international phone number', /\+\d{2}[\d ]{7,}\d/],
];

let folder: string | undefined;

export function setup(): void {
  if (process.env.RATUSZ_TEST_LOG_SCAN !== '1') {
    return;
  }
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-test-logs-'));
  process.env.RATUSZ_TEST_LOG_DIR = folder;
}

export function teardown(): void {
  if (!folder) {
    return;
  }
  const leaks: string[] = [];
  let lines = 0;
  for (const file of fs.readdirSync(folder)) {
    for (const line of fs.readFileSync(path.join(folder, file), 'utf8').split('\n')) {
      lines += 1;
      for (const [name, pattern] of PERSONAL_PATTERNS) {
        const match = pattern.exec(line);
        if (match) {
          leaks.push(`${name} ${JSON.stringify(match[0])} in ${file}: ${line.slice(0, 300)}`);
        }
      }
    }
  }
  if (leaks.length > 0) {
    // Vitest reports an error thrown here but keeps its exit status, so set the status too.
    process.exitCode = 1;
    throw new Error(
      `The API logged personal data (${leaks.length} lines, logs kept in ${folder}):\n${leaks.slice(0, 20).join('\n')}`,
    );
  }
  process.stdout.write(`Log scan: no personal data in ${lines} log lines.\n`);
  fs.rmSync(folder, { recursive: true, force: true });
}
