import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Orm } from '../../platform/database';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { ImportRun } from './import-run.entity';
import type { ImportOutcome, Importer } from './importer';
import { appendScopedAudit } from '../../platform/audit/audit-subscriber';

/** Summary of one import, printed by the command line and returned to tests. */
export type ImportReport = ImportOutcome & {
  kind: string;
  file: string;
  sha256: string;
  /** True when the same file was imported before; nothing was written this time. */
  alreadyImported: boolean;
};

/**
 * Imports one file in one transaction. A file already imported (same importer, same bytes) is
 * recognised by its SHA-256 and changes nothing, unless the importer is rerunnable. A malformed
 * file rolls everything back.
 */
export async function importFile(
  orm: Orm,
  importer: Importer,
  filePath: string,
  options: {
    config: Config;
    logger: Logger;
    progress?: (done: number, total?: number) => void;
    options?: Record<string, string>;
  },
): Promise<ImportReport> {
  const content = importer.readInput ? importer.readInput(filePath) : fs.readFileSync(filePath);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const file = path.basename(filePath);
  const em = orm.em.fork();

  // NOTE: options are not part of the identity, so the same file imported under another
  // option (another jurisdiction) is still recognised as already imported.
  const previous = await em.findOne(ImportRun, { kind: importer.kind, sha256 });
  if (previous && !importer.rerunnable) {
    return {
      kind: importer.kind,
      file,
      sha256,
      alreadyImported: true,
      imported: 0,
      rejected: [],
      warnings: [],
      targetId: previous.targetId ?? undefined,
    };
  }

  const outcome = await em.transactional(async (tx) => {
    const result = await importer.run(filePath, content, {
      em: tx,
      config: options.config,
      logger: options.logger,
      progress: options.progress ?? (() => {}),
      options: options.options ?? {},
    });
    const run = {
      kind: importer.kind,
      fileName: file,
      sha256,
      rowsImported: result.imported,
      rowsRejected: result.rejected.length,
      targetId: result.targetId ?? null,
    };
    await appendScopedAudit(tx, {
      action: 'import.completed',
      subjectType: 'import',
      subjectId: importer.kind,
      details: { sha256, rowsImported: run.rowsImported, rowsRejected: run.rowsRejected },
    });
    if (previous) {
      // One row per kind and file content, so a rerun records only its latest outcome.
      await tx.nativeUpdate(ImportRun, { id: previous.id }, { ...run, importedAt: new Date() });
    } else {
      tx.create(ImportRun, run);
    }

    return result;
  });
  options.logger.info(
    { kind: importer.kind, file, imported: outcome.imported, rejected: outcome.rejected.length },
    'import finished',
  );

  return { ...outcome, kind: importer.kind, file, sha256, alreadyImported: false };
}
