import type { EntityManager } from '@mikro-orm/core';
import { latLngToCell } from 'h3-js';
import { ServiceCase } from './case.entity';
import { CaseQueryError } from './case.errors';
import { caseConditions, caseQuery } from './case-query';
import type { CaseFilter } from './case-filter.input';
import type { CaseHeatmap, GeoExtent } from './case-stats.types';

/** Finest H3 resolution served, so that no cell is much smaller than a city block. */
export const MAX_HEATMAP_RESOLUTION = 10;

/** Steps per degree of the grid the heatmap extent is rounded to: 0.01° is about 1 km of latitude. */
export const EXTENT_STEPS_PER_DEGREE = 100;

type LocatedRow = { latitude: number; longitude: number };

function extentOf(rows: readonly LocatedRow[]): GeoExtent | null {
  if (rows.length === 0) {
    return null;
  }
  const extent = { minLatitude: 90, minLongitude: 180, maxLatitude: -90, maxLongitude: -180 };
  for (const { latitude, longitude } of rows) {
    extent.minLatitude = Math.min(extent.minLatitude, latitude);
    extent.maxLatitude = Math.max(extent.maxLatitude, latitude);
    extent.minLongitude = Math.min(extent.minLongitude, longitude);
    extent.maxLongitude = Math.max(extent.maxLongitude, longitude);
  }

  // Rounded outwards to the grid, so the corners never reveal the exact position of an
  // outlying case whose cell is suppressed.
  const down = (value: number) => Math.floor(value * EXTENT_STEPS_PER_DEGREE) / EXTENT_STEPS_PER_DEGREE;
  const up = (value: number) => Math.ceil(value * EXTENT_STEPS_PER_DEGREE) / EXTENT_STEPS_PER_DEGREE;

  return {
    minLatitude: Math.max(-90, down(extent.minLatitude)),
    minLongitude: Math.max(-180, down(extent.minLongitude)),
    maxLatitude: Math.min(90, up(extent.maxLatitude)),
    maxLongitude: Math.min(180, up(extent.maxLongitude)),
  };
}

/**
 * Counts the located cases matching `filter` per H3 cell at `resolution`. Cells with fewer
 * than `minCount` cases are left out and only counted in `suppressedCells`/`suppressedCases`,
 * because a cell that small can point at one household.
 */
export async function caseHeatmap(
  em: EntityManager,
  resolution: number,
  filter: CaseFilter | null | undefined,
  minCount: number,
): Promise<CaseHeatmap> {
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > MAX_HEATMAP_RESOLUTION) {
    throw new CaseQueryError(
      `resolution ${resolution} is not supported: pass a whole number from 0 to ${MAX_HEATMAP_RESOLUTION}.`,
    );
  }
  const conditions = caseConditions(filter);

  // NOTE: the located rows are read into memory and binned here. A much larger data set would
  // want the cell index stored per case and grouped in SQL.
  const totalCases = await em.count(ServiceCase, conditions);
  const rows = await caseQuery(em)
    .select(['c.latitude', 'c.longitude'])
    .where({ $and: [conditions, { latitude: { $ne: null } }, { longitude: { $ne: null } }] })
    .execute<LocatedRow[]>('all', false);

  const cellCounts = new Map<string, number>();
  for (const { latitude, longitude } of rows) {
    const cell = latLngToCell(latitude, longitude, resolution);
    cellCounts.set(cell, (cellCounts.get(cell) ?? 0) + 1);
  }

  const heatmap: CaseHeatmap = {
    resolution,
    cells: [],
    totalCases,
    casesWithoutLocation: totalCases - rows.length,
    suppressedCells: 0,
    suppressedCases: 0,
    minCount,
    extent: extentOf(rows),
  };
  for (const [h3Index, count] of cellCounts) {
    if (count < minCount) {
      heatmap.suppressedCells += 1;
      heatmap.suppressedCases += count;
    } else {
      heatmap.cells.push({ h3Index, count });
    }
  }
  heatmap.cells.sort((a, b) => b.count - a.count || a.h3Index.localeCompare(b.h3Index));

  return heatmap;
}
