import { CsvError, parse } from 'csv-parse/sync';
import { MalformedFileError } from '../../imports/importer';

/** One data row of a CSV file, with its values by header name. */
export type CsvRow = {
  /** Line where the row starts; the header is line 1. */
  line: number;
  values: Map<string, string>;
};

type ParsedCsvRecord = { record: string[]; info: { lines: number } };

function parseCsv(content: Buffer, file: string): ParsedCsvRecord[] {
  try {
    return parse(content, {
      bom: true,
      info: true,
      // Row length is checked below, so the error can name the header column involved.
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedCsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : undefined;
      throw new MalformedFileError(file, line, undefined, `invalid CSV: ${error.message}`);
    }
    throw error;
  }
}

/** Returns the line a record starts on: csv-parse counts the line where it ends. */
function startLine({ record, info }: ParsedCsvRecord): number {
  const newlinesInside = record.reduce((sum, field) => sum + field.split('\n').length - 1, 0);

  return info.lines - newlinesInside;
}

function checkHeader(header: string[], required: readonly string[], file: string): void {
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new MalformedFileError(
      file,
      1,
      missing[0],
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} ` +
        'in the header; check that the file is the right export',
    );
  }
}

function checkRowLength(row: ParsedCsvRecord, header: string[], file: string): void {
  const length = row.record.length;
  if (length === header.length) {
    return;
  }
  const field = length < header.length ? header[length] : `column ${header.length + 1}`;
  throw new MalformedFileError(
    file,
    startLine(row),
    field,
    `row has ${length} fields but the header has ${header.length}; ` +
      'quote values that contain commas',
  );
}

/**
 * Reads a CSV file with a header row. Throws `MalformedFileError` when a required column is
 * missing from the header, when a row has a different number of fields than the header, or when
 * the text is not CSV.
 */
export function readCsvTable(content: Buffer, file: string, required: readonly string[]): CsvRow[] {
  const parsed = parseCsv(content, file);
  const header = parsed[0]?.record.map((column) => column.trim());
  if (!header) {
    throw new MalformedFileError(file, 1, undefined, 'file is empty; expected a CSV header row');
  }
  checkHeader(header, required, file);

  return parsed.slice(1).map((row) => {
    checkRowLength(row, header, file);
    const values = new Map(header.map((column, index) => [column, row.record[index] ?? '']));

    return { line: startLine(row), values };
  });
}
