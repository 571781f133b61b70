import { describe, expect, it } from 'vitest';
import { parseDistrictBoundaries } from '../../src/modules/cases/district-boundaries';
import { singleBoundaryError } from './boundary-errors';

type Ring = number[][];

/** Builds a closed square ring from its south-west corner and side, in degrees. */
function square(west: number, south: number, side: number): Ring {
  return [
    [west, south],
    [west + side, south],
    [west + side, south + side],
    [west, south + side],
    [west, south],
  ];
}

const OUTER = square(19, 52, 1);

/** Parses one district named Centre with the given polygons, as a later feature of a file. */
function parse(
  geometry:
    { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] },
) {
  return parseDistrictBoundaries({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: 'Harbour' },
        geometry: { type: 'Polygon', coordinates: [square(21, 52, 1)] },
      },
      { type: 'Feature', properties: { name: 'Centre' }, geometry },
    ],
  });
}

function polygon(...rings: Ring[]) {
  return parse({ type: 'Polygon', coordinates: rings });
}

describe('district boundary holes', () => {
  it('accepts holes inside the outer ring', () => {
    const result = polygon(OUTER, square(19.1, 52.1, 0.2), square(19.5, 52.5, 0.2));

    expect(result.errors).toEqual([]);
    expect(result.boundaries).toHaveLength(2);
  });

  it('accepts a hole touching the outer ring at one point', () => {
    const touching: Ring = [
      [19, 52.5],
      [19.2, 52.4],
      [19.2, 52.6],
      [19, 52.5],
    ];

    expect(polygon(OUTER, touching).errors).toEqual([]);
  });

  it('accepts two holes touching at one point', () => {
    expect(polygon(OUTER, square(19.1, 52.1, 0.2), square(19.3, 52.3, 0.2)).errors).toEqual([]);
  });

  it('rejects a hole crossing the outer ring', () => {
    const result = polygon(OUTER, square(19.9, 52.4, 0.2));

    expect(result.boundaries).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.code).toBe('INVALID_BOUNDARY');
    expect(result.errors[0]!.field).toEqual([
      'input',
      'featureCollection',
      'features',
      '1',
      'geometry',
    ]);
    expect(result.errors[0]!.message).toContain(
      'Feature 1 ("Centre"): ring 1, a hole, crosses or touches the outer ring at [20, 52.',
    );
    expect(result.errors[0]!.message).toContain('may touch it at one point only');
  });

  it('rejects a hole sharing an edge with the outer ring', () => {
    const result = polygon(OUTER, square(19, 52.4, 0.2));

    expect(result.errors[0]!.message).toContain(
      'ring 1, a hole, crosses or touches the outer ring',
    );
  });

  it('rejects a hole outside the outer ring', () => {
    const result = polygon(OUTER, square(20.5, 52.5, 0.2));

    expect(result.boundaries).toEqual([]);
    expect(result.errors[0]!.message).toContain(
      'Feature 1 ("Centre"): ring 1, a hole, lies outside the outer ring',
    );
  });

  it('rejects a hole around the outer ring', () => {
    const result = polygon(OUTER, square(18, 51, 3));

    expect(result.errors[0]!.message).toContain('ring 1, a hole, lies outside the outer ring');
  });

  it('rejects crossing holes', () => {
    const result = polygon(OUTER, square(19.1, 52.1, 0.4), square(19.3, 52.3, 0.4));

    expect(result.boundaries).toEqual([]);
    expect(result.errors[0]!.message).toContain(
      'Feature 1 ("Centre"): ring 1 and ring 2, two holes, overlap at [',
    );
    expect(result.errors[0]!.message).toContain('merge them into one hole');
  });

  it('rejects a hole inside another hole', () => {
    const result = polygon(
      OUTER,
      square(19.1, 52.1, 0.6),
      square(19.2, 52.2, 0.1),
      square(19.8, 52.8, 0.1),
    );

    expect(result.errors[0]!.message).toContain('ring 1 and ring 2, two holes, overlap:');
  });

  it('rejects the same hole twice', () => {
    const result = polygon(OUTER, square(19.1, 52.1, 0.2), square(19.1, 52.1, 0.2));

    expect(result.errors[0]!.message).toContain('ring 1 and ring 2, two holes, overlap at [');
  });

  it('names the polygon of a MultiPolygon', () => {
    const result = parse({
      type: 'MultiPolygon',
      coordinates: [[square(17, 52, 1)], [OUTER, square(20.5, 52.5, 0.2)]],
    });

    expect(result.errors[0]!.message).toContain(
      'ring 1 of polygon 1, a hole, lies outside the outer ring of polygon 1',
    );
  });

  it('reports a self-crossing before a hole problem', () => {
    const bowTie: Ring = [
      [19.1, 52.1],
      [19.3, 52.3],
      [19.3, 52.1],
      [19.1, 52.3],
      [19.1, 52.1],
    ];
    const result = polygon(OUTER, bowTie, square(20.5, 52.5, 0.2));

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toContain('ring 1 crosses itself');
  });
});

describe('district boundary zero-area rings', () => {
  it('rejects an outer ring on one line', () => {
    // Decimal positions on one diagonal, which binary floating point puts slightly off it.
    const line: Ring = [
      [19.1, 52.1],
      [19.2, 52.2],
      [19.3, 52.3],
      [19.1, 52.1],
    ];

    const message = singleBoundaryError(polygon(line), 1);

    expect(message).toContain('Feature 1 ("Centre"): ring 0 has zero area');
    expect(message).toContain('lie on one straight line');
  });

  it('rejects a ring of one repeated position', () => {
    const point: Ring = [
      [19.5, 52.5],
      [19.5, 52.5],
      [19.5, 52.5],
      [19.5, 52.5],
    ];

    expect(polygon(point).errors[0]!.message).toContain('ring 0 has zero area');
  });

  it('rejects a zero-area hole', () => {
    const spike: Ring = [
      [19.2, 52.5],
      [19.4, 52.5],
      [19.8, 52.5],
      [19.2, 52.5],
    ];
    const result = polygon(OUTER, square(19.1, 52.1, 0.2), spike);

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toContain('Feature 1 ("Centre"): ring 2 has zero area');
  });

  it('names the polygon of a zero-area ring', () => {
    const line: Ring = [
      [17, 52],
      [17.5, 52],
      [18, 52],
      [17, 52],
    ];
    const result = parse({ type: 'MultiPolygon', coordinates: [[OUTER], [line]] });

    expect(result.errors[0]!.message).toContain('ring 0 of polygon 1 has zero area');
  });

  it('accepts a thin triangle', () => {
    // 0.0001° (about 7 m) off a 1° line: thin, but far above the tolerance.
    const thin: Ring = [
      [19, 52],
      [20, 53],
      [19.5, 52.5001],
      [19, 52],
    ];

    expect(polygon(thin).errors).toEqual([]);
  });
});

describe('district boundary antimeridian', () => {
  it('rejects a ring jumping across 180°', () => {
    const crossing: Ring = [
      [179.5, -17],
      [-179.5, -17],
      [-179.5, -16],
      [179.5, -16],
      [179.5, -17],
    ];

    const message = singleBoundaryError(polygon(crossing), 1);

    expect(message).toContain(
      'Feature 1 ("Centre"): ring 0 crosses the antimeridian between positions 0 and 1 (longitudes 179.5 and -179.5)',
    );
    expect(message).toContain('RFC 7946');
    expect(message).toContain('split it at ±180° into a MultiPolygon');
  });

  it('names the hole that crosses 180°', () => {
    const result = parse({
      type: 'Polygon',
      coordinates: [
        square(-180, -20, 10),
        [
          [-171, -15],
          [179, -15],
          [-171, -14],
          [-171, -15],
        ],
      ],
    });

    expect(result.errors[0]!.message).toContain(
      'ring 1 crosses the antimeridian between positions 0 and 1',
    );
  });

  it('accepts a polygon split at 180°', () => {
    const result = parse({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [179.5, -17],
            [180, -17],
            [180, -16],
            [179.5, -16],
            [179.5, -17],
          ],
        ],
        [
          [
            [-180, -17],
            [-179.5, -17],
            [-179.5, -16],
            [-180, -16],
            [-180, -17],
          ],
        ],
      ],
    });

    expect(result.errors).toEqual([]);
  });
});
