import { CsvError, parse } from 'csv-parse/sync';
import type { EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { VerificationLevel } from '@ratusz/shared';
import type { UserError } from '../../platform/graphql/user-error';
import { personIdProblem } from '../../platform/ids';
import {
  censusLocked,
  invalidCensus,
  invalidReferendumField,
  referendumNotFound,
  verificationLocked,
} from './referendum.errors';
import { Referendum, ReferendumEligibleVoter, ReferendumOption } from './referendum.entity';
import { findReferendum, referendumVoterHash, type ReferendumDeps } from './referendum.service';
import { appendScopedAudit } from '../../platform/audit/audit-subscriber';

/** Minimum number of options of a referendum. */
export const MIN_REFERENDUM_OPTIONS = 2;
/** Maximum number of options of a referendum. */
export const MAX_REFERENDUM_OPTIONS = 20;
/** Maximum option label length, in characters. */
export const MAX_OPTION_LABEL_LENGTH = 200;
/** Maximum district name length in the census, in characters (the column width). */
export const MAX_DISTRICT_LENGTH = 100;
/** Rows per multi-row insert; keeps every statement under SQLite's 32,766 bound parameters. */
const CHUNK_ROWS = 1_000;

/** Fields of a new referendum. */
export type NewReferendum = {
  question: string;
  description?: string | null;
  options: string[];
  opensAt: Date;
  closesAt: Date;
  quorumPercent: number;
};

/** Outcome of `createReferendum`. */
export type CreateReferendumOutcome =
  { ok: true; referendum: Referendum } | { ok: false; errors: UserError[] };

function newReferendumErrors(fields: NewReferendum): UserError[] {
  const errors: UserError[] = [];
  if (fields.question.trim().length === 0) {
    errors.push(
      invalidReferendumField(
        'question',
        'The question is empty: write the question voters answer.',
      ),
    );
  }
  const labels = fields.options.map((label) => label.trim());
  if (labels.length < MIN_REFERENDUM_OPTIONS || labels.length > MAX_REFERENDUM_OPTIONS) {
    errors.push(
      invalidReferendumField(
        'options',
        `${labels.length} options were given: pass from ${MIN_REFERENDUM_OPTIONS} to ${MAX_REFERENDUM_OPTIONS}.`,
      ),
    );
  }
  labels.forEach((label, index) => {
    if (label.length === 0 || label.length > MAX_OPTION_LABEL_LENGTH) {
      errors.push(
        invalidReferendumField(
          'options',
          `Option ${index + 1} has ${label.length} characters: labels need 1 to ${MAX_OPTION_LABEL_LENGTH}.`,
        ),
      );
    } else if (labels.indexOf(label) !== index) {
      errors.push(
        invalidReferendumField(
          'options',
          `Option ${JSON.stringify(label)} is listed twice: keep one.`,
        ),
      );
    }
  });
  if (!(fields.closesAt.getTime() > fields.opensAt.getTime())) {
    errors.push(
      invalidReferendumField(
        'closesAt',
        `closesAt ${fields.closesAt.toISOString()} is not after opensAt ${fields.opensAt.toISOString()}: move it later.`,
      ),
    );
  }
  if (
    !Number.isFinite(fields.quorumPercent) ||
    fields.quorumPercent < 0 ||
    fields.quorumPercent > 100
  ) {
    errors.push(
      invalidReferendumField(
        'quorumPercent',
        `The quorum ${fields.quorumPercent} is out of range: pass a percent from 0 to 100.`,
      ),
    );
  }

  return errors;
}

/** Validates and creates a referendum with its options in one transaction. */
export async function createReferendum(
  em: EntityManager,
  fields: NewReferendum,
): Promise<CreateReferendumOutcome> {
  const errors = newReferendumErrors(fields);
  if (errors.length > 0) {
    return { ok: false, errors };
  }

  const referendum = await em.transactional(async (tx) => {
    const created = tx.create(Referendum, {
      question: fields.question.trim(),
      description: fields.description ?? null,
      opensAt: fields.opensAt,
      closesAt: fields.closesAt,
      quorumPercent: fields.quorumPercent,
    });
    fields.options.forEach((label, position) => {
      tx.create(ReferendumOption, { referendum: created, label: label.trim(), position });
    });
    await tx.flush();

    return created;
  });

  return { ok: true, referendum };
}

/** A census row after validation: the personal id already hashed. */
type CensusEntry = { voterHash: string; district: string; line: number };

/** Outcome of `importCensus`. */
export type ImportCensusOutcome =
  | { ok: true; rows: number; added: number; eligibleVoters: number }
  | { ok: false; errors: UserError[] };

/** Maximum errors listed for one census file; later ones are not reported. */
const MAX_CENSUS_ERRORS = 20;

/**
 * Reads a census CSV with a header row naming at least the columns `voter_id` and `district`.
 * Returns the rows with the ids hashed, or every problem found (up to `MAX_CENSUS_ERRORS`).
 */
function parseCensus(csv: string, hash: (voterId: string) => string): CensusEntry[] | UserError[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    if (error instanceof CsvError) {
      return [invalidCensus(error.message)];
    }
    throw error;
  }
  const header = records[0]?.record;
  if (!header || !('voter_id' in header) || !('district' in header)) {
    return [invalidCensus('the header must name the columns voter_id and district')];
  }

  const errors: UserError[] = [];
  const districtOf = new Map<string, string>();
  const entries: CensusEntry[] = [];
  for (const { record, info } of records) {
    const voterId = record['voter_id'] ?? '';
    const district = record['district'] ?? '';
    const problem = personIdProblem(voterId);
    if (problem) {
      errors.push(invalidCensus(`voter_id ${problem}`, info.lines));
    } else if (district.length === 0 || district.length > MAX_DISTRICT_LENGTH) {
      errors.push(
        invalidCensus(`district needs 1 to ${MAX_DISTRICT_LENGTH} characters`, info.lines),
      );
    } else {
      const voterHash = hash(voterId);
      const earlier = districtOf.get(voterHash);
      if (earlier === undefined) {
        districtOf.set(voterHash, district);
        entries.push({ voterHash, district, line: info.lines });
      } else if (earlier !== district) {
        errors.push(
          invalidCensus('the voter_id is listed earlier with another district', info.lines),
        );
      }
    }
    if (errors.length >= MAX_CENSUS_ERRORS) {
      break;
    }
  }

  return errors.length > 0 ? errors : entries;
}

/**
 * Adds the voters of a census CSV to a referendum's eligibility list, all or nothing. Voters
 * already listed keep one entry and take the district of the new file. Rejected once voting
 * has opened, so the quorum base cannot change during the vote.
 */
// NOTE: the whole CSV arrives in one GraphQL request, so the HTTP body limit bounds the census
// size. A city-wide register needs a streaming command-line import.
export async function importCensus(
  deps: Pick<ReferendumDeps, 'em' | 'config'>,
  referendumId: string,
  csv: string,
  now: Date = new Date(),
): Promise<ImportCensusOutcome> {
  const referendum = await findReferendum(deps.em, referendumId);
  if (!referendum) {
    return { ok: false, errors: [referendumNotFound(referendumId)] };
  }
  if (now.getTime() >= referendum.opensAt.getTime()) {
    return { ok: false, errors: [censusLocked(referendum.opensAt)] };
  }
  const parsed = parseCensus(csv, (voterId) =>
    referendumVoterHash(deps.config.hashKey, referendum.id, voterId),
  );
  if (parsed.length > 0 && !('voterHash' in parsed[0]!)) {
    return { ok: false, errors: parsed as UserError[] };
  }
  const entries = parsed as CensusEntry[];

  return deps.em.transactional(async (tx) => {
    const before = await tx.count(ReferendumEligibleVoter, { referendum: referendum.id });
    await appendScopedAudit(tx, {
      action: 'referendum_census.imported',
      subjectType: 'referendum',
      subjectId: referendum.id,
      details: { rows: entries.length },
    });
    for (let start = 0; start < entries.length; start += CHUNK_ROWS) {
      await tx.upsertMany(
        ReferendumEligibleVoter,
        entries.slice(start, start + CHUNK_ROWS).map((entry) => ({
          id: randomUUID(),
          referendum: referendum.id,
          voterHash: entry.voterHash,
          district: entry.district,
        })),
        {
          onConflictFields: ['referendum', 'voterHash'],
          onConflictAction: 'merge',
          onConflictMergeFields: ['district'],
        },
      );
    }
    const eligibleVoters = await tx.count(ReferendumEligibleVoter, { referendum: referendum.id });

    return {
      ok: true as const,
      rows: entries.length,
      added: eligibleVoters - before,
      eligibleVoters,
    };
  });
}

/** Outcome of `setRequiredVerification`. */
export type SetRequiredVerificationOutcome =
  { ok: true; referendum: Referendum } | { ok: false; errors: UserError[] };

/**
 * Sets or clears the minimum verification level of a referendum's INTERNET votes. Only a
 * SCHEDULED referendum can change, so every vote is checked against the same rule.
 */
export async function setRequiredVerification(
  em: EntityManager,
  referendumId: string,
  level: VerificationLevel | null,
  now: Date = new Date(),
): Promise<SetRequiredVerificationOutcome> {
  const referendum = await findReferendum(em, referendumId);
  if (!referendum) {
    return { ok: false, errors: [referendumNotFound(referendumId)] };
  }
  if (now.getTime() >= referendum.opensAt.getTime()) {
    return { ok: false, errors: [verificationLocked(referendum.opensAt)] };
  }
  referendum.requiredVerification = level;
  await em.flush();

  return { ok: true, referendum };
}
