import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { PostgreSqlPlatform, type EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { ServiceCase } from './case.entity';
import { assertIds } from './case.errors';
import type { CaseFilter } from './case-filter.input';

/**
 * Translates a `CaseFilter` into MikroORM conditions, shared by the list, the counts, the
 * heatmap and the priorities so that they always agree on which cases are in view.
 */
export function caseConditions(filter?: CaseFilter | null): FilterQuery<ServiceCase> {
  const conditions: FilterQuery<ServiceCase> & Record<string, unknown> = {};
  if (!filter) {
    return conditions;
  }

  if (filter.jurisdictionId) {
    assertIds('jurisdictionId', [filter.jurisdictionId]);
    conditions.jurisdiction = filter.jurisdictionId;
  }
  if (filter.categoryIds) {
    assertIds('categoryIds', filter.categoryIds);
    conditions.category = { $in: filter.categoryIds };
  }
  if (filter.districtIds) {
    assertIds('districtIds', filter.districtIds);
    conditions.district = { $in: filter.districtIds };
  }
  if (filter.departmentIds) {
    assertIds('departmentIds', filter.departmentIds);
    conditions.department = { $in: filter.departmentIds };
  }
  if (filter.statuses) {
    conditions.status = { $in: filter.statuses };
  }
  if (filter.channels) {
    conditions.channel = { $in: filter.channels };
  }
  if (filter.createdFrom || filter.createdTo) {
    conditions.createdAt = {
      ...(filter.createdFrom ? { $gte: filter.createdFrom } : {}),
      ...(filter.createdTo ? { $lt: filter.createdTo } : {}),
    };
  }

  return conditions;
}

/** Returns a query builder over cases. Both supported drivers share the knex-based manager. */
export function caseQuery(em: EntityManager, alias = 'c') {
  return (em as SqlEntityManager).createQueryBuilder(ServiceCase, alias);
}

/** Returns the database engine behind `em`, for the few SQL expressions that differ. */
export function engineOf(em: EntityManager): 'postgresql' | 'sqlite' {
  return em.getPlatform() instanceof PostgreSqlPlatform ? 'postgresql' : 'sqlite';
}
