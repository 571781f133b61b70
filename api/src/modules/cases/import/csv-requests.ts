import { readCsvTable } from './csv-table';
import {
  presentValue,
  ServiceRequestCollector,
  type RawServiceRequest,
  type SourceFormat,
} from './service-request.collector';
import type { ParsedServiceRequests } from './service-request.record';

/** Reads a trimmed cell of the current row by column name; empty cells are undefined. */
export type CellReader = (column: string) => string | undefined;

/**
 * Reads a 311 CSV export whose header must contain the format's columns and `extraColumns`.
 * `readSourceFields` supplies the fields each city writes its own way (district and channel).
 */
export function collectCsvRequests(
  content: Buffer,
  file: string,
  format: SourceFormat,
  extraColumns: readonly string[],
  readSourceFields: (cell: CellReader) => Pick<RawServiceRequest, 'district' | 'channel'>,
): ParsedServiceRequests {
  const { fields } = format;
  const columns = [...Object.values(fields), ...extraColumns].filter(
    (column): column is string => column !== undefined,
  );
  const rows = readCsvTable(content, file, columns);
  const collector = new ServiceRequestCollector(format);
  for (const { line, values } of rows) {
    const cell: CellReader = (column) => presentValue(values.get(column));
    const optional = (column?: string) => (column === undefined ? undefined : cell(column));
    collector.add({
      line,
      id: cell(fields.id),
      category: cell(fields.category),
      status: cell(fields.status),
      created: cell(fields.created),
      updated: optional(fields.updated),
      closed: optional(fields.closed),
      latitude: cell(fields.latitude),
      longitude: cell(fields.longitude),
      ...readSourceFields(cell),
    });
  }

  return collector.result();
}
