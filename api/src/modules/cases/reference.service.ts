import type { EntityManager } from '@mikro-orm/core';
import {
  pageWindow,
  toConnection,
  type Connection,
  type ConnectionArgs,
} from '../../platform/graphql/connection';
import { Category } from './category.entity';
import { assertIds } from './case.errors';
import type { Department } from './department.entity';
import { District } from './district.entity';
import { Jurisdiction } from './jurisdiction.entity';

// Kept here for its many importers; it lives apart so the boundary worker need not load the ORM.
export { codeFromName } from './code-from-name';

/** Returns the jurisdiction with `code`, creating it with `name` when it does not exist. */
export async function ensureJurisdiction(
  em: EntityManager,
  code: string,
  name: string,
): Promise<Jurisdiction> {
  const existing = await em.findOne(Jurisdiction, { code });

  return existing ?? em.create(Jurisdiction, { code, name });
}

/**
 * Returns the categories or districts of a jurisdiction by code, creating the missing ones.
 * `names` maps each code to the display name used when it is created.
 */
export async function ensureScoped<T extends typeof Category | typeof District>(
  em: EntityManager,
  entity: T,
  jurisdiction: Jurisdiction,
  names: ReadonlyMap<string, string>,
): Promise<Map<string, InstanceType<T>>> {
  const found = (await em.find(entity as typeof Category, { jurisdiction })) as InstanceType<T>[];
  const byCode = new Map(found.map((item) => [item.code, item]));
  for (const [code, name] of names) {
    if (!byCode.has(code)) {
      byCode.set(
        code,
        em.create(entity as typeof Category, { jurisdiction, code, name }) as InstanceType<T>,
      );
    }
  }

  return byCode;
}

/** Returns one page of jurisdictions in code order. */
export async function listJurisdictions(
  em: EntityManager,
  args: ConnectionArgs,
): Promise<Connection<Jurisdiction>> {
  const window = pageWindow(args);
  const [items, total] = await em.findAndCount(
    Jurisdiction,
    {},
    { orderBy: { code: 'asc' }, limit: window.limit, offset: window.offset },
  );

  return toConnection(items, window, total);
}

/** Returns one page of categories, districts or departments in name order, optionally of one jurisdiction. */
export async function listScoped<T extends typeof Category | typeof District | typeof Department>(
  em: EntityManager,
  entity: T,
  jurisdictionId: string | null | undefined,
  args: ConnectionArgs,
): Promise<Connection<InstanceType<T>>> {
  const window = pageWindow(args);
  if (jurisdictionId) {
    assertIds('jurisdictionId', [jurisdictionId]);
  }
  const [items, total] = await em.findAndCount(
    entity as typeof Category,
    jurisdictionId ? { jurisdiction: jurisdictionId } : {},
    {
      populate: ['jurisdiction'],
      strategy: 'joined',
      orderBy: [{ name: 'asc' }, { code: 'asc' }],
      limit: window.limit,
      offset: window.offset,
    },
  );

  return toConnection(items as InstanceType<T>[], window, total);
}
