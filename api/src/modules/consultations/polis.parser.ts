import fs from 'node:fs';
import path from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import type { ModerationState, StatementVoteValue } from '@ratusz/shared';
import { MalformedFileError } from '../imports/importer';

/** The files of one Polis conversation export. `summary` is null when the folder has none. */
export type PolisFiles = {
  folder: string;
  comments: string;
  votes: string;
  summary: string | null;
};

/** A statement as `comments.csv` lists it. `line` is where its record starts. */
export type PolisComment = {
  line: number;
  commentId: string;
  authorId: string | null;
  moderation: ModerationState;
  text: string;
  createdAt: Date;
};

/** A vote event as `votes.csv` lists it. */
export type PolisVote = {
  line: number;
  commentId: string;
  voterId: string;
  value: StatementVoteValue;
  castAt: Date;
};

/** The conversation facts `summary.csv` holds. */
export type PolisSummary = { topic: string | null; url: string | null; description: string | null };

/** Polis encodes votes as 1 agree, -1 disagree, 0 pass. */
const POLIS_VOTES: Record<string, StatementVoteValue> = {
  '1': 'AGREE',
  '-1': 'DISAGREE',
  '0': 'PASS',
};

/** Polis encodes moderation as 1 accepted, 0 not yet moderated, -1 rejected. */
const POLIS_MODERATION: Record<string, ModerationState> = {
  '1': 'ACCEPTED',
  '0': 'PENDING',
  '-1': 'REJECTED',
};

/**
 * Finds the export files from the command-line argument: the conversation folder itself, or
 * its `comments.csv` with `votes.csv` beside it.
 */
export function locatePolisFiles(argument: string): PolisFiles {
  const isFolder = fs.statSync(argument).isDirectory();
  if (!isFolder && path.basename(argument) !== 'comments.csv') {
    throw new MalformedFileError(
      path.basename(argument),
      undefined,
      undefined,
      'not a Polis export: pass the conversation folder or its comments.csv',
    );
  }
  const folder = isFolder ? argument : path.dirname(argument);
  const votes = path.join(folder, 'votes.csv');
  if (!fs.existsSync(votes)) {
    throw new MalformedFileError(
      displayName(folder, 'votes.csv'),
      undefined,
      undefined,
      'file is missing from the export folder',
    );
  }
  const summary = path.join(folder, 'summary.csv');

  return {
    folder,
    comments: path.join(folder, 'comments.csv'),
    votes,
    summary: fs.existsSync(summary) ? summary : null,
  };
}

/** Names a file of the export as `<conversation folder>/<file>` in error messages. */
export function displayName(folder: string, file: string): string {
  return `${path.basename(path.resolve(folder))}/${file}`;
}

type CsvRow = { line: number; values: Record<string, string> };

/** Parses a CSV file with a header row, checking that every `required` column is present. */
function readTable(file: string, content: Buffer, required: string[]): CsvRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info` every record comes as { record, info }, but the typings only know plain arrays.
    records = parse(content, { bom: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      throw new MalformedFileError(
        file,
        (error as CsvError & { lines?: number }).lines,
        undefined,
        error.message,
      );
    }
    throw error;
  }

  const header = records[0]?.record ?? [];
  const missing = required.find((column) => !header.includes(column));
  if (missing) {
    throw new MalformedFileError(
      file,
      1,
      missing,
      `column is missing; the header has ${header.join(', ') || 'no columns'}`,
    );
  }

  // A record ends on `info.lines`, so the next one starts on the following line (quoted
  // statements span several lines).
  return records.slice(1).map((entry, index) => ({
    line: (records[index]?.info.lines ?? 0) + 1,
    values: Object.fromEntries(
      header.map((column, position) => [column, entry.record[position] ?? '']),
    ),
  }));
}

function parseTimestamp(file: string, row: CsvRow): Date {
  const raw = row.values.timestamp ?? '';
  if (!/^\d{1,15}$/.test(raw)) {
    throw new MalformedFileError(
      file,
      row.line,
      'timestamp',
      `${JSON.stringify(raw)} is not a time in milliseconds since 1970`,
    );
  }

  return new Date(Number(raw));
}

function requireValue(file: string, row: CsvRow, field: string): string {
  const value = row.values[field] ?? '';
  if (value === '') {
    throw new MalformedFileError(file, row.line, field, 'value is missing');
  }

  return value;
}

/** Maps a coded field through `codes`, naming the accepted codes when the value is not one. */
function decodeValue<T>(
  file: string,
  row: CsvRow,
  field: string,
  codes: Record<string, T>,
  accepted: string,
): T {
  const raw = row.values[field] ?? '';
  const decoded = Object.hasOwn(codes, raw) ? codes[raw] : undefined;
  if (decoded === undefined) {
    throw new MalformedFileError(
      file,
      row.line,
      field,
      `${JSON.stringify(raw)} is not ${accepted}`,
    );
  }

  return decoded;
}

/** Reads `comments.csv`, whose comment ids must be unique. */
export function parsePolisComments(file: string, content: Buffer): PolisComment[] {
  const rows = readTable(file, content, [
    'timestamp',
    'comment-id',
    'author-id',
    'moderated',
    'comment-body',
  ]);
  const seen = new Set<string>();

  return rows.map((row) => {
    const commentId = requireValue(file, row, 'comment-id');
    if (seen.has(commentId)) {
      throw new MalformedFileError(
        file,
        row.line,
        'comment-id',
        `comment id ${commentId} appears more than once`,
      );
    }
    seen.add(commentId);
    const moderation = decodeValue(file, row, 'moderated', POLIS_MODERATION, '1, 0 or -1');

    return {
      line: row.line,
      commentId,
      authorId: row.values['author-id'] || null,
      moderation,
      text: row.values['comment-body'] ?? '',
      createdAt: parseTimestamp(file, row),
    };
  });
}

/** Reads `votes.csv`, whose votes must each name a comment id from `commentIds`. */
export function parsePolisVotes(
  file: string,
  content: Buffer,
  commentIds: Set<string>,
): PolisVote[] {
  const rows = readTable(file, content, ['timestamp', 'comment-id', 'voter-id', 'vote']);

  return rows.map((row) => {
    const commentId = requireValue(file, row, 'comment-id');
    if (!commentIds.has(commentId)) {
      throw new MalformedFileError(
        file,
        row.line,
        'comment-id',
        `comment id ${commentId} is not in comments.csv`,
      );
    }
    const value = decodeValue(
      file,
      row,
      'vote',
      POLIS_VOTES,
      '1 (agree), -1 (disagree) or 0 (pass)',
    );

    return {
      line: row.line,
      commentId,
      voterId: requireValue(file, row, 'voter-id'),
      value,
      castAt: parseTimestamp(file, row),
    };
  });
}

/**
 * Reads `summary.csv`: key,value lines without a header. Values are not always quoted, so any
 * fields after the key are joined back with commas.
 */
export function parsePolisSummary(file: string, content: Buffer): PolisSummary {
  let records: string[][];
  try {
    records = parse(content, { bom: true, relax_column_count: true, relax_quotes: true });
  } catch (error) {
    if (error instanceof CsvError) {
      throw new MalformedFileError(file, undefined, undefined, error.message);
    }
    throw error;
  }
  const entries = new Map(records.map(([key = '', ...rest]) => [key, rest.join(',').trim()]));

  return {
    topic: entries.get('topic') || null,
    url: entries.get('url') || null,
    description: entries.get('conversation-description') || null,
  };
}
