import type { EntityManager } from '@mikro-orm/core';
import { parse } from 'csv-parse/sync';
import type { BallotError } from './ballot.errors';
import type { BudgetEdition } from './budget-edition.entity';
import { BudgetProcess } from './budget-process.entity';
import { VoterRegisterEntry } from './voter-register.entity';
import { appendScopedAudit } from '../../platform/audit/audit-subscriber';

/** Columns a census file must have, in any order; other columns are ignored. */
export const REGISTER_COLUMNS = ['personal_id', 'birth_date', 'district'] as const;

/** Rows per multi-row insert, well under SQLite's bound-parameter limit. */
const CHUNK_ROWS = 1_000;

/** Problems listed in one failed import before the rest are summarised. */
const MAX_LISTED_PROBLEMS = 10;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns whether `value` is a real calendar date written as YYYY-MM-DD. */
function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);

  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Returns the age in whole years on `day` (YYYY-MM-DD) of a person born on `birthDate`. */
export function ageOn(birthDate: string, day: string): number {
  const [birthYear, birthMonthDay] = [Number(birthDate.slice(0, 4)), birthDate.slice(5)];
  const [year, monthDay] = [Number(day.slice(0, 4)), day.slice(5)];

  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0);
}

/** Result of a register import: entries stored, or the rows at fault and nothing stored. */
export type RegisterImportResult = { imported: number; errors: BallotError[] };

/**
 * Replaces the voter register of a process with the rows of a census CSV (header row with
 * `personal_id`, `birth_date` as YYYY-MM-DD, and `district`, which may be empty). Personal ids
 * are stored only as keyed hashes. Any invalid row rejects the whole file, so a register is
 * never half-replaced.
 */
export async function importVoterRegister(
  em: EntityManager,
  process: BudgetProcess,
  csv: string,
  hashPerson: (personalId: string) => string,
): Promise<RegisterImportResult> {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    return { imported: 0, errors: [registerError(`The census file is not valid CSV: ${(error as Error).message}`)] };
  }
  const header = records.length > 0 ? Object.keys(records[0]!) : [];
  const missing = REGISTER_COLUMNS.filter((column) => !header.includes(column));
  if (records.length === 0 || missing.length > 0) {
    return {
      imported: 0,
      errors: [
        registerError(
          `The census file needs a header row with ${REGISTER_COLUMNS.join(', ')} and at least one person; missing: ${missing.join(', ') || 'rows'}.`,
        ),
      ],
    };
  }

  const problems: string[] = [];
  const byHash = new Map<string, { birthDate: string; district: string | null }>();
  records.forEach((record, index) => {
    // Line numbers count the header as line 1.
    const line = index + 2;
    const personalId = record.personal_id ?? '';
    const birthDate = record.birth_date ?? '';
    if (personalId === '') {
      problems.push(`line ${line}: personal_id is empty`);
    } else if (!isCalendarDate(birthDate)) {
      problems.push(`line ${line}: birth_date "${birthDate}" is not a date in YYYY-MM-DD form`);
    } else {
      const personHash = hashPerson(personalId);
      if (byHash.has(personHash)) {
        problems.push(`line ${line}: the personal_id appears earlier in the file`);
      }
      byHash.set(personHash, { birthDate, district: record.district || null });
    }
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
    const more = problems.length > MAX_LISTED_PROBLEMS ? ` and ${problems.length - MAX_LISTED_PROBLEMS} more` : '';

    return { imported: 0, errors: [registerError(`Fix these rows and import the file again: ${listed}${more}.`)] };
  }

  const rows = [...byHash].map(([personHash, entry]) => ({ process: process.id, personHash, ...entry }));
  await em.transactional(async (tx) => {
    await tx.nativeDelete(VoterRegisterEntry, { process: process.id });
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      await tx.insertMany(VoterRegisterEntry, rows.slice(start, start + CHUNK_ROWS));
    }
    await tx.nativeUpdate(BudgetProcess, { id: process.id }, { registerSize: rows.length });
    await appendScopedAudit(tx, {
      action: 'voter_register.imported',
      subjectType: 'budget_process',
      subjectId: process.id,
      details: { rows: rows.length },
    });
  });
  process.registerSize = rows.length;

  return { imported: rows.length, errors: [] };
}

function registerError(message: string): BallotError {
  return { code: 'INVALID_REGISTER', message, field: ['csv'] };
}

/**
 * Checks that the voter behind `personHash` may vote in `edition` of `process`: listed in the
 * register, old enough on `today` (YYYY-MM-DD, UTC), and resident in the edition's district
 * when it has one. Returns null when eligible or when the process has no register.
 */
export async function eligibilityProblem(
  em: EntityManager,
  process: BudgetProcess,
  edition: BudgetEdition,
  personHash: string,
  today: string,
): Promise<BallotError | null> {
  if (process.registerSize === 0) {
    return null;
  }
  const entry = await em.findOne(VoterRegisterEntry, { process: process.id, personHash });
  if (!entry) {
    return {
      code: 'NOT_IN_REGISTER',
      message: `The voter is not in the voter register of "${process.name}": check the personal id or ask the city to add the voter.`,
      field: ['voterId'],
    };
  }
  const minimumAge = process.minimumAge;
  if (minimumAge != null && ageOn(entry.birthDate, today) < minimumAge) {
    return {
      code: 'UNDER_MINIMUM_AGE',
      message: `Voters in "${process.name}" must be at least ${minimumAge} years old on the voting day (${today}); this voter is ${ageOn(entry.birthDate, today)}.`,
      field: ['voterId'],
    };
  }
  if (edition.subunit && entry.district !== edition.subunit) {
    return {
      code: 'WRONG_DISTRICT',
      message: `Only residents of ${edition.subunit} vote in "${edition.name}", but the register lists this voter in ${entry.district ?? 'no district'}: vote in that district's budget.`,
      field: ['voterId'],
    };
  }

  return null;
}
