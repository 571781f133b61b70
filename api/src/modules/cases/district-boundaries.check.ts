import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { userError, type UserError } from '../../platform/graphql/user-error';
import type { BoundaryProperties, DistrictBoundary } from './district-boundaries';

/** Code of the payload error returned when the boundary check runs past its time limit. */
export const BOUNDARY_CHECK_TIMEOUT = 'BOUNDARY_CHECK_TIMEOUT';

type WorkerMessage =
  | { type: 'started' }
  | {
      type: 'result';
      boundaries: DistrictBoundary[];
      errors: Pick<UserError, 'code' | 'message' | 'field'>[];
    };

/**
 * Returns the path of the compiled worker entry. A Worker loads JavaScript only, so the path
 * points into `api/dist` whether this file runs compiled from `dist/modules/cases` or under
 * Vitest from `src/modules/cases`. `npm test` builds `api/dist` before the tests run.
 */
function workerPath(): string {
  const file = path.resolve(__dirname, '..', '..', '..', 'dist', 'modules', 'cases', 'district-boundaries.worker.js');
  if (!fs.existsSync(file)) {
    throw new Error(`district boundary worker ${file} is missing: build the API with "npm run build" in api/ first`);
  }

  return file;
}

function timeoutError(seconds: number): UserError {
  return userError(
    BOUNDARY_CHECK_TIMEOUT,
    `Checking the district boundaries took longer than ${seconds} s and was stopped, so nothing was imported: simplify the polygons (fewer positions), split the file into smaller imports, or raise RATUSZ_BOUNDARY_CHECK_TIMEOUT_SECONDS`,
    ['input', 'featureCollection'],
  );
}

/**
 * Runs `parseDistrictBoundaries` in a worker thread, so the event loop keeps serving other
 * requests during the pairwise overlap check. The worker is terminated when the check has run
 * `timeoutSeconds`, not counting the worker's start-up, and the result is then one
 * `BOUNDARY_CHECK_TIMEOUT` error. Rejects when the worker fails.
 */
export function checkDistrictBoundaries(
  input: unknown,
  properties: BoundaryProperties,
  timeoutSeconds: number,
): Promise<{ boundaries: DistrictBoundary[]; errors: UserError[] }> {
  const worker = new Worker(workerPath(), { workerData: { input, properties } });

  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (finish: () => void) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        finish();
      }
    };
    const stop = () => {
      settle(() => resolve({ boundaries: [], errors: [timeoutError(timeoutSeconds)] }));
      void worker.terminate();
    };

    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'started') {
        timer = setTimeout(stop, timeoutSeconds * 1000);

        return;
      }
      settle(() =>
        resolve({
          boundaries: message.boundaries,
          errors: message.errors.map((error) => userError(error.code, error.message, error.field)),
        }),
      );
    });
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => {
      settle(() => reject(new Error(`district boundary worker exited with code ${code} before it returned a result`)));
    });
  });
}
