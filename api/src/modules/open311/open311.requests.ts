import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { CASE_STATUSES, extendedStatus, isOpenStatus, open311Status } from '@ratusz/shared';
import { ServiceCase } from '../cases/case.entity';
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

/**
 * Runs `GET /servicerequestupdates`: the latest change of every request updated within the
 * date window (last 90 days by default), oldest first, with the FixMyStreet extended status in
 * lower case. NOTE: cases keep no status history yet, so each request contributes only its
 * latest update.
 */
export async function findUpdates(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  query: URLSearchParams,
  now: Date,
): Promise<RequestPage> {
  const { start, end } = dateWindow(query, now);
  const { limit, offset } = pageParams(query);
  const [entities, total] = await em.findAndCount(
    ServiceCase,
    { jurisdiction, updatedAt: { $gte: start, $lte: end } },
    { populate: ['category'], orderBy: [{ updatedAt: 'asc' }, { number: 'asc' }], limit, offset },
  );
  const updates = entities.map((entity) => ({
    update_id: `${entity.number}@${entity.updatedAt.getTime()}`,
    service_request_id: entity.number,
    status: extendedStatus(entity.status).toLowerCase(),
    description: '',
    updated_datetime: entity.updatedAt.toISOString(),
    media_url: '',
  }));

  return { requests: updates, total };
}
