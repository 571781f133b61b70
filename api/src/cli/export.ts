import 'reflect-metadata';
import { runMain } from './run-main';
import fs from 'node:fs';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database';
import { isRecordId } from '../platform/ids';
import { createCliLogger } from '../platform/logger';
import { BudgetService } from '../modules/budget/budget.service';
import { EmbargoError, exportPabulib } from '../modules/budget/pabulib.export';

const usage = [
  'Usage: npm run export -- pabulib <editionId> <file>',
  '',
  'Writes a budget edition as a pabulib .pb file (META, PROJECTS, VOTES). Voter ids in the file',
  'are numbers 1..n in an order that depends only on the ballots, never the stored voter hashes.',
  'Use "-" as the file to write to standard output.',
  'Settings come from the same environment as the API (DATABASE_URL or SQLITE_PATH).',
].join('\n');

async function main(): Promise<number> {
  const [kind, editionId, file] = process.argv.slice(2);
  if (kind === '--help' || kind === '-h') {
    process.stdout.write(`${usage}\n`);

    return 0;
  }
  if (kind !== 'pabulib' || !editionId || !file) {
    process.stderr.write(`Expected the format, an edition id and a file.\n\n${usage}\n`);

    return 2;
  }
  if (!isRecordId(editionId)) {
    process.stderr.write(
      `"${editionId}" is not an edition id: pass the UUID that budgetEditions lists.\n`,
    );

    return 2;
  }

  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const orm = await openDatabase(config, createCliLogger(config, 'ratusz-export'));
  try {
    const em = orm.em.fork();
    let text: string | null;
    try {
      text = await exportPabulib(new BudgetService(em, { hashKey: config.hashKey }), em, editionId);
    } catch (error) {
      if (error instanceof EmbargoError) {
        process.stderr.write(`${error.message}\n`);

        return 1;
      }
      throw error;
    }
    if (text === null) {
      process.stderr.write(
        `Budget edition ${editionId} does not exist: pass an id from budgetEditions.\n`,
      );

      return 1;
    }
    if (file === '-') {
      process.stdout.write(text);
    } else {
      fs.writeFileSync(file, text);
      process.stderr.write(`wrote ${file}\n`);
    }
  } finally {
    await orm.close();
  }

  return 0;
}

runMain(main);
