import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { CaseChangedEvent, CaseSnapshot } from '@ratusz/shared';
import type { Logger } from 'pino';
import type { EventBus } from '../../platform/pubsub';
import {
  pageWindow,
  toConnection,
  type Connection,
  type ConnectionArgs,
} from '../../platform/graphql/connection';
import type { UserError } from '../../platform/graphql/user-error';
import { ServiceCase } from './case.entity';
import { caseErrors, isCaseModuleId, MAX_DESCRIPTION_LENGTH } from './case.errors';
import { caseSnapshot } from './case.mapper';
import { caseConditions } from './case-query';
import type { CaseFilter } from './case-filter.input';
import { Category } from './category.entity';
import { District } from './district.entity';
import type { OpenCaseInput } from './open-case.input';
import { deadlinesForNewCase } from './case-deadline.service';
import { newTimelineRow, type TimelineEntryData } from './case-timeline.service';
import { CaseTimelineEntry } from './case-timeline-entry.entity';
import { IntakeRows } from './intake-rows';
import { districtContaining, matchingRule } from './routing.service';
import { activeWebhooks, jurisdictionIntake, type JurisdictionIntake } from './intake-references';
import { referenceView, type ReferenceView } from '../../platform/reference-cache/reference-cache';
import { enqueueCaseEvent } from '../webhooks/webhook-outbox';
import { IntakeGroupCommit } from './intake-group-commit';

/**
 * Entity manager and event bus used by the case services, and the request's logger where the
 * caller has one.
 */
export type CaseServiceContext = { em: EntityManager; events: EventBus; logger?: Logger };

/** Outcome of a case mutation: the case after the change, or why nothing changed. */
export type CaseMutationResult = { case: CaseSnapshot | null; errors: UserError[] };

/** Relations every case read loads, because the snapshot embeds them. */
export const CASE_RELATIONS = ['jurisdiction', 'category', 'district', 'department'] as const;

function locationErrors(input: Pick<OpenCaseInput, 'latitude' | 'longitude'>): UserError[] {
  const { latitude, longitude } = input;
  if (latitude == null && longitude == null) {
    return [];
  }
  if (latitude == null) {
    return [caseErrors.incompleteLocation('latitude')];
  }
  if (longitude == null) {
    return [caseErrors.incompleteLocation('longitude')];
  }

  const errors: UserError[] = [];
  if (!(Math.abs(latitude) <= 90)) {
    errors.push(caseErrors.outOfRange('latitude', latitude, 90));
  }
  if (!(Math.abs(longitude) <= 180)) {
    errors.push(caseErrors.outOfRange('longitude', longitude, 180));
  }

  return errors;
}

/** Loads an entity by an id from client input, treating malformed ids as unknown. */
async function findById<T extends Category | District>(
  em: EntityManager,
  entity: new () => T,
  id: string,
): Promise<T | null> {
  return isCaseModuleId(id) ? ((await em.findOne(entity, { id } as never)) as T | null) : null;
}

type OpenCaseReferences = {
  intake: JurisdictionIntake;
  category: Category;
  district: District | null;
};

/**
 * Looks up the jurisdiction, category and district of the input in the cached intake
 * references. Ids that are not in the jurisdiction are looked up in the database only to tell
 * "not found" from "outside the jurisdiction" in the error.
 */
async function resolveReferences(
  em: EntityManager,
  view: ReferenceView,
  input: OpenCaseInput,
  errors: UserError[],
): Promise<OpenCaseReferences | null> {
  const intake = await jurisdictionIntake(view, input.jurisdictionId);
  if (!intake) {
    errors.push(caseErrors.notFound('jurisdiction', input.jurisdictionId, 'jurisdictionId'));
  }
  const category = intake?.categories.get(input.categoryId) ?? null;
  if (!category) {
    const stored = await findById(em, Category, input.categoryId);
    if (!stored) {
      errors.push(caseErrors.notFound('category', input.categoryId, 'categoryId'));
    } else if (intake) {
      errors.push(caseErrors.outsideJurisdiction('category', input.categoryId, 'categoryId'));
    }
  }
  let district: District | null = null;
  if (input.districtId) {
    district = intake?.districtsById.get(input.districtId) ?? null;
    if (!district) {
      const stored = await findById(em, District, input.districtId);
      if (!stored) {
        errors.push(caseErrors.notFound('district', input.districtId, 'districtId'));
      } else if (intake) {
        errors.push(caseErrors.outsideJurisdiction('district', input.districtId, 'districtId'));
      }
    } else if (district.retiredAt) {
      errors.push(caseErrors.districtRetired(input.districtId));
      district = null;
    }
  }

  return intake && category && errors.length === 0 ? { intake, category, district } : null;
}

/**
 * Issues `count` sequence numbers of a jurisdiction and year and returns the last one. One
 * upsert both creates and advances the counter. PostgreSQL locks the row until commit and SQLite
 * has one writer, so concurrent callers never share a number.
 */
async function issueSequence(
  em: EntityManager,
  jurisdictionId: string,
  year: number,
  count: number,
): Promise<number> {
  const rows = await (em as SqlEntityManager).execute<{ last_value: number | string }[]>(
    `insert into case_number_sequence (id, jurisdiction_id, year, last_value) values (?, ?, ?, ?)
     on conflict (jurisdiction_id, year) do update set last_value = case_number_sequence.last_value + ?
     returning last_value`,
    [randomUUID(), jurisdictionId, year, count, count],
  );

  return Number(rows[0]?.last_value);
}

/** Group commit of each ORM's intake, keyed by its driver (one per `MikroORM.init`). */
const groupCommits = new WeakMap<object, IntakeGroupCommit>();

function groupCommitOf(em: EntityManager): IntakeGroupCommit {
  const driver = em.getDriver();
  let groupCommit = groupCommits.get(driver);
  if (!groupCommit) {
    groupCommit = new IntakeGroupCommit(em.fork(), issueSequence);
    groupCommits.set(driver, groupCommit);
  }

  return groupCommit;
}

/** Formats a case number: upper-case jurisdiction code, year and a 6-digit sequence. */
export function newCaseNumber(jurisdictionCode: string, year: number, sequence: number): string {
  return `${jurisdictionCode.toUpperCase()}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Formats the number of an imported case from its id in the source system. */
export function importedCaseNumber(jurisdictionCode: string, externalId: string): string {
  return `${jurisdictionCode.toUpperCase()}-${externalId}`;
}

function publish(events: EventBus, kind: CaseChangedEvent['kind'], snapshot: CaseSnapshot): void {
  events.pubSub.publish('CASE_CHANGED', { kind, case: snapshot });
}

/** Options of `openCase`. */
export type OpenCaseOptions = {
  /** Reference cache view the caller already read for this request, to skip a second read. */
  view?: ReferenceView;
  /**
   * Adds rows that belong to the new case (such as its Open311 details) to `rows`, which the
   * transaction that inserts the case writes, so they commit or roll back together and the
   * case is announced only after both are stored. `created` is not a managed entity.
   */
  withinTransaction?: (tx: EntityManager, created: ServiceCase, rows: IntakeRows) => void | Promise<void>;
  /** Viewer id of the signed-in resident filing the case for themselves (`reporterAccountId`). */
  reporterAccountId?: string | null;
};

/**
 * Opens a case with the next number of its jurisdiction and year, writes its timeline and
 * webhook outbox rows in the same transaction, then announces it on CASE_CREATED. Outside a
 * caller's transaction that transaction may be shared with concurrent requests (see
 * `IntakeGroupCommit`). A located
 * case without a district gets the district whose boundary contains it, the routing rules
 * pick its department queue, and its category's targets set its deadlines. Invalid input
 * comes back as payload errors and writes nothing.
 *
 * The jurisdiction's categories, districts, routing rules and the active webhooks come from
 * the reference cache, which one version read per call keeps current (see `ReferenceCache`).
 */
export async function openCase(
  context: CaseServiceContext,
  input: OpenCaseInput,
  now = new Date(),
  options: OpenCaseOptions = {},
): Promise<CaseMutationResult> {
  const errors = locationErrors(input);
  if (input.description && input.description.length > MAX_DESCRIPTION_LENGTH) {
    errors.push(caseErrors.descriptionTooLong(input.description.length));
  }
  // PostgreSQL text cannot hold NUL, and other control characters are never typed by people.
  if (input.description && /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(input.description)) {
    errors.push(caseErrors.descriptionHasControlCharacters());
  }
  const view = options.view ?? (await referenceView(context.em));
  const references = await resolveReferences(context.em, view, input, errors);
  if (!references || errors.length > 0) {
    return { case: null, errors };
  }
  const { intake, category } = references;
  const { jurisdiction } = intake;
  const located =
    input.latitude != null && input.longitude != null
      ? districtContaining(intake.districts, input.latitude, input.longitude)
      : null;
  const district = references.district ?? located;
  const department =
    matchingRule(intake.rules, category, district)?.department ?? category.department ?? null;
  const webhooks = await activeWebhooks(view);
  const year = now.getUTCFullYear();

  const write = async (tx: EntityManager, sequence: number, rows: IntakeRows): Promise<ServiceCase> => {
    const id = randomUUID();
    const fields = {
      number: newCaseNumber(jurisdiction.code, year, sequence),
      status: 'NEW' as const,
      sourceStatus: null,
      channel: input.channel,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      reporterAccountId: options.reporterAccountId ?? null,
      ...deadlinesForNewCase(jurisdiction, category, now),
    };
    const timeline: TimelineEntryData[] = [
      { kind: 'OPENED', actor: 'RESIDENT', visibility: 'PUBLIC', toStatus: 'NEW' },
    ];
    if (department) {
      timeline.push({ kind: 'ASSIGNED', actor: 'SYSTEM', visibility: 'INTERNAL', departmentId: department.id });
    }
    // Relations are given by id: the cached references are shared between requests.
    rows.add(ServiceCase, {
      ...fields,
      id,
      jurisdiction: jurisdiction.id,
      category: category.id,
      district: district?.id ?? null,
      department: department?.id ?? null,
      timelineLength: timeline.length,
    });
    timeline.forEach((entry, index) => rows.add(CaseTimelineEntry, newTimelineRow(id, index + 1, now, entry)));
    const withReferences = { ...fields, id, jurisdiction, category, district, department } as ServiceCase;
    await enqueueCaseEvent(tx, 'CASE_CREATED', withReferences, null, now, webhooks, rows);
    await options.withinTransaction?.(tx, withReferences, rows);

    return withReferences;
  };
  // Inside a caller's transaction the case commits with the caller's rows. Otherwise it joins
  // the group commit, which shares one transaction among concurrent requests.
  const created = context.em.isInTransaction()
    ? await context.em.transactional(async (tx) => {
        const rows = new IntakeRows();
        const result = await write(tx, await issueSequence(tx, jurisdiction.id, year, 1), rows);
        await rows.store(tx);

        return result;
      })
    : await groupCommitOf(context.em).submit({
        jurisdictionId: jurisdiction.id,
        year,
        write,
        logger: context.logger,
      });
  const snapshot = caseSnapshot(created);
  publish(context.events, 'CREATED', snapshot);

  return { case: snapshot, errors: [] };
}

/** Returns one case, or null for an unknown or malformed id. */
export async function findCase(em: EntityManager, id: string): Promise<CaseSnapshot | null> {
  if (!isCaseModuleId(id)) {
    return null;
  }
  const entity = await em.findOne(
    ServiceCase,
    { id },
    { populate: CASE_RELATIONS, strategy: 'joined' },
  );

  return entity ? caseSnapshot(entity) : null;
}

/** Returns one page of the cases matching `where`, newest first. */
async function pageOfCases(
  em: EntityManager,
  where: FilterQuery<ServiceCase>,
  args: ConnectionArgs,
): Promise<Connection<CaseSnapshot>> {
  const window = pageWindow(args);
  const [entities, total] = await em.findAndCount(ServiceCase, where, {
    populate: CASE_RELATIONS,
    strategy: 'joined',
    orderBy: [{ createdAt: 'desc' }, { number: 'asc' }],
    limit: window.limit,
    offset: window.offset,
  });

  return toConnection(entities.map(caseSnapshot), window, total);
}

/** Returns one page of the cases that the signed-in resident `accountId` opened, newest first. */
export async function listReportedCases(
  em: EntityManager,
  accountId: string,
  args: ConnectionArgs,
): Promise<Connection<CaseSnapshot>> {
  return pageOfCases(em, { reporterAccountId: accountId }, args);
}

/** Returns one page of the cases matching `filter`, newest first. */
export async function listCases(
  em: EntityManager,
  filter: CaseFilter | null | undefined,
  args: ConnectionArgs,
): Promise<Connection<CaseSnapshot>> {
  return pageOfCases(em, caseConditions(filter), args);
}
