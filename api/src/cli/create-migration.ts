import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import pg from 'pg';
import { ormOptions, type DatabaseEngine } from '../platform/database';

/**
 * Generates the next migration for both engines from the difference between the entities and
 * a scratch database migrated to the latest version. Usage:
 *
 *   npm run -w @ratusz/api migration:create -- <name>
 *
 * PostgreSQL is reached through MIGRATION_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres);
 * a scratch database is created there and dropped afterwards.
 */
const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  process.stderr.write('Usage: migration:create <Name> (PascalCase, for example AddCases)\n');
  process.exit(2);
}

const sourceFolder = path.resolve(__dirname, '..', '..', 'src', 'migrations');
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const className = `Migration${stamp}${name}`;

async function generate(engine: DatabaseEngine, settings: { databaseUrl?: string; sqlitePath: string }) {
  const orm = await MikroORM.init({
    ...ormOptions({ databaseUrl: settings.databaseUrl, sqlitePath: settings.sqlitePath }),
    debug: false,
  });
  try {
    await orm.getMigrator().up();
    const diff = await orm.getSchemaGenerator().getUpdateSchemaMigrationSQL({ wrap: false });
    if (!diff.up.trim()) {
      process.stdout.write(`${engine}: entities match the migrations, nothing to generate\n`);

      return;
    }
    writeMigration(engine, diff.up, diff.down);
  } finally {
    await orm.close();
  }
}

function statements(sql: string): string[] {
  return sql
    .split(/;\n/)
    .map((statement) => statement.trim().replace(/;$/, ''))
    .filter(Boolean);
}

function writeMigration(engine: DatabaseEngine, up: string, down: string) {
  const render = (sql: string) =>
    statements(sql)
      .map((statement) => `    this.addSql(${JSON.stringify(statement)});`)
      .join('\n');
  const code = `import { Migration } from '@mikro-orm/migrations';

export class ${className} extends Migration {
  override async up(): Promise<void> {
${render(up)}
  }

  override async down(): Promise<void> {
${render(down)}
  }
}
`;
  const folder = path.join(sourceFolder, engine);
  fs.writeFileSync(path.join(folder, `${className}.ts`), code);

  const indexPath = path.join(folder, 'index.ts');
  const index = fs.readFileSync(indexPath, 'utf8');
  const listName = `${engine}Migrations`;
  const updated = index
    .replace(/(import type \{ MigrationList \}[^\n]*\n)/, `$1import { ${className} } from './${className}';\n`)
    .replace(new RegExp(`(export const ${listName}: MigrationList = \\[)([\\s\\S]*?)(\\];)`), (_m, open, body, close) => {
      const entries = body.trim() ? `${body.trimEnd()}\n` : '\n';

      return `${open}${entries}  { name: '${className}', class: ${className} },\n${close}`;
    });
  fs.writeFileSync(indexPath, updated);
  process.stdout.write(`${engine}: wrote ${path.relative(process.cwd(), path.join(folder, `${className}.ts`))}\n`);
}

async function main() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-migration-'));
  await generate('sqlite', { sqlitePath: path.join(folder, 'scratch.sqlite') });
  fs.rmSync(folder, { recursive: true, force: true });

  const serverUrl = process.env.MIGRATION_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `ratusz_migration_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${scratch}"`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${scratch}`;
    await generate('postgresql', { databaseUrl: url.toString(), sqlitePath: '' });
  } finally {
    await admin.query(`drop database if exists "${scratch}" with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
