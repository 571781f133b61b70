import type { DistrictPriorities, PriorityEntry, PriorityRanking } from './types';

/** One bar of a district's priority chart. */
export type PriorityChartRow = { label: string; score: number; rank: number };

/** Orders a string the way people read codes: "2" before "10", case-insensitively. */
const byNaturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Orders districts by name for display, with the group of cases without a district last so the
 * named districts are read first.
 */
export function sortDistricts(districts: DistrictPriorities[]): DistrictPriorities[] {
  return [...districts].sort((left, right) => {
    if (!left.district && !right.district) {
      return 0;
    }
    if (!left.district) {
      return 1;
    }
    if (!right.district) {
      return -1;
    }

    return byNaturalOrder.compare(left.district.name, right.district.name);
  });
}

/** Orders one district's entries by rank, the API's order, whatever order they arrived in. */
export function sortEntries(entries: PriorityEntry[]): PriorityEntry[] {
  return [...entries].sort((left, right) => left.rank - right.rank);
}

/** Builds the bars of one district's chart, best rank first. */
export function priorityChartRows(entries: PriorityEntry[]): PriorityChartRow[] {
  return sortEntries(entries).map((entry) => ({
    label: entry.category.name,
    score: entry.score,
    rank: entry.rank,
  }));
}

/**
 * Returns the highest score in the whole ranking, so every district's chart shares one scale
 * and bars can be compared across districts. Returns 0 for an empty ranking.
 */
export function maxScore(ranking: Pick<PriorityRanking, 'districts'>): number {
  return ranking.districts.reduce(
    (max, district) => district.entries.reduce((inner, entry) => Math.max(inner, entry.score), max),
    0,
  );
}

/** Returns a stable key for a district group; the group without a district is "none". */
export function districtKey(group: DistrictPriorities): string {
  return group.district?.id ?? 'none';
}
