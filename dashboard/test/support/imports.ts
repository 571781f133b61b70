import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, run } from './stack';

/**
 * Import kinds the API source defines, read from `kind: '...'` in its `*.importer.ts` files.
 * Reading the source lets a test decide what to skip before anything is built.
 */
export function definedImportKinds(): string[] {
  const modules = path.join(repoRoot, 'api', 'src', 'modules');
  const kinds = fs
    .readdirSync(modules, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.importer.ts'))
    .flatMap((file) => {
      const kind = /kind:\s*'([^']+)'/.exec(fs.readFileSync(path.join(modules, file), 'utf8'));

      return kind?.[1] ? [kind[1]] : [];
    });

  return [...new Set(kinds)];
}

/** Picks the kind whose name matches `pattern`, or null. */
export function findKind(kinds: string[], pattern: RegExp): string | null {
  return kinds.find((kind) => pattern.test(kind)) ?? null;
}

/** Result of one import: the file lines the importer rejected. */
export type ImportResult = { output: string; rejectedLines: Set<number> };

/** Imports one file with the API's command-line importer into the database in `env`. */
export async function importFile(
  kind: string,
  file: string,
  env: Record<string, string>,
): Promise<ImportResult> {
  const output = await run(
    'node',
    [path.join(repoRoot, 'api', 'dist', 'cli', 'import.js'), kind, file],
    {
      env: { ...env, LOG_LEVEL: 'warn' },
    },
  );
  const rejectedLines = new Set(
    [...output.matchAll(/rejected, line (\d+)/g)].map((match) => Number(match[1])),
  );

  return { output, rejectedLines };
}
