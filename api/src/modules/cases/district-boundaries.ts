import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { codeFromName } from './reference.service';

/** Maximum number of districts in one boundary import. */
export const MAX_BOUNDARY_FEATURES = 500;

/** Maximum number of positions over all rings of one district. */
export const MAX_BOUNDARY_POSITIONS = 100_000;

/** One district's boundary, validated. */
export type DistrictBoundary = { code: string; name: string; geometry: Polygon | MultiPolygon };

const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,119}$/;

function isPosition(value: unknown): value is Position {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Math.abs(value[0]) <= 180 &&
    Math.abs(value[1]) <= 90
  );
}

/** Returns why a linear ring is invalid, or null. A ring has 4 or more positions and is closed. */
function ringProblem(ring: unknown): string | null {
  if (!Array.isArray(ring) || ring.length < 4) {
    return 'each ring needs at least 4 positions';
  }
  if (!ring.every(isPosition)) {
    return 'each position must be [longitude, latitude] in degrees, longitude from -180 to 180 and latitude from -90 to 90';
  }
  const first = ring[0] as Position;
  const last = ring.at(-1) as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return 'each ring must end with its first position';
  }

  return null;
}

function polygonProblem(rings: unknown): string | null {
  if (!Array.isArray(rings) || rings.length === 0) {
    return 'a polygon needs at least one ring';
  }
  for (const ring of rings) {
    const problem = ringProblem(ring);
    if (problem) {
      return problem;
    }
  }

  return null;
}

function tooManyPositions(): string {
  return `a boundary may have at most ${MAX_BOUNDARY_POSITIONS} positions: simplify it first`;
}

function geometryProblem(geometry: unknown): string | null {
  const candidate = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!candidate || (candidate.type !== 'Polygon' && candidate.type !== 'MultiPolygon')) {
    return 'geometry must be a Polygon or a MultiPolygon';
  }
  if (candidate.type === 'Polygon') {
    const problem = polygonProblem(candidate.coordinates);
    const positions = problem ? 0 : (candidate.coordinates as Position[][]).flat().length;

    return problem ?? (positions > MAX_BOUNDARY_POSITIONS ? tooManyPositions() : null);
  }
  if (!Array.isArray(candidate.coordinates) || candidate.coordinates.length === 0) {
    return 'a MultiPolygon needs at least one polygon';
  }
  for (const polygon of candidate.coordinates) {
    const problem = polygonProblem(polygon);
    if (problem) {
      return problem;
    }
  }
  const positions = (candidate.coordinates as Position[][][]).flat(2).length;
  if (positions > MAX_BOUNDARY_POSITIONS) {
    return tooManyPositions();
  }

  return null;
}

function featureError(index: number, message: string, ...path: string[]): UserError {
  return userError('INVALID_BOUNDARY', `Feature ${index}: ${message}.`, [
    'input',
    'featureCollection',
    'features',
    String(index),
    ...path,
  ]);
}

/**
 * Validates a GeoJSON FeatureCollection of district boundaries. Each feature needs a Polygon or
 * MultiPolygon geometry and a `name` property; its `code` property, or a code derived from the
 * name, identifies the district. Returns the boundaries, or every problem found.
 */
export function parseDistrictBoundaries(input: unknown): {
  boundaries: DistrictBoundary[];
  errors: UserError[];
} {
  const collection = input as Partial<FeatureCollection> | null;
  if (
    !collection ||
    collection.type !== 'FeatureCollection' ||
    !Array.isArray(collection.features)
  ) {
    return {
      boundaries: [],
      errors: [
        userError(
          'INVALID_FEATURE_COLLECTION',
          'featureCollection is not a GeoJSON FeatureCollection: pass an object with "type": "FeatureCollection" and a "features" array.',
          ['input', 'featureCollection'],
        ),
      ],
    };
  }
  const features = collection.features as unknown[];
  if (features.length === 0 || features.length > MAX_BOUNDARY_FEATURES) {
    return {
      boundaries: [],
      errors: [
        userError(
          'INVALID_FEATURE_COLLECTION',
          `featureCollection has ${features.length} features: pass 1 to ${MAX_BOUNDARY_FEATURES} districts.`,
          ['input', 'featureCollection', 'features'],
        ),
      ],
    };
  }

  const errors: UserError[] = [];
  const boundaries: DistrictBoundary[] = [];
  const seen = new Map<string, number>();
  features.forEach((raw, index) => {
    const feature = raw as Partial<Feature> | null;
    if (!feature || feature.type !== 'Feature') {
      errors.push(featureError(index, 'is not a GeoJSON Feature'));

      return;
    }
    const properties = (feature.properties ?? {}) as Record<string, unknown>;
    const name = typeof properties.name === 'string' ? properties.name.trim() : '';
    if (name === '' || name.length > 200) {
      errors.push(
        featureError(
          index,
          'properties.name must be the district name, 1 to 200 characters',
          'properties',
          'name',
        ),
      );

      return;
    }
    const code = typeof properties.code === 'string' ? properties.code : codeFromName(name);
    if (!CODE_PATTERN.test(code)) {
      errors.push(
        featureError(
          index,
          `properties.code ${JSON.stringify(code)} is invalid: use lower-case letters, digits and hyphens`,
          'properties',
          'code',
        ),
      );

      return;
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      errors.push(
        featureError(
          index,
          `district code ${code} is used by feature ${earlier} too: give each district its own code`,
          'properties',
          'code',
        ),
      );

      return;
    }
    seen.set(code, index);
    const problem = geometryProblem(feature.geometry);
    if (problem) {
      errors.push(featureError(index, problem, 'geometry'));

      return;
    }
    boundaries.push({ code, name, geometry: feature.geometry as Polygon | MultiPolygon });
  });

  return { boundaries: errors.length > 0 ? [] : boundaries, errors };
}
