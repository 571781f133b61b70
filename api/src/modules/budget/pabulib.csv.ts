import { CsvError, parse } from 'csv-parse/sync';
import { MalformedFileError } from '../imports/importer';

/** One CSV record of a `.pb` file with the line it ends on (1-based, in the whole file). */
export type PabulibRecord = {
  line: number;
  fields: string[];
  /** Index of a field read leniently because of a stray quote, as Python's csv module reads it. */
  lenientField?: number;
};

/**
 * Splits one line the way Python's `csv.reader` does with its default dialect: text after a
 * closing quote is appended to the field, so `"Odkupmy" i my` reads as `Odkupmy i my`.
 * Pabulib's files are written and checked with Python, so this keeps the reading they were
 * published with. Returns the fields and the index of the first field with a stray quote.
 */
export function splitLenientLine(line: string): { fields: string[]; strayQuoteField: number } {
  const fields: string[] = [];
  let field = '';
  let strayQuoteField = -1;
  let state: 'start' | 'unquoted' | 'quoted' | 'quoteInQuoted' = 'start';
  for (const char of line) {
    if (state === 'quoted') {
      state = char === '"' ? 'quoteInQuoted' : 'quoted';
      field += char === '"' ? '' : char;
    } else if (char === ';') {
      fields.push(field);
      field = '';
      state = 'start';
    } else if (state === 'start' && char === '"') {
      state = 'quoted';
    } else if (state === 'quoteInQuoted' && char === '"') {
      field += '"';
      state = 'quoted';
    } else {
      if (state === 'quoteInQuoted' && strayQuoteField === -1) {
        strayQuoteField = fields.length;
      }
      field += char;
      state = 'unquoted';
    }
  }
  fields.push(field);

  return { fields, strayQuoteField };
}

function parseStrict(text: string, firstLine: number): PabulibRecord[] {
  const rows = parse(text, {
    delimiter: ';',
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];

  return rows.map((row) => ({ line: row.info.lines + firstLine - 1, fields: row.record }));
}

/** Parses lines that contain quotes, falling back to the lenient reading for a stray quote. */
function parseQuoted(file: string, block: string, firstLine: number): PabulibRecord[] {
  try {
    return parseStrict(block, firstLine);
  } catch (error) {
    if (!(error instanceof CsvError)) {
      throw error;
    }
    const line = firstLine + (error as CsvError & { lines: number }).lines - 1;
    if (error.code !== 'CSV_INVALID_CLOSING_QUOTE' || block.includes('\n')) {
      throw new MalformedFileError(file, line, undefined, `invalid CSV: ${error.message}`);
    }
    const { fields, strayQuoteField } = splitLenientLine(block);

    return [{ line, fields, lenientField: strayQuoteField }];
  }
}

function countQuotes(line: string): number {
  return line.split('"').length - 1;
}

/**
 * Reads every record of a `.pb` file, accepting CRLF, LF and mixed line endings. Lines with a
 * quote go through `csv-parse`, together with the following lines while a quoted field is
 * still open. A line without quotes is split on `;` directly, which gives the same fields and
 * is much faster on the large ballot sections. A quoted field followed by more text is read
 * as Python's csv module reads it and marked with `lenientField`. Any other CSV error throws
 * `MalformedFileError`.
 */
export function readPabulibRecords(file: string, text: string): PabulibRecord[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const records: PabulibRecord[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line === '') {
      continue;
    }
    if (!line.includes('"')) {
      records.push({ line: index + 1, fields: line.split(';') });
      continue;
    }
    let end = index;
    let quotes = countQuotes(line);
    while (quotes % 2 === 1 && end + 1 < lines.length) {
      end += 1;
      quotes += countQuotes(lines[end]!);
    }
    records.push(...parseQuoted(file, lines.slice(index, end + 1).join('\n'), index + 1));
    index = end;
  }

  return records;
}
