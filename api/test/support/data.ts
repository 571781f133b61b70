import fs from 'node:fs';
import path from 'node:path';

/**
 * Folder of the real third-party data set (pabulib, 311 extracts, Polis conversations), from
 * `RATUSZ_DATA_DIR` or `../shared/data` beside the repository.
 */
export const dataDir = path.resolve(
  process.env.RATUSZ_DATA_DIR ?? path.join(__dirname, '..', '..', '..', '..', 'shared', 'data'),
);

/** Whether the real data folder exists; tests that read it are skipped when it does not. */
export const hasData = fs.existsSync(dataDir);

if (!hasData) {
  console.warn(
    `Real-data tests skipped: ${dataDir} does not exist. Set RATUSZ_DATA_DIR to the data folder to run them.`,
  );
}

/** Returns the path of a file inside the data folder. */
export function dataFile(...parts: string[]): string {
  return path.join(dataDir, ...parts);
}
