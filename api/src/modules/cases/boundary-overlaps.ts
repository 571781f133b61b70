import { area } from '@turf/area';
import { bboxClip } from '@turf/bbox-clip';
import { feature, featureCollection } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { boundsOf, boundsOverlap, type Bounds } from './ring-topology';

/**
 * Largest overlap accepted between two districts of one file, or between two polygons of one
 * MultiPolygon, as a fraction of the smaller one's area. Shared edges are digitised twice in
 * city files, which leaves slivers along them: in the SF311 neighbourhoods file (117 districts)
 * the largest is 0.08 % of the smaller district, in the Los Angeles council districts 0.006 %.
 */
export const MAX_OVERLAP_FRACTION = 0.001;

/** A polygon or multipolygon with the figures the overlap test reuses for every pair. */
export type MeasuredShape = {
  geometry: Polygon | MultiPolygon;
  bounds: Bounds;
  /** Geodesic area in square metres (@turf/area). */
  area: number;
};

/** An overlap above the tolerance: its area in square metres and its share of the smaller shape. */
export type Overlap = { area: number; fraction: number };

/** Measures the bounding box and area of a geometry whose rings passed the ring checks. */
export function measureShape(geometry: Polygon | MultiPolygon): MeasuredShape {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const outer = polygons.map((rings) => boundsOf(rings[0]!));
  const bounds: Bounds = [
    Math.min(...outer.map((box) => box[0])),
    Math.min(...outer.map((box) => box[1])),
    Math.max(...outer.map((box) => box[2])),
    Math.max(...outer.map((box) => box[3])),
  ];

  return { geometry, bounds, area: area(geometry) };
}

/**
 * Clips a geometry to a box and drops the rings and polygons that clipping emptied, or returns
 * null when nothing is left.
 */
function clipToBox(geometry: Polygon | MultiPolygon, box: Bounds): MultiPolygon | null {
  const clipped = bboxClip(geometry, box).geometry;
  // Clipping a polygon never gives lines, but the library's return type allows them.
  if (clipped.type !== 'Polygon' && clipped.type !== 'MultiPolygon') {
    return null;
  }
  const polygons = clipped.type === 'Polygon' ? [clipped.coordinates] : clipped.coordinates;
  const nonEmpty = polygons
    .filter((rings) => (rings[0]?.length ?? 0) >= 4)
    .map((rings) => rings.filter((ring) => ring.length >= 4));

  return nonEmpty.length > 0 ? { type: 'MultiPolygon', coordinates: nonEmpty } : null;
}

/**
 * Returns the overlap of two shapes when it is larger than `MAX_OVERLAP_FRACTION` of the smaller
 * one, or null. Shapes that only share edges or points have no overlap. Throws when
 * polyclip-ts (behind @turf/intersect) fails on the input.
 */
export function overlapBeyondTolerance(a: MeasuredShape, b: MeasuredShape): Overlap | null {
  if (!boundsOverlap(a.bounds, b.bounds)) {
    return null;
  }
  // Any overlap lies inside both bounding boxes. Clipping both shapes to that box first leaves
  // polyclip-ts only the edges near the shared border. In one run on the 2-core development
  // machine this cut the check of NYC's 71 community districts from about 16 s to about 2 s.
  const box: Bounds = [
    Math.max(a.bounds[0], b.bounds[0]),
    Math.max(a.bounds[1], b.bounds[1]),
    Math.min(a.bounds[2], b.bounds[2]),
    Math.min(a.bounds[3], b.bounds[3]),
  ];
  const first = clipToBox(a.geometry, box);
  const second = clipToBox(b.geometry, box);
  if (!first || !second) {
    return null;
  }
  const common = intersect(featureCollection([feature(first), feature(second)]));
  const overlapArea = common ? area(common) : 0;
  const fraction = overlapArea / Math.min(a.area, b.area);

  return fraction > MAX_OVERLAP_FRACTION ? { area: overlapArea, fraction } : null;
}

/** Formats an overlap for an error message, such as "8.11 km², 35.5 % of the smaller". */
export function describeOverlap({ area: squareMetres, fraction }: Overlap): string {
  const size =
    squareMetres >= 1_000_000
      ? `${(squareMetres / 1_000_000).toFixed(2)} km²`
      : `${Math.round(squareMetres)} m²`;

  return `${size}, ${Number((fraction * 100).toPrecision(3))} % of the smaller`;
}

/** The tolerance as a percentage, for error messages. */
export const MAX_OVERLAP_PERCENT = `${MAX_OVERLAP_FRACTION * 100} %`;

/** Two shapes, by their index in the list searched, that overlap beyond the tolerance. */
export type OverlappingPair = { first: number; second: number; overlap: Overlap };

/**
 * Returns every pair of shapes that overlap by more than `MAX_OVERLAP_FRACTION` of the smaller
 * one, in index order. Throws when polyclip-ts fails on a pair.
 */
export function findOverlaps(shapes: readonly MeasuredShape[]): OverlappingPair[] {
  const pairs: OverlappingPair[] = [];
  for (let first = 0; first < shapes.length; first += 1) {
    for (let second = first + 1; second < shapes.length; second += 1) {
      const overlap = overlapBeyondTolerance(shapes[first]!, shapes[second]!);
      if (overlap) {
        pairs.push({ first, second, overlap });
      }
    }
  }

  return pairs;
}

/** Message for polyclip-ts failing on valid-looking rings, with the library's own message. */
export function overlapCheckFailure(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);

  return `could not be checked for overlaps (${reason}): repair the boundary (the make-valid or clean command of a GIS tool does this) and import it again`;
}

/**
 * Returns why two polygons of one MultiPolygon overlap, or null. Expects rings that passed the
 * ring checks.
 */
export function partOverlapProblem(polygons: Position[][][]): string | null {
  if (polygons.length < 2) {
    return null;
  }
  const parts = polygons.map((rings) =>
    measureShape({ type: 'Polygon', coordinates: rings } satisfies Polygon),
  );
  let pairs: OverlappingPair[];
  try {
    pairs = findOverlaps(parts);
  } catch (error) {
    return overlapCheckFailure(error);
  }
  const [pair] = pairs;
  if (!pair) {
    return null;
  }

  return `polygon ${pair.first} and polygon ${pair.second} overlap (${describeOverlap(pair.overlap)} polygon): the polygons of a MultiPolygon may share edges but may overlap by at most ${MAX_OVERLAP_PERCENT} of the smaller one; merge them into one polygon (the dissolve or union command of a GIS tool does this) and import it again`;
}
