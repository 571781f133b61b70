import { cellToBoundary } from 'h3-js';
import type { GeoExtent, HeatmapCell } from './types';

/** A point as [latitude, longitude] in degrees, the order h3-js uses. */
export type LatLng = [number, number];

/** A point on the drawing, in SVG user units, y pointing down. */
export type Point = [number, number];

/** A projection from degrees to drawing coordinates. */
export type Projection = (point: LatLng) => Point;

/** One hexagon ready to draw. */
export type CellShape = { h3Index: string; count: number; points: string; colour: string };

/** One legend entry: counts from `from` to `to` inclusive get `colour`. */
export type LegendClass = { from: number; to: number; colour: string };

/**
 * Sequential palette from few to many cases, light to dark, readable on white and by most
 * colour-blind readers (ColorBrewer YlOrRd, 5 classes).
 */
export const PALETTE: readonly string[] = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];

const LIGHTEST = '#ffffb2';
const DARKEST = '#bd0026';

const MAX_MERCATOR_LATITUDE = 85.05112878;

/** Web-Mercator y for a latitude, in radians of the projected plane (north is larger). */
export function mercatorY(latitude: number): number {
  const clamped = Math.max(-MAX_MERCATOR_LATITUDE, Math.min(MAX_MERCATOR_LATITUDE, latitude));
  const radians = (clamped * Math.PI) / 180;

  return Math.log(Math.tan(Math.PI / 4 + radians / 2));
}

/** Returns the boundary of an H3 cell as [latitude, longitude] vertices. */
export function cellBoundary(h3Index: string): LatLng[] {
  return cellToBoundary(h3Index).map(([lat, lng]) => [lat, lng] as LatLng);
}

/**
 * Grows an extent so it also covers every vertex in `rings`. Cells reach past the cases they
 * contain, so a map fitted to the case extent alone would cut hexagons off at its edges.
 */
export function extentCovering(extent: GeoExtent, rings: LatLng[][]): GeoExtent {
  let { minLatitude, minLongitude, maxLatitude, maxLongitude } = extent;
  for (const ring of rings) {
    for (const [lat, lng] of ring) {
      minLatitude = Math.min(minLatitude, lat);
      maxLatitude = Math.max(maxLatitude, lat);
      minLongitude = Math.min(minLongitude, lng);
      maxLongitude = Math.max(maxLongitude, lng);
    }
  }

  return { minLatitude, minLongitude, maxLatitude, maxLongitude };
}

/**
 * Builds a Web-Mercator projection that fits `extent` into a `width` × `height` drawing with
 * `padding` on every side, keeping the aspect ratio and centring the shorter side. An extent
 * of a single point is widened slightly so the scale stays finite.
 */
export function fitProjection(
  extent: GeoExtent,
  width: number,
  height: number,
  padding = 0,
): Projection {
  const minimumSpan = 1e-6;
  const left = (extent.minLongitude * Math.PI) / 180;
  const right = Math.max(left + minimumSpan, (extent.maxLongitude * Math.PI) / 180);
  const bottom = mercatorY(extent.minLatitude);
  const top = Math.max(bottom + minimumSpan, mercatorY(extent.maxLatitude));

  const innerWidth = width - 2 * padding;
  const innerHeight = height - 2 * padding;
  const scale = Math.min(innerWidth / (right - left), innerHeight / (top - bottom));
  const offsetX = padding + (innerWidth - scale * (right - left)) / 2;
  const offsetY = padding + (innerHeight - scale * (top - bottom)) / 2;

  return ([lat, lng]) => [
    offsetX + scale * ((lng * Math.PI) / 180 - left),
    offsetY + scale * (top - mercatorY(lat)),
  ];
}

/**
 * Returns the height a drawing of `width` needs to show `extent` without empty bands, capped
 * between `minHeight` and `maxHeight`.
 */
export function fittedHeight(
  extent: GeoExtent,
  width: number,
  minHeight: number,
  maxHeight: number,
): number {
  const spanX = Math.max(1e-6, ((extent.maxLongitude - extent.minLongitude) * Math.PI) / 180);
  const spanY = Math.max(1e-6, mercatorY(extent.maxLatitude) - mercatorY(extent.minLatitude));

  return Math.round(Math.min(maxHeight, Math.max(minHeight, (width * spanY) / spanX)));
}

/**
 * Splits the counts from `minCount` (the smallest count the API shows) to the largest count
 * into up to `PALETTE.length` classes of equal width. Fewer distinct counts give fewer classes,
 * so no legend entry is empty by construction of its bounds.
 */
export function legendClasses(counts: number[], minCount: number): LegendClass[] {
  if (counts.length === 0) {
    return [];
  }
  const low = Math.min(minCount, ...counts);
  const high = Math.max(...counts);
  const classCount = Math.min(PALETTE.length, high - low + 1);
  const width = (high - low + 1) / classCount;

  return Array.from({ length: classCount }, (_, index) => ({
    from: Math.ceil(low + index * width),
    to: index === classCount - 1 ? high : Math.ceil(low + (index + 1) * width) - 1,
    colour: PALETTE[index] ?? DARKEST,
  }));
}

/** Returns the colour of `count` in `classes`, the darkest for counts above the last class. */
export function colourFor(count: number, classes: LegendClass[]): string {
  const match = classes.find((entry) => count >= entry.from && count <= entry.to);

  return match?.colour ?? classes[classes.length - 1]?.colour ?? LIGHTEST;
}

/** Writes projected vertices as an SVG `points` attribute, to 0.1 unit. */
export function svgPoints(ring: LatLng[], project: Projection): string {
  return ring
    .map((vertex) => {
      const [x, y] = project(vertex);

      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** Everything the map draws for one heatmap response. */
export type HeatmapDrawing = {
  width: number;
  height: number;
  cells: CellShape[];
  legend: LegendClass[];
};

/**
 * Projects the cells of a heatmap into a drawing `width` units wide, coloured by count. Returns
 * null when there is nothing to draw (no located cases, or every cell suppressed).
 */
export function drawHeatmap(
  cells: HeatmapCell[],
  extent: GeoExtent | null,
  minCount: number,
  width: number,
): HeatmapDrawing | null {
  if (!extent || cells.length === 0) {
    return null;
  }
  const rings = cells.map((cell) => cellBoundary(cell.h3Index));
  const bounds = extentCovering(extent, rings);
  const height = fittedHeight(bounds, width, width / 3, width * 0.8);
  const project = fitProjection(bounds, width, height, 12);
  const legend = legendClasses(
    cells.map((cell) => cell.count),
    minCount,
  );

  return {
    width,
    height,
    legend,
    cells: cells.map((cell, index) => ({
      h3Index: cell.h3Index,
      count: cell.count,
      points: svgPoints(rings[index] ?? [], project),
      colour: colourFor(cell.count, legend),
    })),
  };
}
