import 'reflect-metadata';
import { runCommand } from './run-command';
import { verifyAuditChain } from '../platform/audit/audit';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database';
import { createCliLogger } from '../platform/logger';

/**
 * Verifies the audit chain of the configured database. Exit code 0 when every link holds, 1 when
 * one is broken (the first broken entry is printed by id and position), 2 for invalid settings.
 */
async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(
      'Usage: npm run audit:verify\n\nRecomputes every hash of the audit trail and reports the first broken link.\n' +
        'Settings come from the same environment as the API (DATABASE_URL or SQLITE_PATH).\n',
    );

    return 0;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const orm = await openDatabase(config, createCliLogger(config, 'ratusz-audit-verify'));
  try {
    const { events, broken } = await verifyAuditChain(orm.em.fork());
    if (broken) {
      process.stdout.write(
        `Audit chain broken at position ${broken.position}, entry ${broken.id ?? '(chain head)'}: ${broken.reason}.\n` +
          `The ${events} entries before it verify.\n`,
      );

      return 1;
    }
    process.stdout.write(`Audit chain verified: ${events} entries, every hash and link matches.\n`);

    return 0;
  } finally {
    await orm.close();
  }
}

runCommand(main);
