import type { Importer, ImportContext, ImportOutcome } from '../imports/importer';
import { MalformedFileError } from '../imports/importer';
import { readCsvRecords } from './consultation-csv';
import { setDistrictPopulations } from './consultation-phase';

/**
 * Reads a CSV with `district` and `population` columns into the district populations of the
 * consultation named by `--consultation=<id>`, replacing the populations it had. Any invalid
 * row rejects the whole file, because a partial list would skew turnout and margins of error.
 *
 * NOTE: an import is recognised by the file's bytes only. The same file imported for a second
 * consultation counts as already imported, so set those populations with setDistrictPopulations.
 */
async function importPopulations(
  file: string,
  content: Buffer,
  context: ImportContext,
): Promise<ImportOutcome> {
  const consultationId = context.options.consultation ?? '';
  if (consultationId === '') {
    throw new MalformedFileError(
      file,
      undefined,
      undefined,
      'no consultation given: pass --consultation=<consultation id>',
    );
  }
  const { records, header } = readCsvRecords(file, content);
  const missing = ['district', 'population'].find((column) => !header.includes(column));
  if (missing) {
    throw new MalformedFileError(
      file,
      1,
      missing,
      `column is missing; the header has ${header.join(', ') || 'no columns'}`,
    );
  }

  const populations = records.map((record, index) => {
    const raw = record.population ?? '';
    if (!/^\d{1,10}$/.test(raw)) {
      throw new MalformedFileError(
        file,
        index + 2,
        'population',
        `${JSON.stringify(raw)} is not a whole number`,
      );
    }

    return { district: record.district ?? '', population: Number(raw) };
  });
  const outcome = await setDistrictPopulations(context.em, consultationId, populations);
  if (!outcome.ok) {
    const [first] = outcome.errors;
    const row = first?.field[1];
    throw new MalformedFileError(
      file,
      row === undefined ? undefined : Number(row) + 2,
      first?.field[2],
      first?.message ?? 'the populations were rejected',
    );
  }

  return {
    imported: populations.length,
    rejected: [],
    warnings: [],
    targetId: consultationId,
    details: { districts: populations.length },
  };
}

/** Imports district populations for one consultation's turnout and margins of error. */
export const districtPopulationImporter: Importer = {
  kind: 'district-populations',
  description: 'District populations CSV (district,population) for --consultation=<id>',
  run: importPopulations,
};
