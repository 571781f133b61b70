import type { CaseChannel, CaseStatus } from '@ratusz/shared';
import type { ServiceRequestRecord } from '../cases/import/service-request.record';
import { createRandom } from './random';

/** Jurisdiction of the generated city. Every name in it is marked as demo data. */
export const DEMO_JURISDICTION = { code: 'demo', name: 'Demo City (generated data)' };

/** Seed of the generator; changing it changes every generated value. */
export const DEMO_SEED = 20_261_204;

/** Districts with a centre and a spread in degrees; the city is placed on open fields. */
export const DEMO_DISTRICTS = [
  { name: 'Demo Old Town', latitude: 52.0, longitude: 19.0, spread: 0.008 },
  { name: 'Demo Riverside', latitude: 52.012, longitude: 19.025, spread: 0.01 },
  { name: 'Demo North Estate', latitude: 52.03, longitude: 18.995, spread: 0.012 },
  { name: 'Demo Industrial Park', latitude: 51.985, longitude: 19.03, spread: 0.012 },
  { name: 'Demo Garden Suburb', latitude: 51.99, longitude: 18.965, spread: 0.014 },
  { name: 'Demo University Quarter', latitude: 52.008, longitude: 18.97, spread: 0.008 },
] as const;

/** Categories with their share of requests and the days a case typically stays open. */
export const DEMO_CATEGORIES = [
  { name: 'Pothole', weight: 20, meanDaysOpen: 12 },
  { name: 'Broken street light', weight: 14, meanDaysOpen: 5 },
  { name: 'Illegal dumping', weight: 12, meanDaysOpen: 4 },
  { name: 'Graffiti', weight: 10, meanDaysOpen: 8 },
  { name: 'Overflowing bin', weight: 10, meanDaysOpen: 2 },
  { name: 'Noise', weight: 9, meanDaysOpen: 3 },
  { name: 'Fallen tree', weight: 5, meanDaysOpen: 6 },
  { name: 'Blocked pavement', weight: 8, meanDaysOpen: 7 },
  { name: 'Abandoned vehicle', weight: 6, meanDaysOpen: 20 },
  { name: 'Playground damage', weight: 6, meanDaysOpen: 15 },
] as const;

const CHANNELS: readonly (readonly [CaseChannel, number])[] = [
  ['PHONE', 35],
  ['WEB', 30],
  ['MOBILE_APP', 25],
  ['EMAIL', 7],
  ['OPEN311', 3],
];

/** Number of demo cases spread over the `DEMO_DAYS` before the anchor date. */
export const DEMO_CASE_COUNT = 3000;
export const DEMO_DAYS = 180;

const DAY_MS = 86_400_000;

/**
 * Generates the demo city's cases as import records. The same `anchor` (the end of the period)
 * always gives the same records; district skews make each district's ranking differ.
 */
export function generateDemoCases(anchor: Date, count = DEMO_CASE_COUNT): ServiceRequestRecord[] {
  const random = createRandom(DEMO_SEED);
  const records: ServiceRequestRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const districtIndex = random.integer(0, DEMO_DISTRICTS.length - 1);
    const district = DEMO_DISTRICTS[districtIndex]!;
    // Each district leans towards two categories, so the priority pages differ by district.
    const category = random.weighted(
      DEMO_CATEGORIES.map((item, categoryIndex) => {
        const favoured = categoryIndex % DEMO_DISTRICTS.length === districtIndex || categoryIndex === districtIndex + 3;

        return [item, item.weight * (favoured ? 3 : 1)] as const;
      }),
    );
    // More requests in recent weeks: ages follow an exponential distribution, capped at the period.
    const ageDays = Math.min(DEMO_DAYS - 1, -Math.log(1 - random.next()) * 45);
    const createdAt = new Date(anchor.getTime() - Math.round(ageDays * DAY_MS));
    const daysOpen = -Math.log(1 - random.next()) * category.meanDaysOpen;
    const closed = daysOpen < ageDays;
    const status: CaseStatus = closed
      ? 'CLOSED'
      : random.weighted<CaseStatus>([
          ['NEW', 3],
          ['ACKNOWLEDGED', 3],
          ['IN_PROGRESS', 3],
          ['ACTION_SCHEDULED', 1],
        ]);
    const closedAt = closed ? new Date(createdAt.getTime() + Math.round(daysOpen * DAY_MS)) : undefined;
    records.push({
      line: index + 1,
      externalId: `G${String(index + 1).padStart(6, '0')}`,
      category: category.name,
      sourceStatus: status,
      status,
      district: district.name,
      latitude: Number(random.normal(district.latitude, district.spread / 2).toFixed(6)),
      longitude: Number(random.normal(district.longitude, district.spread).toFixed(6)),
      createdAt,
      updatedAt: closedAt ?? createdAt,
      closedAt,
      channel: random.weighted(CHANNELS),
    });
  }

  return records;
}
