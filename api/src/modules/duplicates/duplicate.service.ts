import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import distance from '@turf/distance';
import { point } from '@turf/helpers';
import { CASE_STATUSES, isOpenStatus, type CaseSnapshot } from '@ratusz/shared';
import { distance as editDistance } from 'fastest-levenshtein';
import { hashIdentifier } from '../../platform/identity';
import type { EventBus } from '../../platform/pubsub';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { ServiceCase } from '../cases/case.entity';
import { caseErrors, isCaseModuleId } from '../cases/case.errors';
import { caseSnapshot, PUBLIC_COORDINATE_DECIMALS } from '../cases/case.mapper';
import { CASE_RELATIONS } from '../cases/case.service';
import { loadCase } from '../cases/case-lifecycle.service';
import { appendTimeline, lockCases } from '../cases/case-timeline.service';
import { CaseSupport } from './case-support.entity';

/** Statuses in which a case can still receive duplicates and "me too" support. */
export const OPEN_STATUSES = CASE_STATUSES.filter((status) => isOpenStatus(status));

/** Maximum number of nearby open cases compared by text for one report, newest first. */
const MAX_DUPLICATE_CANDIDATES = 500;

/** Weight of text similarity in the ranking score; distance closeness gets the rest. */
const TEXT_WEIGHT = 0.7;

/** Metres per degree of latitude, used only for the bounding box of the candidate query. */
const METRES_PER_DEGREE = 111_320;

/** Step, in metres, to which distances from public coordinates are rounded. */
export const PUBLIC_DISTANCE_STEP_METERS = 10;

/**
 * Largest difference, in degrees, between a stored coordinate and its public rounding. The
 * candidate query widens its bounding box by this much, so every case whose public position
 * lies within the radius is found.
 */
const PUBLIC_ROUNDING_DEGREES = 0.5 * 10 ** -PUBLIC_COORDINATE_DECIMALS;

const SUPPORT_NAMESPACE = 'case-support';

/** A report being filed, compared against open cases. */
export type DuplicateQuery = {
  categoryId: string;
  latitude: number;
  longitude: number;
  description?: string | null;
};

/** An open case that may report the same problem, with public fields only. */
export type DuplicateSuggestion = {
  case: CaseSnapshot;
  /**
   * Metres from the report: exact and rounded to 1 m for a case the caller may read, otherwise
   * measured to the case's public coordinates and rounded to `PUBLIC_DISTANCE_STEP_METERS`.
   */
  distanceMeters: number;
  /**
   * Similarity of the two descriptions between 0 and 1, and 0 when either is missing. Null for
   * a case whose description the caller may not read.
   */
  textSimilarity: number | null;
  /** Ranking score between 0 and 1; higher is more likely the same problem. */
  score: number;
};

/**
 * Decides whether the caller may get values computed from a candidate's private fields: its
 * description and exact coordinates.
 */
export type PrivateFieldAccess = (candidate: ServiceCase) => boolean;

/** Lower-cases, trims and collapses whitespace so that layout does not affect similarity. */
function normalizeText(text: string): string {
  return text.toLocaleLowerCase('pl').replace(/\s+/g, ' ').trim();
}

/** Returns 1 minus the Levenshtein distance divided by the longer length, between 0 and 1. */
export function textSimilarity(left: string | null | undefined, right: string | null | undefined): number {
  const a = normalizeText(left ?? '');
  const b = normalizeText(right ?? '');
  const longer = Math.max(a.length, b.length);
  if (a.length === 0 || b.length === 0) {
    return 0;
  }

  return 1 - editDistance(a, b) / longer;
}

/**
 * Finds open cases of the same category within `radiusMeters` of the report, best first. For a
 * case that `mayUsePrivateFields` accepts, the score weighs description similarity against the
 * exact distance. Any other case is measured to its rounded public coordinates, rounded again to
 * `PUBLIC_DISTANCE_STEP_METERS`, and gets no text similarity, so whether it is listed, its values
 * and its place depend on no private field of it. Exact values would let chosen reports recover
 * a description character by character, or a location to within centimetres. The descriptions
 * are never returned.
 */
export async function suggestDuplicates(
  em: EntityManager,
  query: DuplicateQuery,
  radiusMeters: number,
  mayUsePrivateFields: PrivateFieldAccess = () => false,
  maxCandidates = MAX_DUPLICATE_CANDIDATES,
): Promise<DuplicateSuggestion[]> {
  if (!isCaseModuleId(query.categoryId)) {
    return [];
  }
  const latitudeSpan = radiusMeters / METRES_PER_DEGREE + PUBLIC_ROUNDING_DEGREES;
  const cosine = Math.max(Math.cos((query.latitude * Math.PI) / 180), 0.01);
  const longitudeSpan = radiusMeters / (METRES_PER_DEGREE * cosine) + PUBLIC_ROUNDING_DEGREES;
  // The newest `maxCandidates` cases inside the box are compared. The box's edges lie
  // on the edges of the public rounding cells, so whether a case is inside, and so which cases
  // make the cut, depends on its public position only.
  const [latitudeFrom, latitudeBelow] = wholeCells(query.latitude, latitudeSpan);
  const [longitudeFrom, longitudeBelow] = wholeCells(query.longitude, longitudeSpan);
  const candidates = await em.find(
    ServiceCase,
    {
      category: query.categoryId,
      status: { $in: OPEN_STATUSES },
      latitude: { $gte: latitudeFrom, $lt: latitudeBelow },
      longitude: { $gte: longitudeFrom, $lt: longitudeBelow },
    },
    {
      populate: [...CASE_RELATIONS, 'description'],
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: maxCandidates,
    },
  );
  const origin = point([query.longitude, query.latitude]);
  const suggestions: DuplicateSuggestion[] = [];
  for (const candidate of candidates) {
    const suggestion = mayUsePrivateFields(candidate)
      ? privateSuggestion(origin, query, candidate, radiusMeters)
      : publicSuggestion(origin, candidate, radiusMeters);
    if (suggestion) {
      suggestions.push(suggestion);
    }
  }
  suggestions.sort((left, right) => right.score - left.score || left.distanceMeters - right.distanceMeters);

  return suggestions;
}

type Origin = ReturnType<typeof point>;

/**
 * Returns the range [from, below) made of the whole public rounding cells that the cells of
 * `center - span` and `center + span` and every cell between them cover. A coordinate is in
 * the range exactly when its rounded public value is, because `publicCoordinate` rounds each
 * cell [(k - 0.5) / f, (k + 0.5) / f) to k / f.
 */
function wholeCells(center: number, span: number): [number, number] {
  const factor = 10 ** PUBLIC_COORDINATE_DECIMALS;
  const first = Math.round((center - span) * factor);
  const last = Math.round((center + span) * factor);

  return [(first - 0.5) / factor, (last + 0.5) / factor];
}

/** Scores a case the caller may read by its description and exact position; null outside the radius. */
function privateSuggestion(
  origin: Origin,
  query: DuplicateQuery,
  candidate: ServiceCase,
  radiusMeters: number,
): DuplicateSuggestion | null {
  const metres = distance(origin, point([candidate.longitude!, candidate.latitude!]), { units: 'meters' });
  if (metres > radiusMeters) {
    return null;
  }
  const similarity = textSimilarity(query.description, candidate.description);
  const closeness = 1 - metres / radiusMeters;

  return {
    case: caseSnapshot(candidate),
    distanceMeters: Math.round(metres),
    textSimilarity: similarity,
    score: TEXT_WEIGHT * similarity + (1 - TEXT_WEIGHT) * closeness,
  };
}

/**
 * Scores a case from its public snapshot alone, by the distance to its rounded coordinates,
 * rounded to `PUBLIC_DISTANCE_STEP_METERS`. Null outside the radius.
 */
function publicSuggestion(origin: Origin, candidate: ServiceCase, radiusMeters: number): DuplicateSuggestion | null {
  const snapshot = caseSnapshot(candidate);
  const metres = distance(origin, point([snapshot.longitude!, snapshot.latitude!]), { units: 'meters' });
  if (metres > radiusMeters) {
    return null;
  }
  const rounded = Math.round(metres / PUBLIC_DISTANCE_STEP_METERS) * PUBLIC_DISTANCE_STEP_METERS;

  const closeness = Math.max(0, 1 - rounded / radiusMeters);

  // Text similarity counts as 0, so cases the caller may read keep their place by text.
  return { case: snapshot, distanceMeters: rounded, textSimilarity: null, score: (1 - TEXT_WEIGHT) * closeness };
}

/** Derives the stored hash of a supporting resident's account id. */
export function supporterHash(hashKey: string, accountId: string): string {
  return hashIdentifier(hashKey, SUPPORT_NAMESPACE, accountId);
}

/** Dependencies of the writing operations below. */
export type DuplicateServiceContext = { em: EntityManager; events: EventBus; hashKey: string };

/** Result of `supportCase` and `mergeCases`. */
export type DuplicateMutationResult = { case: CaseSnapshot | null; errors: UserError[] };

/**
 * Records one resident's "me too" on an open case. A second support by the same resident
 * returns ALREADY_SUPPORTED; the unique (case, resident) index decides between concurrent ones.
 */
export async function supportCase(
  context: DuplicateServiceContext,
  accountId: string,
  caseId: string,
  now = new Date(),
): Promise<DuplicateMutationResult> {
  const residentHash = supporterHash(context.hashKey, accountId);
  try {
    return await context.em.transactional(async (tx): Promise<DuplicateMutationResult> => {
      // Waits for a merge of this case, so no support lands on it after its supporters moved.
      await lockCases(tx, [caseId]);
      const entity = await loadCase(tx, caseId);
      if (!entity) {
        return { case: null, errors: [caseErrors.notFound('case', caseId, 'caseId')] };
      }
      if (!isOpenStatus(entity.status)) {
        return { case: null, errors: [duplicateErrors.caseNotOpen(entity, 'caseId')] };
      }
      tx.create(CaseSupport, { serviceCase: entity, residentHash, createdAt: now });
      await tx.flush();

      return { case: caseSnapshot(entity), errors: [] };
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      return { case: null, errors: [duplicateErrors.alreadySupported(caseId)] };
    }
    throw error;
  }
}

/**
 * Closes `duplicateId` as DUPLICATE of `masterId`, copies its supporters to the master and adds
 * a MERGED entry to both timelines, all in one transaction. The duplicate must be open, and
 * both cases must share a jurisdiction.
 */
export async function mergeCases(
  context: DuplicateServiceContext,
  input: { masterId: string; duplicateId: string },
  now = new Date(),
): Promise<DuplicateMutationResult> {
  const outcome = await context.em.transactional(async (tx) => {
    await lockCases(tx, [input.masterId, input.duplicateId]);
    const master = await loadCase(tx, input.masterId);
    const duplicate = await loadCase(tx, input.duplicateId);
    const errors = mergeErrors(input, master, duplicate);
    if (errors.length > 0 || !master || !duplicate) {
      return { master: null, duplicate: null, errors };
    }
    const from = duplicate.status;
    duplicate.status = 'CLOSED';
    duplicate.closeReason = 'DUPLICATE';
    duplicate.duplicateOf = master;
    duplicate.closedAt = now;
    duplicate.resolvedAt = now;
    duplicate.clockPausedAt = null;
    duplicate.respondedAt ??= now;
    duplicate.updatedAt = now;
    master.updatedAt = now;
    appendTimeline(tx, duplicate, now, {
      kind: 'MERGED',
      actor: 'STAFF',
      visibility: 'PUBLIC',
      fromStatus: from,
      toStatus: 'CLOSED',
      closeReason: 'DUPLICATE',
      note: `Merged into case ${master.number}.`,
    });
    appendTimeline(tx, master, now, {
      kind: 'MERGED',
      actor: 'STAFF',
      visibility: 'PUBLIC',
      note: `Case ${duplicate.number} was merged into this case.`,
    });
    await tx.flush();
    await moveSupporters(tx, duplicate.id, master.id);

    return { master, duplicate, errors: [] as UserError[] };
  });
  if (!outcome.master || !outcome.duplicate) {
    return { case: null, errors: outcome.errors };
  }
  const masterSnapshot = caseSnapshot(outcome.master);
  context.events.pubSub.publish('CASE_CHANGED', { kind: 'UPDATED', case: caseSnapshot(outcome.duplicate) });
  context.events.pubSub.publish('CASE_CHANGED', { kind: 'UPDATED', case: masterSnapshot });

  return { case: masterSnapshot, errors: [] };
}

function mergeErrors(
  input: { masterId: string; duplicateId: string },
  master: ServiceCase | null,
  duplicate: ServiceCase | null,
): UserError[] {
  const errors: UserError[] = [];
  if (!master) {
    errors.push(caseErrors.notFound('case', input.masterId, 'masterId'));
  }
  if (!duplicate) {
    errors.push(caseErrors.notFound('case', input.duplicateId, 'duplicateId'));
  }
  if (!master || !duplicate) {
    return errors;
  }
  if (master.id === duplicate.id) {
    errors.push(duplicateErrors.sameCase(master.id));
  }
  if (master.jurisdiction.id !== duplicate.jurisdiction.id) {
    errors.push(duplicateErrors.otherJurisdiction(master, duplicate));
  }
  if (!isOpenStatus(duplicate.status)) {
    errors.push(duplicateErrors.caseNotOpen(duplicate, 'duplicateId'));
  }
  if (master.status === 'CLOSED' && master.closeReason === 'DUPLICATE') {
    errors.push(duplicateErrors.masterIsDuplicate(master));
  }

  return errors;
}

/**
 * Copies the duplicate's supporters to the master, skipping residents who already support
 * the master, so each resident is still counted once.
 */
async function moveSupporters(tx: EntityManager, duplicateId: string, masterId: string): Promise<void> {
  const supports = await tx.find(CaseSupport, { serviceCase: duplicateId });
  const existing = await tx.find(CaseSupport, { serviceCase: masterId }, { fields: ['residentHash'] });
  const known = new Set(existing.map((support) => support.residentHash));
  for (const support of supports) {
    if (!known.has(support.residentHash)) {
      tx.create(CaseSupport, {
        serviceCase: tx.getReference(ServiceCase, masterId),
        residentHash: support.residentHash,
        createdAt: support.createdAt,
      });
      known.add(support.residentHash);
    }
  }
  await tx.flush();
}

/**
 * Counts the residents affected by a case: its reporter, the reporter of each case merged into
 * it, and each distinct supporter.
 * NOTE: cases do not record who reported them, so a reporter who also supports the case, or
 * who filed two merged duplicates, is counted twice.
 */
export async function countAffectedResidents(em: EntityManager, caseId: string): Promise<number> {
  const merged = await em.count(ServiceCase, { duplicateOf: caseId });
  const supporters = await em.count(CaseSupport, { serviceCase: caseId });

  return 1 + merged + supporters;
}

/** Builds the payload errors of this module, one factory per outcome. */
export const duplicateErrors = {
  caseNotOpen: (entity: ServiceCase, field: string): UserError =>
    userError(
      'CASE_NOT_OPEN',
      `Case ${entity.number} is ${entity.status}: only open cases accept support or can be merged; pick an open case.`,
      ['input', field],
    ),
  alreadySupported: (caseId: string): UserError =>
    userError(
      'ALREADY_SUPPORTED',
      `This account already supports case ${JSON.stringify(caseId)}: each resident supports a case once.`,
      ['input', 'caseId'],
    ),
  sameCase: (caseId: string): UserError =>
    userError(
      'SAME_CASE',
      `masterId and duplicateId are both ${JSON.stringify(caseId)}: pass two different cases.`,
      ['input', 'duplicateId'],
    ),
  otherJurisdiction: (master: ServiceCase, duplicate: ServiceCase): UserError =>
    userError(
      'OTHER_JURISDICTION',
      `Case ${duplicate.number} belongs to ${duplicate.jurisdiction.code} and master ${master.number} to ${master.jurisdiction.code}: merge cases of one jurisdiction.`,
      ['input', 'duplicateId'],
    ),
  masterIsDuplicate: (master: ServiceCase): UserError =>
    userError(
      'MASTER_IS_DUPLICATE',
      `Case ${master.number} is itself closed as a duplicate: merge into its master instead.`,
      ['input', 'masterId'],
    ),
};
