import type { EntityManager } from '@mikro-orm/core';
import { raw } from '@mikro-orm/core';
import type { CaseCountDimension } from './case.enums';
import { caseConditions, caseQuery, engineOf } from './case-query';
import type { CaseFilter } from './case-filter.input';
import type { CaseCount } from './case-stats.types';

/** Key of the DISTRICT group for cases without a district. */
export const NO_DISTRICT_KEY = 'none';

type GroupRow = {
  bucket_key: string | null;
  bucket_label: string | null;
  bucket_count: number | string;
};

/** Returns SQL for the UTC month of creation as YYYY-MM. SQLite stores datetimes as epoch milliseconds. */
function monthExpression(engine: 'postgresql' | 'sqlite'): string {
  return engine === 'postgresql'
    ? `to_char(c.created_at at time zone 'UTC', 'YYYY-MM')`
    : `strftime('%Y-%m', c.created_at / 1000, 'unixepoch')`;
}

/** Turns an enum value such as MOBILE_APP into a label such as "Mobile app". */
function labelOf(value: string): string {
  const words = value.toLowerCase().replace(/_/g, ' ');

  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Selects one group's key and label expressions with its count, and groups by both. */
function bucketColumns(key: string, label: string) {
  return {
    select: [
      raw(`${key} as bucket_key`),
      raw(`${label} as bucket_label`),
      raw('count(*) as bucket_count'),
    ],
    groupBy: key === label ? [raw(key)] : [raw(key), raw(label)],
  };
}

async function groupRows(
  em: EntityManager,
  by: CaseCountDimension,
  filter?: CaseFilter | null,
): Promise<GroupRow[]> {
  const query = caseQuery(em).where(caseConditions(filter));
  let columns: ReturnType<typeof bucketColumns>;
  switch (by) {
    case 'CATEGORY':
      query.join('c.category', 'g');
      columns = bucketColumns('g.id', 'g.name');
      break;
    case 'DISTRICT':
      query.leftJoin('c.district', 'g');
      columns = bucketColumns('g.id', 'g.name');
      break;
    case 'STATUS':
      columns = bucketColumns('c.status', 'c.status');
      break;
    case 'CHANNEL':
      columns = bucketColumns('c.channel', 'c.channel');
      break;
    case 'MONTH': {
      const month = monthExpression(engineOf(em));
      columns = bucketColumns(month, month);
      break;
    }
  }
  query.select(columns.select).groupBy(columns.groupBy);

  return query.execute<GroupRow[]>('all', false);
}

function toCount(
  by: CaseCountDimension,
  row: GroupRow,
  minCount: number,
  smallArea: boolean,
): CaseCount {
  const count = Number(row.bucket_count);
  const key = row.bucket_key ?? NO_DISTRICT_KEY;
  const label = row.bucket_label ?? 'No district';
  const enumLabel = by === 'STATUS' || by === 'CHANNEL';
  const suppressed = smallArea && count < minCount;

  return {
    key,
    label: enumLabel ? labelOf(label) : label,
    count: suppressed ? null : count,
    suppressed,
  };
}

/** Orders months by time; other groups by count (withheld ones last), then label. */
function compareCounts(by: CaseCountDimension) {
  return (a: CaseCount, b: CaseCount): number => {
    if (by === 'MONTH') {
      return a.key.localeCompare(b.key);
    }

    return (
      (b.count ?? -1) - (a.count ?? -1) ||
      a.label.localeCompare(b.label) ||
      a.key.localeCompare(b.key)
    );
  };
}

/**
 * Counts the cases matching `filter` per group in one GROUP BY query. Groups of a small area
 * with fewer than `minCount` cases are withheld because they can identify residents: every
 * DISTRICT group, and every group at all when the filter narrows to districts. City-wide
 * groupings are published in full.
 */
export async function caseCounts(
  em: EntityManager,
  by: CaseCountDimension,
  filter: CaseFilter | null | undefined,
  minCount: number,
): Promise<CaseCount[]> {
  const rows = await groupRows(em, by, filter);

  const smallArea = by === 'DISTRICT' || (filter?.districtIds?.length ?? 0) > 0;

  return rows.map((row) => toCount(by, row, minCount, smallArea)).sort(compareCounts(by));
}
