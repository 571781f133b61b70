import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { featureCollection, lineString } from '@turf/helpers';
import { lineIntersect } from '@turf/line-intersect';
import type { LineString, Position } from 'geojson';

/**
 * Returns a point where two non-adjacent edges of a ring cross or touch, or null. The sweep-line
 * search compares only edges whose longitude ranges overlap, not every pair of edges.
 */
function selfIntersection(ring: Position[]): Position | null {
  // An empty second collection makes lineIntersect compare the ring's edges with each other.
  const crossings = lineIntersect(lineString(ring), featureCollection<LineString>([]), {
    ignoreSelfIntersections: false,
  });

  return crossings.features[0]?.geometry.coordinates ?? null;
}

/** Names a ring in an error, with its polygon when the geometry is a MultiPolygon. */
function ringName(polygons: Position[][][], polygonIndex: number, ringIndex: number): string {
  return polygons.length > 1 ? `ring ${ringIndex} of polygon ${polygonIndex}` : `ring ${ringIndex}`;
}

/**
 * Returns why a ring of the polygons crosses itself, or null. Overlapping polygons of one
 * MultiPolygon are checked by `partOverlapProblem`.
 */
export function crossingProblem(polygons: Position[][][]): string | null {
  for (const [polygonIndex, rings] of polygons.entries()) {
    for (const [ringIndex, ring] of rings.entries()) {
      const crossing = selfIntersection(ring);
      if (crossing) {
        const where = ringName(polygons, polygonIndex, ringIndex);

        return `${where} crosses itself at [${crossing.join(', ')}]: repair the boundary so no two edges of a ring cross or touch (the make-valid or clean command of a GIS tool does this) and import it again`;
      }
    }
  }

  return null;
}

/**
 * Returns where a ring of the polygons jumps across the antimeridian, or null. A step of more
 * than 180° of longitude between consecutive positions is read as a jump, because the edge it
 * draws in longitude and latitude runs the long way round the globe.
 */
export function antimeridianProblem(polygons: Position[][][]): string | null {
  for (const [polygonIndex, rings] of polygons.entries()) {
    for (const [ringIndex, ring] of rings.entries()) {
      for (let position = 1; position < ring.length; position += 1) {
        const from = ring[position - 1]![0]!;
        const to = ring[position]![0]!;
        if (Math.abs(to - from) > 180) {
          const where = ringName(polygons, polygonIndex, ringIndex);

          return `${where} crosses the antimeridian between positions ${position - 1} and ${position} (longitudes ${from} and ${to}): RFC 7946 (GeoJSON) requires a polygon that crosses longitude ±180° to be split there, so split it at ±180° into a MultiPolygon with one part on each side and import it again`;
        }
      }
    }
  }

  return null;
}

/**
 * Largest distance from a line, as a fraction of the line's length, at which a position still
 * counts as on it. Positions written in decimal on one line are rarely exactly on it in binary, so
 * an exact test would pass them. Real boundaries are far above this: on a 1 km line it is 1 µm.
 */
const COLLINEAR_TOLERANCE = 1e-9;

/**
 * Reports whether all positions of a ring are repeated or lie on one straight line, so the ring
 * encloses no area. The test is planar because GeoJSON edges are straight lines in longitude and
 * latitude and routing tests points in those coordinates. @turf/area measures on a sphere, where
 * those edges bend, so it gives three positions 1° apart on one diagonal line at 52° N an area of
 * 86 km². The signed (shoelace) area is no test either: the lobes of a symmetric bow-tie cancel.
 */
function isCollinear(ring: Position[]): boolean {
  const [ax, ay] = ring[0] as [number, number];
  // The line runs from the first position to the one farthest from it.
  let bx = ax;
  let by = ay;
  for (const [x, y] of ring as [number, number][]) {
    if ((x - ax) ** 2 + (y - ay) ** 2 > (bx - ax) ** 2 + (by - ay) ** 2) {
      bx = x;
      by = y;
    }
  }
  const squaredLength = (bx - ax) ** 2 + (by - ay) ** 2;

  // |cross product| / length is the distance from the line, so dividing by the squared length
  // compares the distance with the length.
  return ring.every(
    ([x, y]) =>
      Math.abs((bx - ax) * (y! - ay) - (by - ay) * (x! - ax)) <=
      COLLINEAR_TOLERANCE * squaredLength,
  );
}

/** Returns why a ring of the polygons has zero area, or null. */
export function degenerateProblem(polygons: Position[][][]): string | null {
  for (const [polygonIndex, rings] of polygons.entries()) {
    for (const [ringIndex, ring] of rings.entries()) {
      if (isCollinear(ring)) {
        const where = ringName(polygons, polygonIndex, ringIndex);

        return `${where} has zero area because all its positions are repeated or lie on one straight line: remove the ring, or replace it with the real outline, and import it again`;
      }
    }
  }

  return null;
}

/** Bounding box of a ring or geometry, in degrees. */
export type Bounds = [minX: number, minY: number, maxX: number, maxY: number];

/** Returns the bounding box of a ring. */
export function boundsOf(ring: Position[]): Bounds {
  const bounds: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring as [number, number][]) {
    bounds[0] = Math.min(bounds[0], x);
    bounds[1] = Math.min(bounds[1], y);
    bounds[2] = Math.max(bounds[2], x);
    bounds[3] = Math.max(bounds[3], y);
  }

  return bounds;
}

/** Reports whether two bounding boxes overlap or touch. */
export function boundsOverlap(a: Bounds, b: Bounds): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Returns the distinct points that the edges of two different rings share. */
function commonPoints(a: Position[], b: Position[]): Position[] {
  // NOTE: the sweep of @turf/line-intersect 7.4.0 orders events on one longitude inconsistently,
  // so it can miss a point where an edge meets a north-south edge of the other ring. The missed
  // points depend on the argument order, so both orders are searched and merged.
  const points = new Map<string, Position>();
  for (const [first, second] of [
    [a, b],
    [b, a],
  ]) {
    for (const point of lineIntersect(lineString(first!), lineString(second!)).features) {
      points.set(point.geometry.coordinates.join(','), point.geometry.coordinates);
    }
  }

  return [...points.values()];
}

/**
 * Reports whether `ring` lies strictly inside `container`, tested at one vertex of `ring` that is
 * not `touch`. The caller has checked that the two rings share at most the point `touch`, so
 * every other vertex is on the same side of `container`.
 */
function liesInside(ring: Position[], container: Position[], touch: Position | undefined): boolean {
  const vertex =
    ring.find((position) => !touch || position[0] !== touch[0] || position[1] !== touch[1]) ??
    ring[0]!;

  return booleanPointInPolygon(
    vertex,
    { type: 'Polygon', coordinates: [container] },
    {
      ignoreBoundary: true,
    },
  );
}

const REPAIR =
  'repair the boundary (the make-valid or clean command of a GIS tool does this) and import it again';

/** Returns why a hole of one polygon does not fit its outer ring or overlaps another hole, or null. */
function polygonHoleProblem(polygons: Position[][][], polygonIndex: number): string | null {
  const rings = polygons[polygonIndex]!;
  const outer = rings[0]!;
  const holes = rings.slice(1);
  const name = (ringIndex: number) => ringName(polygons, polygonIndex, ringIndex);
  const outerName =
    polygons.length > 1 ? `the outer ring of polygon ${polygonIndex}` : 'the outer ring';

  // Rings that pass the self-crossing check are simple. A hole that shares at most one point
  // with the outer ring therefore lies wholly inside or wholly outside it, and one vertex decides
  // which. The OGC Simple Features rules let a hole touch its outer ring, or another hole, at
  // one point, so one shared point is accepted.
  for (const [offset, hole] of holes.entries()) {
    const common = commonPoints(hole, outer);
    if (common.length > 1) {
      return `${name(offset + 1)}, a hole, crosses or touches ${outerName} at [${common[0]!.join(', ')}] and ${common.length - 1} more points: a hole must lie inside its outer ring and may touch it at one point only; ${REPAIR}`;
    }
    if (!liesInside(hole, outer, common[0])) {
      return `${name(offset + 1)}, a hole, lies outside ${outerName}: a hole must lie inside its outer ring; ${REPAIR}`;
    }
  }

  const bounds = holes.map(boundsOf);
  for (let first = 0; first < holes.length; first += 1) {
    for (let second = first + 1; second < holes.length; second += 1) {
      if (!boundsOverlap(bounds[first]!, bounds[second]!)) {
        continue;
      }
      const common = commonPoints(holes[first]!, holes[second]!);
      const nested =
        common.length <= 1 &&
        (liesInside(holes[first]!, holes[second]!, common[0]) ||
          liesInside(holes[second]!, holes[first]!, common[0]));
      if (common.length > 1 || nested) {
        const where = common.length > 1 ? ` at [${common[0]!.join(', ')}]` : '';

        return `${name(first + 1)} and ${name(second + 1)}, two holes, overlap${where}: holes of one polygon must not overlap and may touch at one point only; merge them into one hole, or ${REPAIR}`;
      }
    }
  }

  return null;
}

/**
 * Returns why a hole (an inner ring) of the polygons crosses or lies outside its outer ring or
 * overlaps another hole of the same polygon, or null. Expects rings that do not cross themselves.
 */
export function holeProblem(polygons: Position[][][]): string | null {
  for (const polygonIndex of polygons.keys()) {
    const problem = polygonHoleProblem(polygons, polygonIndex);
    if (problem) {
      return problem;
    }
  }

  return null;
}
