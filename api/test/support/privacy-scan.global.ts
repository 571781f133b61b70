import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeFindings, scanFolder } from './privacy-scanner';

/**
 * Suite-wide privacy scan, on unless `RATUSZ_TEST_PRIVACY_SCAN=0`. Before any test file starts,
 * it makes a folder and passes it to the test processes in `RATUSZ_TEST_SCAN_DIR`. Every API that
 * a test starts (in process or as a child process) logs into that folder at debug level, and the
 * test clients append each response that a public caller receives (`public-responses.ts`). After
 * the last file, it searches every line for the seeded personal values and the generic patterns
 * (`privacy-scanner.ts`) and fails the run on a match.
 */

let folder: string | undefined;

export function setup(): void {
  if (process.env.RATUSZ_TEST_PRIVACY_SCAN === '0') {
    return;
  }
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-privacy-scan-'));
  process.env.RATUSZ_TEST_SCAN_DIR = folder;
}

export function teardown(): void {
  if (!folder) {
    return;
  }
  const result = scanFolder(folder);
  if (result.findings.length > 0) {
    // Vitest reports an error thrown here but keeps its exit status, so set the status too.
    process.exitCode = 1;
    throw new Error(
      `Personal data in ${result.findings.length} scanned lines (files kept in ${folder}). Remove the value ` +
        'from the log call or the public response, or, if it is not personal, add the exact value with ' +
        `the reason to ALLOWED_VALUES in api/test/support/privacy-scanner.ts:\n${describeFindings(result.findings.slice(0, 20))}`,
    );
  }
  process.stdout.write(
    `Privacy scan: no personal data in ${result.logLines} log lines and ${result.responses} public responses.\n`,
  );
  fs.rmSync(folder, { recursive: true, force: true });
}
