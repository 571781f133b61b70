import path from 'node:path';
import { repoRoot, run } from './stack';

/** Result of one import: the file lines the importer rejected. */
export type ImportResult = { output: string; rejectedLines: Set<number> };

/**
 * Imports one file with the API's command-line importer into the database in `env`; `options`
 * are importer options such as `--phase=VOTING`.
 */
export async function importFile(
  kind: string,
  file: string,
  env: Record<string, string>,
  options: string[] = [],
): Promise<ImportResult> {
  const output = await run(
    'node',
    [path.join(repoRoot, 'api', 'dist', 'cli', 'import.js'), kind, ...options, file],
    {
      env: { ...env, LOG_LEVEL: 'warn' },
    },
  );
  const rejectedLines = new Set(
    [...output.matchAll(/rejected, line (\d+)/g)].map((match) => Number(match[1])),
  );

  return { output, rejectedLines };
}
