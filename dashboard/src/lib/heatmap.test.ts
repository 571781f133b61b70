import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import {
  colourFor,
  drawHeatmap,
  extentCovering,
  fitProjection,
  fittedHeight,
  legendClasses,
  mercatorY,
  PALETTE,
} from './heatmap';

const manhattan = {
  minLatitude: 40.7,
  minLongitude: -74.02,
  maxLatitude: 40.8,
  maxLongitude: -73.93,
};

describe('mercatorY', () => {
  it('is zero at the equator', () => {
    expect(mercatorY(0)).toBeCloseTo(0, 12);
  });

  it('grows towards the north', () => {
    expect(mercatorY(52)).toBeGreaterThan(mercatorY(40));
  });

  it('clamps at the poles instead of returning infinity', () => {
    expect(Number.isFinite(mercatorY(90))).toBe(true);
  });
});

describe('fitProjection', () => {
  const project = fitProjection(manhattan, 400, 400, 10);

  it('maps the north-west corner to the top', () => {
    const [, y] = project([manhattan.maxLatitude, manhattan.minLongitude]);
    expect(y).toBeCloseTo(10, 6);
  });

  it('maps the south-east corner to the bottom', () => {
    const [, y] = project([manhattan.minLatitude, manhattan.maxLongitude]);
    expect(y).toBeCloseTo(390, 6);
  });

  it('centres the narrower side horizontally', () => {
    const [left] = project([manhattan.minLatitude, manhattan.minLongitude]);
    const [right] = project([manhattan.minLatitude, manhattan.maxLongitude]);
    expect(left + right).toBeCloseTo(400, 6);
  });

  it('keeps the aspect ratio of the Mercator plane', () => {
    const [left, bottom] = project([manhattan.minLatitude, manhattan.minLongitude]);
    const [right, top] = project([manhattan.maxLatitude, manhattan.maxLongitude]);
    const planeRatio =
      ((manhattan.maxLongitude - manhattan.minLongitude) * Math.PI) /
      180 /
      (mercatorY(manhattan.maxLatitude) - mercatorY(manhattan.minLatitude));
    expect((right - left) / (bottom - top)).toBeCloseTo(planeRatio, 6);
  });

  it('returns finite points for a one-point extent', () => {
    const point = { minLatitude: 52.2, minLongitude: 21, maxLatitude: 52.2, maxLongitude: 21 };
    const [x, y] = fitProjection(point, 100, 100)([52.2, 21]);
    expect([Number.isFinite(x), Number.isFinite(y)]).toEqual([true, true]);
  });
});

describe('fittedHeight', () => {
  it('is capped at the maximum for a tall extent', () => {
    const tall = { minLatitude: 40, minLongitude: -74, maxLatitude: 41, maxLongitude: -73.99 };
    expect(fittedHeight(tall, 900, 300, 1000)).toBe(1000);
  });

  it('is raised to the minimum for a wide extent', () => {
    const wide = { minLatitude: 40, minLongitude: -75, maxLatitude: 40.01, maxLongitude: -73 };
    expect(fittedHeight(wide, 900, 300, 1000)).toBe(300);
  });
});

describe('extentCovering', () => {
  it('grows the extent to cover every vertex', () => {
    expect(
      extentCovering(manhattan, [
        [
          [40.65, -74.0],
          [40.85, -73.9],
        ],
      ]),
    ).toEqual({
      minLatitude: 40.65,
      minLongitude: -74.02,
      maxLatitude: 40.85,
      maxLongitude: -73.9,
    });
  });
});

describe('legendClasses', () => {
  it('splits the range into five equal classes', () => {
    expect(legendClasses([5, 54], 5)).toEqual([
      { from: 5, to: 14, colour: PALETTE[0] },
      { from: 15, to: 24, colour: PALETTE[1] },
      { from: 25, to: 34, colour: PALETTE[2] },
      { from: 35, to: 44, colour: PALETTE[3] },
      { from: 45, to: 54, colour: PALETTE[4] },
    ]);
  });

  it('uses one class per count when there are few counts', () => {
    expect(legendClasses([5, 6, 7], 5)).toEqual([
      { from: 5, to: 5, colour: PALETTE[0] },
      { from: 6, to: 6, colour: PALETTE[1] },
      { from: 7, to: 7, colour: PALETTE[2] },
    ]);
  });

  it('returns no classes without cells', () => {
    expect(legendClasses([], 5)).toEqual([]);
  });

  it('covers every count between the bounds without gaps', () => {
    const classes = legendClasses([3, 100], 3);
    const gaps = classes.slice(1).filter((entry, index) => entry.from !== classes[index]!.to + 1);
    expect(gaps).toEqual([]);
  });
});

describe('colourFor', () => {
  const classes = legendClasses([5, 54], 5);

  it('picks the class that contains the count', () => {
    expect(colourFor(20, classes)).toBe(PALETTE[1]);
  });

  it('picks the darkest colour above the last class', () => {
    expect(colourFor(500, classes)).toBe(PALETTE[4]);
  });
});

describe('drawHeatmap', () => {
  it('returns nothing without an extent', () => {
    expect(drawHeatmap([{ h3Index: '872a1072bffffff', count: 5 }], null, 5, 900)).toBeNull();
  });

  it('returns nothing without cells', () => {
    expect(drawHeatmap([], manhattan, 5, 900)).toBeNull();
  });

  it('draws a hexagon per cell inside the drawing', () => {
    const cells = [
      { h3Index: latLngToCell(40.75, -73.99, 7), count: 12 },
      { h3Index: latLngToCell(40.71, -74.0, 7), count: 5 },
    ];
    const drawing = drawHeatmap(cells, manhattan, 5, 900)!;
    const coordinates = drawing.cells.flatMap((cell) =>
      cell.points.split(' ').flatMap((pair) => pair.split(',').map(Number)),
    );
    const outside = coordinates.filter(
      (value) => value < 0 || value > Math.max(drawing.width, drawing.height),
    );

    expect(drawing.cells.map((cell) => cell.points.split(' ').length)).toEqual([6, 6]);
    expect(outside).toEqual([]);
  });
});
