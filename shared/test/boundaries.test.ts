import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');

/** Lists the TypeScript sources of a workspace, without build output and dependencies. */
function sources(workspace: string): string[] {
  const folder = path.join(root, workspace);

  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|tsx|mts)$/.test(file) && !/(^|\/)(node_modules|dist|\.next)\//.test(file))
    .map((file) => path.join(folder, file));
}

/** Returns every module specifier a file imports or re-exports. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const pattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

  return [...text.matchAll(pattern)].map((match) => match[1] ?? match[2]!);
}

/** Lists `file: specifier` for imports that resolve into one of the `forbidden` workspaces. */
function crossings(workspace: string, forbidden: string[]): string[] {
  return sources(workspace).flatMap((file) =>
    importsOf(file)
      .filter((specifier) => {
        if (forbidden.some((name) => specifier === `@ratusz/${name}` || specifier.startsWith(`@ratusz/${name}/`))) {
          return true;
        }
        if (!specifier.startsWith('.')) {
          return false;
        }
        const target = path.relative(root, path.resolve(path.dirname(file), specifier));

        return forbidden.some((name) => target === name || target.startsWith(`${name}${path.sep}`));
      })
      .map((specifier) => `${path.relative(root, file)}: ${specifier}`),
  );
}

describe('workspace boundaries', () => {
  it('keep shared free of api and dashboard', () => {
    expect(crossings('shared', ['api', 'dashboard'])).toEqual([]);
  });

  it('keep the dashboard away from the api', () => {
    expect(crossings('dashboard', ['api'])).toEqual([]);
  });

  it('keep the api away from the dashboard', () => {
    expect(crossings('api', ['dashboard'])).toEqual([]);
  });
});
