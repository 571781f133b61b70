import type { EntityManager } from '@mikro-orm/core';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Category } from './category.entity';
import type { Department } from './department.entity';
import { District } from './district.entity';
import type { Jurisdiction } from './jurisdiction.entity';
import { RoutingRule } from './routing-rule.entity';

/**
 * Returns the first district whose boundary contains the point, or null when none does.
 * `districts` must be in code order with boundaries loaded, so overlapping boundaries give a
 * stable result.
 */
export function districtContaining(
  districts: readonly District[],
  latitude: number,
  longitude: number,
): District | null {
  return (
    districts.find(
      (district) =>
        district.boundary && booleanPointInPolygon([longitude, latitude], district.boundary),
    ) ?? null
  );
}

/**
 * Returns the district of `jurisdiction` whose boundary contains the point, or null when none
 * does. Districts are tried in code order, so overlapping boundaries give a stable result.
 */
export async function locateDistrict(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  latitude: number,
  longitude: number,
): Promise<District | null> {
  // NOTE: every boundary of the jurisdiction is read per located case. That suits a city's
  // few dozen districts; thousands of areas would want a spatial index.
  const districts = await em.find(
    District,
    { jurisdiction },
    { populate: ['boundary'], orderBy: { code: 'asc' } },
  );

  return districtContaining(districts, latitude, longitude);
}

/** Specificity of a matching rule: category and district beat category, which beats district. */
function specificity(rule: RoutingRule): number {
  return (rule.category ? 2 : 0) + (rule.district ? 1 : 0);
}

/**
 * Returns the most specific of `rules` that matches the category and district, or undefined.
 * A rule matches when each of its category and district is unset or equal to the case's.
 */
export function matchingRule(
  rules: readonly RoutingRule[],
  category: Category,
  district: District | null,
): RoutingRule | undefined {
  const matches = rules.filter(
    (rule) =>
      (!rule.category || rule.category.id === category.id) &&
      (!rule.district || rule.district.id === district?.id),
  );
  matches.sort((a, b) => specificity(b) - specificity(a));

  return matches[0];
}

/**
 * Returns the department that receives a new case: the most specific routing rule that
 * matches its category and district, otherwise the category's own department, otherwise null.
 */
export async function routeCase(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  category: Category,
  district: District | null,
): Promise<Department | null> {
  const rules = await em.find(
    RoutingRule,
    {
      jurisdiction,
      $and: [
        { $or: [{ category: category.id }, { category: null }] },
        district ? { $or: [{ district: district.id }, { district: null }] } : { district: null },
      ],
    },
    { populate: ['department'] },
  );
  const match = matchingRule(rules, category, district);
  if (match) {
    return match.department;
  }
  if (category.department) {
    await em.populate(category, ['department']);
  }

  return category.department ?? null;
}
