import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { CASE_STATUSES, extendedStatus, isOpenStatus, open311Status } from '@ratusz/shared';
import type { CaseStatus } from '@ratusz/shared';
import { ServiceCase } from '../cases/case.entity';
import { CaseTimelineEntry } from '../cases/case-timeline-entry.entity';
import type { TimelineEntryKind } from '../cases/case-timeline.enums';
import { Category } from '../cases/category.entity';
import { caseSnapshot, PUBLIC_COORDINATE_DECIMALS } from '../cases/case.mapper';
import type { Jurisdiction } from '../cases/jurisdiction.entity';
import type { Open311Value } from './open311.format';
import { bboxParam, dateWindow, listParam, pageParams, param, statusParam } from './open311.params';

/**
 * Builds the public Open311 form of a case. Only these fields are published: id, status,
 * service code and name, the request and update times, and coordinates rounded to three
 * decimals (about 110 m). The description, address text, media URL, the values given for
 * attributes and every submitter field stay private, because residents write personal details
 * into them.
 */
export function publicRequest(entity: ServiceCase): Record<string, Open311Value> {
  const snapshot = caseSnapshot(entity);
  const closed = open311Status(entity.status) === 'closed';

  return {
    service_request_id: entity.number,
    status: open311Status(entity.status),
    service_name: entity.category.name,
    service_code: entity.category.code,
    requested_datetime: snapshot.createdAt,
    // For closed requests Open311 defines updated_datetime as the closing time.
    updated_datetime: closed && snapshot.closedAt ? snapshot.closedAt : snapshot.updatedAt,
    lat: snapshot.latitude,
    long: snapshot.longitude,
  };
}

const OPEN_STATUSES = CASE_STATUSES.filter(isOpenStatus);
const CLOSED_STATUSES = CASE_STATUSES.filter((status) => !isOpenStatus(status));

const HALF_STEP = 0.5 / 10 ** PUBLIC_COORDINATE_DECIMALS;

/**
 * Bounds on a stored coordinate whose rounded public value lies in [min, max]. Filtering on
 * the exact value would let narrow boxes find coordinates more precise than the public ones.
 */
function roundedRange(min: number, max: number): { $gte: number; $lt: number } {
  const factor = 10 ** PUBLIC_COORDINATE_DECIMALS;

  return {
    $gte: Math.ceil(min * factor) / factor - HALF_STEP,
    $lt: Math.floor(max * factor) / factor + HALF_STEP,
  };
}

/** Removes LIKE wildcards, which SQLite and PostgreSQL escape differently. */
function withoutWildcards(value: string): string {
  return value.replace(/[\\%_]/g, ' ');
}

/** One page of `GET /requests` and the number of requests matching across all pages. */
export type RequestPage = { requests: Record<string, Open311Value>[]; total: number };

/**
 * Runs `GET /requests`. `service_request_id` overrides every other filter. Otherwise the
 * filters are service codes, the date window on `requested_datetime` (last 90 days by
 * default), status, `bbox` and `q` (a case-insensitive match on service name, service code or
 * request id). Newest first, at most 1000 per page.
 */
export async function findRequests(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  query: URLSearchParams,
  now: Date,
): Promise<RequestPage> {
  const ids = listParam(query, 'service_request_id');
  const { limit, offset } = pageParams(query);
  const where: FilterQuery<ServiceCase>[] = [{ jurisdiction }];
  if (ids) {
    where.push({ number: { $in: ids } });
  } else {
    const { start, end } = dateWindow(query, now);
    where.push({ createdAt: { $gte: start, $lte: end } });
    const codes = listParam(query, 'service_code');
    if (codes) {
      where.push({ category: { code: { $in: codes } } });
    }
    const statuses = statusParam(query);
    if (statuses && statuses.length === 1) {
      where.push({ status: { $in: statuses[0] === 'open' ? OPEN_STATUSES : CLOSED_STATUSES } });
    }
    const bbox = bboxParam(query);
    if (bbox) {
      where.push({
        latitude: roundedRange(bbox.minLat, bbox.maxLat),
        longitude: roundedRange(bbox.minLong, bbox.maxLong),
      });
    }
    const text = param(query, 'q')?.slice(0, 200).toLowerCase();
    if (text) {
      // A jurisdiction has tens of categories, so they are matched here: SQLite has no ILIKE.
      const categories = (await em.find(Category, { jurisdiction })).filter(
        (category) =>
          category.name.toLowerCase().includes(text) || category.code.toLowerCase().includes(text),
      );
      where.push({
        $or: [
          { category: { $in: categories.map((category) => category.id) } },
          // Request ids are upper case, and LIKE is case-sensitive in PostgreSQL.
          { number: { $like: `%${withoutWildcards(text).toUpperCase()}%` } },
        ],
      });
    }
  }
  const [entities, total] = await em.findAndCount(
    ServiceCase,
    { $and: where },
    {
      populate: ['category', 'jurisdiction'],
      orderBy: [{ createdAt: 'desc' }, { number: 'asc' }],
      limit,
      offset,
    },
  );

  return { requests: entities.map(publicRequest), total };
}

/** Returns one request by its public id, or null. */
export async function findRequest(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  id: string,
): Promise<Record<string, Open311Value> | null> {
  const entity = await em.findOne(
    ServiceCase,
    { jurisdiction, number: id },
    { populate: ['category', 'jurisdiction'] },
  );

  return entity ? publicRequest(entity) : null;
}

/** Timeline entries that are updates of a request: status changes and public notes. */
const UPDATE_KINDS: TimelineEntryKind[] = [
  'OPENED',
  'STATUS_CHANGED',
  'NOTE',
  'CONFIRMED',
  'REOPENED',
  'MERGED',
];

/**
 * Updates in the window: each public timeline entry of those kinds, plus the latest state of each
 * case without a timeline (cases written by the bulk importers), oldest first.
 */
const UPDATES_FROM = `from (
  select t.service_case_id as case_id, t.id as entry_id, t.created_at as at, t.position as position
  from case_timeline_entry t join service_case c on c.id = t.service_case_id
  where c.jurisdiction_id = ? and t.visibility = 'PUBLIC'
    and t.kind in (${UPDATE_KINDS.map(() => '?').join(', ')})
    and t.created_at >= ? and t.created_at <= ?
  union all
  select c.id as case_id, null as entry_id, c.updated_at as at, 0 as position
  from service_case c
  where c.jurisdiction_id = ? and c.timeline_length = 0
    and c.updated_at >= ? and c.updated_at <= ?
) updates`;

type UpdateRow = { case_id: string; entry_id: string | null };

/** Returns the status a case had after each of `entries`, from the status changes before it. */
async function statusesAfter(
  em: EntityManager,
  entries: CaseTimelineEntry[],
): Promise<Map<CaseTimelineEntry, CaseStatus>> {
  const statuses = new Map<CaseTimelineEntry, CaseStatus>();
  const withoutStatus = entries.filter((entry) => !entry.toStatus);
  for (const entry of entries) {
    if (entry.toStatus) {
      statuses.set(entry, entry.toStatus);
    }
  }
  if (withoutStatus.length === 0) {
    return statuses;
  }
  const changes = await em.find(
    CaseTimelineEntry,
    {
      serviceCase: { $in: [...new Set(withoutStatus.map((entry) => entry.serviceCase.id))] },
      toStatus: { $ne: null },
    },
    { fields: ['serviceCase', 'position', 'toStatus'], orderBy: { position: 'asc' } },
  );
  for (const entry of withoutStatus) {
    const earlier = changes.filter(
      (change) =>
        change.serviceCase.id === entry.serviceCase.id && change.position < entry.position,
    );
    statuses.set(entry, earlier.at(-1)?.toStatus ?? entry.serviceCase.status);
  }

  return statuses;
}

/**
 * Runs `GET /servicerequestupdates`: every status change and public note of the jurisdiction's
 * requests within the date window (last 90 days by default), oldest first, with the
 * FixMyStreet extended status in lower case. Cases written by the bulk importers have no
 * timeline, so each of them contributes its latest state once. The description is a note
 * written by staff; notes written by residents stay private, because they may name people.
 */
export async function findUpdates(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  query: URLSearchParams,
  now: Date,
): Promise<RequestPage> {
  const { start, end } = dateWindow(query, now);
  const { limit, offset } = pageParams(query);
  const platform = em.getPlatform();
  const from = platform.processDateProperty(start);
  const to = platform.processDateProperty(end);
  const params = [jurisdiction.id, ...UPDATE_KINDS, from, to, jurisdiction.id, from, to];
  const connection = em.getConnection();
  const rows: UpdateRow[] = await connection.execute(
    `select case_id, entry_id ${UPDATES_FROM}
     order by at asc, case_id asc, position asc limit ? offset ?`,
    [...params, limit, offset],
    'all',
    em.getTransactionContext(),
  );
  const counts: { total: number | string }[] = await connection.execute(
    `select count(*) as total ${UPDATES_FROM}`,
    params,
    'all',
    em.getTransactionContext(),
  );
  const entryIds = rows.flatMap((row) => (row.entry_id ? [row.entry_id] : []));
  const caseIds = rows.flatMap((row) => (row.entry_id ? [] : [row.case_id]));
  const [entries, cases] = await Promise.all([
    entryIds.length > 0
      ? em.find(CaseTimelineEntry, { id: { $in: entryIds } }, { populate: ['serviceCase'] })
      : [],
    caseIds.length > 0 ? em.find(ServiceCase, { id: { $in: caseIds } }) : [],
  ]);
  const statuses = await statusesAfter(em, entries);
  const entryById = new Map(entries.map((entry) => [entry.id, entry]));
  const caseById = new Map(cases.map((entity) => [entity.id, entity]));
  const updates = rows.map((row) => {
    if (row.entry_id) {
      const entry = entryById.get(row.entry_id)!;
      const byStaff = entry.actor !== 'RESIDENT';

      return {
        update_id: entry.id,
        service_request_id: entry.serviceCase.number,
        status: extendedStatus(statuses.get(entry)!).toLowerCase(),
        description: byStaff ? (entry.note ?? '') : '',
        updated_datetime: entry.createdAt.toISOString(),
        media_url: byStaff ? (entry.evidenceUrl ?? '') : '',
      };
    }
    const entity = caseById.get(row.case_id)!;

    return {
      update_id: `${entity.number}@${entity.updatedAt.getTime()}`,
      service_request_id: entity.number,
      status: extendedStatus(entity.status).toLowerCase(),
      description: '',
      updated_datetime: entity.updatedAt.toISOString(),
      media_url: '',
    };
  });

  return { requests: updates, total: Number(counts[0]?.total ?? 0) };
}
