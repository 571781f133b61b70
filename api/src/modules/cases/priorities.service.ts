import type { EntityManager } from '@mikro-orm/core';
import {
  isOpenStatus,
  newestCreatedAt,
  PRIORITY_FORMULA,
  PRIORITY_HALF_LIFE_DAYS,
  rankPriorities,
  type CaseStatus,
  type PriorityCase,
} from '@ratusz/shared';
import { Category } from './category.entity';
import { CaseQueryError } from './case.errors';
import { scopedNode } from './case.mapper';
import { caseConditions, caseQuery } from './case-query';
import type { CaseFilter } from './case-filter.input';
import type { DistrictPriorities, PriorityRanking } from './case-stats.types';
import { District } from './district.entity';

/** Categories returned per district when the request omits `topPerDistrict`. */
export const DEFAULT_TOP_PER_DISTRICT = 5;

/** Largest `topPerDistrict` accepted. */
export const MAX_TOP_PER_DISTRICT = 100;

type PriorityRow = {
  category_id: string;
  category_name: string;
  district_id: string | null;
  status: CaseStatus;
  /** Epoch milliseconds on SQLite, a Date on PostgreSQL. */
  created_at: number | string | Date;
};

async function priorityCases(
  em: EntityManager,
  filter?: CaseFilter | null,
): Promise<PriorityCase[]> {
  // NOTE: every matching case is read and scored in memory by the shared pure function. A much
  // larger data set would want the sums computed in SQL.
  const rows = await caseQuery(em)
    .join('c.category', 'g')
    .select([
      'c.category_id',
      'g.name as category_name',
      'c.district_id',
      'c.status',
      'c.created_at',
    ])
    .where(caseConditions(filter))
    .execute<PriorityRow[]>('all', false);

  return rows.map((row) => ({
    districtKey: row.district_id,
    categoryKey: row.category_id,
    categoryName: row.category_name,
    open: isOpenStatus(row.status),
    createdAt: new Date(row.created_at),
  }));
}

/**
 * Ranks the categories of each district by `PRIORITY_FORMULA` over the cases matching
 * `filter`, measuring ages at `asOf` (by default the newest creation time in view, or now when
 * nothing matches).
 */
export async function priorities(
  em: EntityManager,
  filter: CaseFilter | null | undefined,
  asOf: Date | null | undefined,
  topPerDistrict: number,
  minCount = 1,
): Promise<PriorityRanking> {
  if (
    !Number.isInteger(topPerDistrict) ||
    topPerDistrict < 1 ||
    topPerDistrict > MAX_TOP_PER_DISTRICT
  ) {
    throw new CaseQueryError(
      `topPerDistrict ${topPerDistrict} is not supported: pass a whole number from 1 to ${MAX_TOP_PER_DISTRICT}.`,
    );
  }
  const cases = await priorityCases(em, filter);
  const at = asOf ?? newestCreatedAt(cases) ?? new Date();
  // A district's category with fewer than `minCount` cases is a small-area aggregate, so it is
  // left out before the top entries are taken, and the ranks are renumbered.
  const ranked = rankPriorities(cases, at, Number.MAX_SAFE_INTEGER)
    .map((district) => ({
      ...district,
      entries: district.entries
        .filter((entry) => entry.caseCount >= minCount)
        .slice(0, topPerDistrict)
        .map((entry, index) => ({ ...entry, rank: index + 1 })),
    }))
    .filter((district) => district.entries.length > 0);

  const categoryIds = [
    ...new Set(ranked.flatMap((d) => d.entries.map((entry) => entry.categoryKey))),
  ];
  const districtIds = ranked.flatMap((d) => (d.districtKey ? [d.districtKey] : []));
  const populate = { populate: ['jurisdiction'] as const, strategy: 'joined' as const };
  const categories = new Map(
    (await em.find(Category, { id: { $in: categoryIds } }, populate)).map((c) => [
      c.id,
      scopedNode(c),
    ]),
  );
  const districts = new Map(
    (await em.find(District, { id: { $in: districtIds } }, populate)).map((d) => [
      d.id,
      scopedNode(d),
    ]),
  );

  const result: DistrictPriorities[] = ranked.map((district) => ({
    district: district.districtKey ? (districts.get(district.districtKey) ?? null) : null,
    entries: district.entries.map(({ categoryKey, categoryName: _name, ...entry }) => ({
      ...entry,
      category: categories.get(categoryKey)!,
    })),
  }));
  // Districts by name, with the cases that have none at the end.
  result.sort((a, b) => {
    if (a.district && b.district) {
      return a.district.name.localeCompare(b.district.name);
    }

    return Number(a.district === null) - Number(b.district === null);
  });

  return {
    asOf: at,
    formula: PRIORITY_FORMULA,
    halfLifeDays: PRIORITY_HALF_LIFE_DAYS,
    minCount,
    districts: result,
  };
}
