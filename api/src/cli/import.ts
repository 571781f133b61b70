import 'reflect-metadata';
import { runMain } from './run-main';
import fs from 'node:fs';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database';
import { createCliLogger } from '../platform/logger';
import { importers } from '../modules/importers';
import { importFile, type ImportReport } from '../modules/imports/import.service';
import { MalformedFileError } from '../modules/imports/importer';

const usage = () =>
  [
    'Usage: npm run import -- <kind> [--option=value ...] <file> [<file> ...]',
    '',
    'Imports each file in its own transaction. A file imported before is recognised and skipped.',
    'Kinds:',
    ...importers.map((importer) => `  ${importer.kind.padEnd(12)} ${importer.description}`),
    '',
    'Settings come from the same environment as the API (DATABASE_URL or SQLITE_PATH).',
  ].join('\n');

/** Prints progress to stderr at most once a second, so large files show they are moving. */
function progressPrinter(file: string) {
  let last = 0;

  return (done: number, total?: number) => {
    const now = Date.now();
    if (now - last < 1000) {
      return;
    }
    last = now;
    const of = total ? ` of ${total}` : '';
    process.stderr.write(`${file}: ${done}${of} rows\n`);
  };
}

function printReport(report: ImportReport): void {
  if (report.alreadyImported) {
    process.stdout.write(`${report.file}: already imported (sha256 ${report.sha256.slice(0, 12)}), nothing changed\n`);

    return;
  }
  const details = Object.entries(report.details ?? {})
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  process.stdout.write(
    `${report.file}: imported ${report.imported} rows, rejected ${report.rejected.length}` +
      `${details ? ` (${details})` : ''}\n`,
  );
  for (const warning of report.warnings) {
    process.stdout.write(`  warning, line ${warning.line}${warning.field ? `, ${warning.field}` : ''}: ${warning.message}\n`);
  }
  for (const row of report.rejected) {
    process.stdout.write(`  rejected, line ${row.line}${row.field ? `, ${row.field}` : ''}: ${row.reason}\n`);
  }
}

async function main(): Promise<number> {
  const [kind, ...rest] = process.argv.slice(2);
  const files = rest.filter((argument) => !argument.startsWith('--'));
  const options = Object.fromEntries(
    rest
      .filter((argument) => argument.startsWith('--'))
      .map((argument) => {
        const [name, ...value] = argument.slice(2).split('=');

        return [name, value.join('=')];
      }),
  );
  if (!kind || kind === '--help' || kind === '-h') {
    process.stdout.write(`${usage()}\n`);

    return kind ? 0 : 2;
  }
  const importer = importers.find((candidate) => candidate.kind === kind);
  if (!importer) {
    process.stderr.write(`Unknown import kind "${kind}".\n\n${usage()}\n`);

    return 2;
  }
  if (files.length === 0) {
    process.stderr.write(`No file given for "${kind}".\n\n${usage()}\n`);

    return 2;
  }

  const missing = files.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    for (const file of missing) {
      process.stderr.write(
        `File not found: ${file} (relative paths start from ${process.cwd()}). Nothing was imported.\n`,
      );
    }

    return 2;
  }

  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = createCliLogger(config, 'ratusz-import');
  const orm = await openDatabase(config, logger);
  let failed = 0;
  try {
    for (const file of files) {
      try {
        const report = await importFile(orm, importer, file, {
          config,
          logger,
          options,
          progress: progressPrinter(file),
        });
        printReport(report);
      } catch (error) {
        failed += 1;
        if (error instanceof MalformedFileError) {
          process.stderr.write(`Import failed, nothing was written: ${error.message}\n`);
        } else if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
          process.stderr.write(
            `Import of ${file} failed, nothing was written: it is a folder; ${importer.kind} reads a file.\n`,
          );
        } else {
          const message = error instanceof Error ? error.message : String(error);
          process.stderr.write(`Import of ${file} failed, nothing was written: ${message}\n`);
        }
      }
    }
  } finally {
    await orm.close();
  }

  return failed > 0 ? 1 : 0;
}

runMain(main);
