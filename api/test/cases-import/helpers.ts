import { MalformedFileError } from '../../src/modules/imports/importer';

/** Counts how often each key occurs, for comparing a parser's output with the raw file. */
export function tally<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const name = key(item);
    counts[name] = (counts[name] ?? 0) + 1;
  }

  return counts;
}

/** Runs a parse that must fail and returns its `MalformedFileError`. */
export function catchMalformed(parseFile: () => unknown): MalformedFileError {
  try {
    parseFile();
  } catch (error) {
    if (error instanceof MalformedFileError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a MalformedFileError, but the file parsed');
}
