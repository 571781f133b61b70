import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { codeFromName } from './code-from-name';
import {
  describeOverlap,
  findOverlaps,
  MAX_OVERLAP_PERCENT,
  measureShape,
  overlapCheckFailure,
  partOverlapProblem,
  type OverlappingPair,
} from './boundary-overlaps';
import {
  antimeridianProblem,
  crossingProblem,
  degenerateProblem,
  holeProblem,
} from './ring-topology';

/** Maximum number of districts in one boundary import. */
export const MAX_BOUNDARY_FEATURES = 500;

/** Maximum number of positions over all rings of one district. */
export const MAX_BOUNDARY_POSITIONS = 100_000;

/** One district's boundary, validated. */
export type DistrictBoundary = { code: string; name: string; geometry: Polygon | MultiPolygon };

/** Feature properties that hold each district's name and code. */
export type BoundaryProperties = {
  /** Property with the display name; `name` when not given. */
  nameProperty?: string;
  /**
   * Property with the district code. When not given, a `code` property is used if present and
   * otherwise the code is derived from the name.
   */
  codeProperty?: string;
};

const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,119}$/;

/** Maximum length of the property names given as `nameProperty` and `codeProperty`. */
export const MAX_PROPERTY_NAME_LENGTH = 100;

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
  let polygons: Position[][][];
  if (candidate.type === 'Polygon') {
    const problem = polygonProblem(candidate.coordinates);
    if (problem) {
      return problem;
    }
    polygons = [candidate.coordinates as Position[][]];
  } else {
    if (!Array.isArray(candidate.coordinates) || candidate.coordinates.length === 0) {
      return 'a MultiPolygon needs at least one polygon';
    }
    for (const polygon of candidate.coordinates) {
      const problem = polygonProblem(polygon);
      if (problem) {
        return problem;
      }
    }
    polygons = candidate.coordinates as Position[][][];
  }
  if (polygons.flat(2).length > MAX_BOUNDARY_POSITIONS) {
    return tooManyPositions();
  }

  return (
    antimeridianProblem(polygons) ??
    degenerateProblem(polygons) ??
    crossingProblem(polygons) ??
    holeProblem(polygons) ??
    partOverlapProblem(polygons)
  );
}

function featureError(
  index: number,
  name: string | null,
  message: string,
  ...path: string[]
): UserError {
  const feature = name ? `Feature ${index} (${JSON.stringify(name)})` : `Feature ${index}`;

  return userError('INVALID_BOUNDARY', `${feature}: ${message}.`, [
    'input',
    'featureCollection',
    'features',
    String(index),
    ...path,
  ]);
}

function propertyNameErrors(properties: BoundaryProperties): UserError[] {
  return Object.entries(properties)
    .filter(
      ([, value]) =>
        value !== undefined && (value.length === 0 || value.length > MAX_PROPERTY_NAME_LENGTH),
    )
    .map(([option, value]) =>
      userError(
        'INVALID_PROPERTY_NAME',
        `${option} ${JSON.stringify(value)} is invalid: pass the name of a feature property, 1 to ${MAX_PROPERTY_NAME_LENGTH} characters.`,
        ['input', option],
      ),
    );
}

/** Returns a property as trimmed text: strings as they are and finite numbers in decimal. */
function propertyText(value: unknown): string {
  if (typeof value === 'string') {
    return value.trim();
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }

  return '';
}

/** A validated boundary with the index of its feature in the file. */
type IndexedBoundary = DistrictBoundary & { index: number };

function featureLabel({ index, name, code }: IndexedBoundary): string {
  return `feature ${index} (${JSON.stringify(name)}, code ${code})`;
}

/**
 * Returns an error for every two districts that overlap by more than the tolerance, reported on
 * the later feature. A point in such an overlap could be routed to either district.
 */
function districtOverlapErrors(boundaries: readonly IndexedBoundary[]): UserError[] {
  let pairs: OverlappingPair[];
  try {
    pairs = findOverlaps(boundaries.map((boundary) => measureShape(boundary.geometry)));
  } catch (error) {
    return [
      userError('INVALID_BOUNDARY', `The districts ${overlapCheckFailure(error)}.`, [
        'input',
        'featureCollection',
      ]),
    ];
  }

  return pairs.map(({ first, second, overlap }) => {
    const earlier = boundaries[first]!;
    const later = boundaries[second]!;

    return featureError(
      later.index,
      later.name,
      `district code ${later.code} overlaps ${featureLabel(earlier)} (${describeOverlap(overlap)} district): districts may share edges but may overlap by at most ${MAX_OVERLAP_PERCENT} of the smaller one, because a case in the overlap could be routed to either; remove the overlap from one of them, or import a set that overlaps this one (such as a whole-city outline) as another jurisdiction`,
      'geometry',
    );
  });
}

/**
 * Validates a GeoJSON FeatureCollection of district boundaries. Each feature needs a name in the
 * `nameProperty` property (`name` by default) and a Polygon or MultiPolygon geometry. Its rings
 * are closed, enclose an area and cross neither themselves nor the antimeridian. Its holes lie
 * inside their outer ring without overlapping each other, and its polygons do not overlap. No
 * two districts may overlap beyond `MAX_OVERLAP_FRACTION`. The `codeProperty` property, or else a `code`
 * property or a code derived from the name, identifies the district. Returns the boundaries, or
 * every problem found.
 */
export function parseDistrictBoundaries(
  input: unknown,
  { nameProperty = 'name', codeProperty }: BoundaryProperties = {},
): {
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

  const propertyErrors = propertyNameErrors({ nameProperty, codeProperty });
  if (propertyErrors.length > 0) {
    return { boundaries: [], errors: propertyErrors };
  }

  const errors: UserError[] = [];
  const boundaries: IndexedBoundary[] = [];
  const seen = new Map<string, number>();
  features.forEach((raw, index) => {
    const feature = raw as Partial<Feature> | null;
    if (!feature || feature.type !== 'Feature') {
      errors.push(featureError(index, null, 'is not a GeoJSON Feature'));

      return;
    }
    const properties = (feature.properties ?? {}) as Record<string, unknown>;
    const name = propertyText(properties[nameProperty]);
    if (name === '' || name.length > 200) {
      errors.push(
        featureError(
          index,
          null,
          `properties.${nameProperty} must be the district name, 1 to 200 characters; if another property holds the name, pass that property as the name property`,
          'properties',
          nameProperty,
        ),
      );

      return;
    }
    const codeKey = codeProperty ?? (properties.code === undefined ? null : 'code');
    const code =
      codeKey === null
        ? codeFromName(name).slice(0, 120).replace(/-+$/, '')
        : propertyText(properties[codeKey]).toLowerCase();
    if (codeKey !== null && !CODE_PATTERN.test(code)) {
      errors.push(
        featureError(
          index,
          name,
          `properties.${codeKey} ${JSON.stringify(properties[codeKey] ?? null)} is not a valid district code: use 1 to 120 letters, digits and hyphens, starting with a letter or digit`,
          'properties',
          codeKey,
        ),
      );

      return;
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      errors.push(
        featureError(
          index,
          name,
          `district code ${code} is used by feature ${earlier} too: give each district its own code`,
          'properties',
          codeKey ?? nameProperty,
        ),
      );

      return;
    }
    seen.set(code, index);
    const problem = geometryProblem(feature.geometry);
    if (problem) {
      errors.push(featureError(index, name, problem, 'geometry'));

      return;
    }
    boundaries.push({ index, code, name, geometry: feature.geometry as Polygon | MultiPolygon });
  });
  if (errors.length === 0) {
    errors.push(...districtOverlapErrors(boundaries));
  }
  if (errors.length > 0) {
    return { boundaries: [], errors };
  }

  return {
    boundaries: boundaries.map(({ code, name, geometry }) => ({ code, name, geometry })),
    errors,
  };
}
