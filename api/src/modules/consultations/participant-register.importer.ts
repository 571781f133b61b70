import type { Importer, ImportContext, ImportOutcome, RejectedRow } from '../imports/importer';
import { MalformedFileError } from '../imports/importer';
import { readCsvRecords } from './consultation-csv';
import { MAX_DISTRICT_NAME_LENGTH } from './consultation-phase';
import { RegisteredParticipant } from './participant-register.entity';
import { registerHash } from './participation';

/** Shape of a register hash: HMAC-SHA-256 in unpadded base64url. */
const HASH_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Rows per insert, well under SQLite's bound-parameter limit. */
const BATCH_SIZE = 500;

/**
 * Reads a participant register CSV with a header and a `district` column, and either
 * `resident_id` (hashed here, never stored) or `resident_hash` (computed elsewhere with the
 * same key and `registerHash`). A resident listed again moves to the district of the later row.
 */
async function importRegister(
  file: string,
  content: Buffer,
  context: ImportContext,
): Promise<ImportOutcome> {
  const { records, header } = readCsvRecords(file, content);
  const idColumn = header.includes('resident_id')
    ? 'resident_id'
    : header.includes('resident_hash')
      ? 'resident_hash'
      : null;
  if (records.length > 0 && (!idColumn || !header.includes('district'))) {
    throw new MalformedFileError(
      file,
      1,
      idColumn ? 'district' : 'resident_id',
      `the header needs district and one of resident_id or resident_hash; it has ${header.join(', ')}`,
    );
  }

  const rejected: RejectedRow[] = [];
  const rows = new Map<string, { residentHash: string; district: string; registeredAt: Date }>();
  const registeredAt = new Date();
  records.forEach((record, index) => {
    const line = index + 2;
    const identifier = record[idColumn!] ?? '';
    const district = record.district ?? '';
    if (identifier === '') {
      rejected.push({ line, field: idColumn!, reason: 'value is missing' });
      return;
    }
    if (idColumn === 'resident_hash' && !HASH_PATTERN.test(identifier)) {
      rejected.push({
        line,
        field: idColumn,
        reason: 'is not a 43-character base64url keyed hash',
      });
      return;
    }
    if (district === '' || district.length > MAX_DISTRICT_NAME_LENGTH) {
      rejected.push({
        line,
        field: 'district',
        reason: `must have 1 to ${MAX_DISTRICT_NAME_LENGTH} characters`,
      });
      return;
    }
    const residentHash =
      idColumn === 'resident_id' ? registerHash(context.config.hashKey, identifier) : identifier;
    rows.set(residentHash, { residentHash, district, registeredAt });
  });

  const entries = [...rows.values()];
  for (let start = 0; start < entries.length; start += BATCH_SIZE) {
    await context.em.upsertMany(RegisteredParticipant, entries.slice(start, start + BATCH_SIZE), {
      onConflictFields: ['residentHash'],
      onConflictAction: 'merge',
      onConflictMergeFields: ['district', 'registeredAt'],
    });
    context.progress(Math.min(start + BATCH_SIZE, entries.length), entries.length);
  }

  return {
    imported: entries.length,
    rejected,
    warnings: [],
    details: { residents: entries.length },
  };
}

/** Imports or updates the participant register that audience checks and turnout read. */
export const participantRegisterImporter: Importer = {
  kind: 'participant-register',
  description: 'Participant register CSV: resident_id or resident_hash, and district',
  run: importRegister,
};
