import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';

/** A row left out of an import, with the reason. The rest of the file is imported. */
export type RejectedRow = { line: number; field?: string; reason: string };

/** Something read leniently that an operator should know about. */
export type ImportWarning = { line: number; field?: string; message: string };

/** Result of an importer after writing its rows. */
export type ImportOutcome = {
  imported: number;
  rejected: RejectedRow[];
  warnings: ImportWarning[];
  /** Id of the record the import created, such as an edition or a consultation. */
  targetId?: string;
  /** Extra facts for the summary, such as the number of projects. */
  details?: Record<string, number | string>;
};

/** Everything an importer may use. The entity manager is inside the import's transaction. */
export type ImportContext = {
  em: EntityManager;
  config: Config;
  logger: Logger;
  /** Reports progress on large files; `total` when known. */
  progress: (done: number, total?: number) => void;
  /** Options from the command line, such as `--jurisdiction=chicago`. */
  options: Record<string, string>;
};

/** One input format, such as pabulib `.pb` or the NYC 311 CSV. */
export type Importer = {
  kind: string;
  /** One line for `import --help`. */
  description: string;
  /**
   * Reads the file and writes its rows with `context.em`. Throws `MalformedFileError` for a file
   * that cannot be read as this format; the caller then rolls the whole import back.
   */
  run: (filePath: string, content: Buffer, context: ImportContext) => Promise<ImportOutcome>;
  /**
   * Reads the input named on the command line into the bytes that identify it and are passed
   * to `run`, for formats that span several files (a Polis export folder). Without it the input
   * is the bytes of the single file at `filePath`.
   */
  readInput?: (filePath: string) => Buffer;
  /**
   * True when running the importer again on the same input writes the same state, as an upsert
   * does. Such an input is imported every time, because its options (such as the jurisdiction)
   * may differ from the earlier run's, instead of being skipped as already imported.
   */
  rerunnable?: boolean;
};

/**
 * A file that cannot be imported as its format: names the file, the line and the field, and
 * the whole import is rolled back.
 */
export class MalformedFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    const where = [line === undefined ? undefined : `line ${line}`, field && `field "${field}"`]
      .filter(Boolean)
      .join(', ');
    super(`${file}${where ? `: ${where}` : ''}: ${reason}`);
    this.name = 'MalformedFileError';
  }
}
