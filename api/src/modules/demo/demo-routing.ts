import type { EntityManager } from '@mikro-orm/core';
import type { Polygon } from 'geojson';
import { ServiceCase } from '../cases/case.entity';
import { Category } from '../cases/category.entity';
import { Department } from '../cases/department.entity';
import { District } from '../cases/district.entity';
import type { Jurisdiction } from '../cases/jurisdiction.entity';
import { codeFromName } from '../cases/reference.service';
import { RoutingRule } from '../cases/routing-rule.entity';
import { routeCase } from '../cases/routing.service';
import { DEMO_CATEGORIES, DEMO_DISTRICTS } from './demo-city';

type DemoCategoryName = (typeof DEMO_CATEGORIES)[number]['name'];
type DemoDistrictName = (typeof DEMO_DISTRICTS)[number]['name'];

/** Departments of the demo city and the categories each receives by default. */
export const DEMO_DEPARTMENTS: readonly {
  name: string;
  categories: readonly DemoCategoryName[];
}[] = [
  {
    name: 'Demo Roads and Lighting',
    categories: ['Pothole', 'Broken street light', 'Blocked pavement'],
  },
  { name: 'Demo City Cleaning', categories: ['Illegal dumping', 'Overflowing bin', 'Graffiti'] },
  { name: 'Demo Parks and Greenery', categories: ['Fallen tree', 'Playground damage'] },
  { name: 'Demo Municipal Police', categories: ['Noise', 'Abandoned vehicle'] },
  { name: 'Demo Environmental Inspection', categories: [] },
  { name: 'Demo Heritage Conservation', categories: [] },
];

/** Rules that override the category's department in one district. */
export const DEMO_ROUTING_RULES: readonly {
  category: DemoCategoryName;
  district: DemoDistrictName;
  department: string;
}[] = [
  {
    category: 'Illegal dumping',
    district: 'Demo Industrial Park',
    department: 'Demo Environmental Inspection',
  },
  { category: 'Graffiti', district: 'Demo Old Town', department: 'Demo Heritage Conservation' },
];

/**
 * Deadline targets in working hours, and whether closing as fixed needs a photo. Urgent
 * nuisances get hours, repairs get days of 8 working hours.
 */
export const DEMO_SERVICE_LEVELS: Record<
  DemoCategoryName,
  { target: number; warning: number; evidence: boolean }
> = {
  Pothole: { target: 40, warning: 24, evidence: true },
  'Broken street light': { target: 24, warning: 16, evidence: false },
  'Illegal dumping': { target: 16, warning: 8, evidence: true },
  Graffiti: { target: 40, warning: 24, evidence: true },
  'Overflowing bin': { target: 8, warning: 4, evidence: false },
  Noise: { target: 4, warning: 2, evidence: false },
  'Fallen tree': { target: 8, warning: 4, evidence: false },
  'Blocked pavement': { target: 24, warning: 16, evidence: false },
  'Abandoned vehicle': { target: 80, warning: 40, evidence: false },
  'Playground damage': { target: 40, warning: 24, evidence: true },
};

/**
 * Returns the boundary of a demo district: a rectangle around its centre, `spread` degrees of
 * longitude and half that of latitude to each side, like the scatter of its generated cases.
 * The rectangles do not overlap.
 */
export function demoDistrictBoundary(district: (typeof DEMO_DISTRICTS)[number]): Polygon {
  const west = district.longitude - district.spread;
  const east = district.longitude + district.spread;
  const south = district.latitude - district.spread / 2;
  const north = district.latitude + district.spread / 2;

  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

/**
 * Adds the demo city's departments, district boundaries, category service levels and routing
 * rules, then puts its open cases into the queues the rules choose. Runs after the demo cases
 * are written, inside the seed's transaction.
 */
export async function seedDemoRouting(
  em: EntityManager,
  jurisdiction: Jurisdiction,
): Promise<void> {
  const departments = new Map(
    DEMO_DEPARTMENTS.map((item) => [
      item.name,
      em.create(Department, { jurisdiction, code: codeFromName(item.name), name: item.name }),
    ]),
  );
  const categories = new Map(
    (await em.find(Category, { jurisdiction })).map((item) => [item.name, item]),
  );
  const districts = new Map(
    (await em.find(District, { jurisdiction })).map((item) => [item.name, item]),
  );
  for (const department of DEMO_DEPARTMENTS) {
    for (const name of department.categories) {
      const category = categories.get(name)!;
      const level = DEMO_SERVICE_LEVELS[name];
      category.department = departments.get(department.name)!;
      category.targetHours = level.target;
      category.warningHours = level.warning;
      category.requiresFixEvidence = level.evidence;
    }
  }
  for (const district of DEMO_DISTRICTS) {
    districts.get(district.name)!.boundary = demoDistrictBoundary(district);
  }
  for (const rule of DEMO_ROUTING_RULES) {
    em.create(RoutingRule, {
      jurisdiction,
      category: categories.get(rule.category)!,
      district: districts.get(rule.district)!,
      department: departments.get(rule.department)!,
    });
  }
  await em.flush();

  for (const category of categories.values()) {
    for (const district of districts.values()) {
      const department = await routeCase(em, jurisdiction, category, district);
      await em.nativeUpdate(
        ServiceCase,
        { jurisdiction, category, district, status: { $nin: ['RESOLVED', 'CLOSED'] } },
        { department },
      );
    }
  }
}
