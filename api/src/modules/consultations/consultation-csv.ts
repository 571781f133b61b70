import { CsvError, parse } from 'csv-parse/sync';
import { MalformedFileError } from '../imports/importer';

/**
 * Parses a CSV file with a header row into records keyed by column, with values trimmed and
 * empty lines skipped. Unreadable CSV raises MalformedFileError.
 */
export function readCsvRecords(
  file: string,
  content: Buffer,
): { records: Record<string, string>[]; header: string[] } {
  let records: Record<string, string>[];
  try {
    records = parse(content, { bom: true, columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    if (error instanceof CsvError) {
      throw new MalformedFileError(file, undefined, undefined, error.message);
    }
    throw error;
  }

  return { records, header: records.length > 0 ? Object.keys(records[0]!) : [] };
}
