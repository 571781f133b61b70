import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { CaseChangedEvent, CaseSnapshot } from '@ratusz/shared';
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
import { Jurisdiction } from './jurisdiction.entity';
import type { OpenCaseInput } from './open-case.input';
import { deadlinesForNewCase } from './case-deadline.service';
import { appendTimeline } from './case-timeline.service';
import { locateDistrict, routeCase } from './routing.service';
import { enqueueCaseEvent } from '../webhooks/webhook-outbox';

/** Entity manager and event bus used by the case services. */
export type CaseServiceContext = { em: EntityManager; events: EventBus };

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
async function findById<T extends Jurisdiction | Category | District>(
  em: EntityManager,
  entity: new () => T,
  id: string,
): Promise<T | null> {
  return isCaseModuleId(id) ? ((await em.findOne(entity, { id } as never)) as T | null) : null;
}

type OpenCaseReferences = {
  jurisdiction: Jurisdiction;
  category: Category;
  district: District | null;
};

async function resolveReferences(
  em: EntityManager,
  input: OpenCaseInput,
  errors: UserError[],
): Promise<OpenCaseReferences | null> {
  const jurisdiction = await findById(em, Jurisdiction, input.jurisdictionId);
  const category = await findById(em, Category, input.categoryId);
  const district = input.districtId ? await findById(em, District, input.districtId) : null;

  if (!jurisdiction) {
    errors.push(caseErrors.notFound('jurisdiction', input.jurisdictionId, 'jurisdictionId'));
  }
  if (!category) {
    errors.push(caseErrors.notFound('category', input.categoryId, 'categoryId'));
  } else if (jurisdiction && category.jurisdiction.id !== jurisdiction.id) {
    errors.push(caseErrors.outsideJurisdiction('category', input.categoryId, 'categoryId'));
  }
  if (input.districtId && !district) {
    errors.push(caseErrors.notFound('district', input.districtId, 'districtId'));
  } else if (district && jurisdiction && district.jurisdiction.id !== jurisdiction.id) {
    errors.push(caseErrors.outsideJurisdiction('district', input.districtId ?? '', 'districtId'));
  }

  return jurisdiction && category && errors.length === 0
    ? { jurisdiction, category, district }
    : null;
}

/**
 * Issues the next sequence number of a jurisdiction and year. One upsert both creates and
 * increments the counter; PostgreSQL locks the row until commit and SQLite has one writer, so
 * concurrent callers never share a number.
 */
async function nextSequence(
  em: EntityManager,
  jurisdictionId: string,
  year: number,
): Promise<number> {
  const rows = await (em as SqlEntityManager).execute<{ last_value: number | string }[]>(
    `insert into case_number_sequence (id, jurisdiction_id, year, last_value) values (?, ?, ?, 1)
     on conflict (jurisdiction_id, year) do update set last_value = case_number_sequence.last_value + 1
     returning last_value`,
    [randomUUID(), jurisdictionId, year],
  );

  return Number(rows[0]?.last_value);
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

/**
 * Opens a case with the next number of its jurisdiction and year, writes its webhook outbox
 * rows in the same transaction, then announces it on CASE_CHANGED. A located case without a district gets the district whose boundary contains
 * it, the routing rules pick its department queue, and its category's targets set its
 * deadlines. Invalid input comes back as payload errors and writes nothing.
 */
export async function openCase(
  context: CaseServiceContext,
  input: OpenCaseInput,
  now = new Date(),
): Promise<CaseMutationResult> {
  const errors = locationErrors(input);
  if (input.description && input.description.length > MAX_DESCRIPTION_LENGTH) {
    errors.push(caseErrors.descriptionTooLong(input.description.length));
  }
  // PostgreSQL text cannot hold NUL, and other control characters are never typed by people.
  if (input.description && /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(input.description)) {
    errors.push(caseErrors.descriptionHasControlCharacters());
  }
  const references = await resolveReferences(context.em, input, errors);
  if (!references || errors.length > 0) {
    return { case: null, errors };
  }

  const created = await context.em.transactional(async (tx) => {
    const year = now.getUTCFullYear();
    const sequence = await nextSequence(tx, references.jurisdiction.id, year);
    const { jurisdiction, category } = references;
    const located =
      input.latitude != null && input.longitude != null
        ? await locateDistrict(tx, jurisdiction, input.latitude, input.longitude)
        : null;
    const district = references.district ?? located;
    const department = await routeCase(tx, jurisdiction, category, district);

    const entity = tx.create(ServiceCase, {
      number: newCaseNumber(jurisdiction.code, year, sequence),
      jurisdiction,
      category,
      district,
      department,
      status: 'NEW',
      sourceStatus: null,
      channel: input.channel,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      ...deadlinesForNewCase(jurisdiction, category, now),
    });
    appendTimeline(tx, entity, now, { kind: 'OPENED', actor: 'RESIDENT', visibility: 'PUBLIC', toStatus: 'NEW' });
    if (department) {
      appendTimeline(tx, entity, now, {
        kind: 'ASSIGNED',
        actor: 'SYSTEM',
        visibility: 'INTERNAL',
        departmentId: department.id,
      });
    }
    await enqueueCaseEvent(tx, 'CASE_CREATED', entity, null, now);

    return entity;
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

/** Returns one page of the cases matching `filter`, newest first. */
export async function listCases(
  em: EntityManager,
  filter: CaseFilter | null | undefined,
  args: ConnectionArgs,
): Promise<Connection<CaseSnapshot>> {
  const window = pageWindow(args);
  const [entities, total] = await em.findAndCount(ServiceCase, caseConditions(filter), {
    populate: CASE_RELATIONS,
    strategy: 'joined',
    orderBy: [{ createdAt: 'desc' }, { number: 'asc' }],
    limit: window.limit,
    offset: window.offset,
  });

  return toConnection(entities.map(caseSnapshot), window, total);
}
