import { describe, expect, it } from 'vitest';
import { MAX_OVERLAP_FRACTION } from '../../src/modules/cases/boundary-overlaps';
import { parseDistrictBoundaries } from '../../src/modules/cases/district-boundaries';
import { singleBoundaryError } from './boundary-errors';

type Ring = number[][];

/** Builds a closed rectangle ring from its south-west corner, width and height, in degrees. */
function rectangle(west: number, south: number, width: number, height = width): Ring {
  return [
    [west, south],
    [west + width, south],
    [west + width, south + height],
    [west, south + height],
    [west, south],
  ];
}

type Geometry =
  { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** Parses districts named after their keys, with codes from a `code` property. */
function parse(districts: Record<string, Geometry>) {
  return parseDistrictBoundaries({
    type: 'FeatureCollection',
    features: Object.entries(districts).map(([name, geometry]) => ({
      type: 'Feature',
      properties: { name, code: name.toLowerCase() },
      geometry,
    })),
  });
}

function square(west: number, south: number, side: number): Geometry {
  return { type: 'Polygon', coordinates: [rectangle(west, south, side)] };
}

describe('district boundary MultiPolygon parts', () => {
  it('rejects overlapping parts', () => {
    const result = parse({
      Harbour: square(21, 52, 1),
      Centre: {
        type: 'MultiPolygon',
        coordinates: [[rectangle(17, 52, 1)], [rectangle(19, 52, 1)], [rectangle(19.5, 52, 1)]],
      },
    });

    const message = singleBoundaryError(result, 1);

    expect(message).toContain('Feature 1 ("Centre"): polygon 1 and polygon 2 overlap (');
    expect(message).toContain('50 % of the smaller polygon');
    expect(message).toContain('merge them into one polygon');
  });

  it('rejects a part inside another', () => {
    const result = parse({
      Centre: {
        type: 'MultiPolygon',
        coordinates: [[rectangle(19, 52, 1)], [rectangle(19.2, 52.2, 0.1)]],
      },
    });

    expect(result.errors[0]!.message).toContain('polygon 0 and polygon 1 overlap');
    expect(result.errors[0]!.message).toContain('100 % of the smaller polygon');
  });

  it('accepts parts sharing an edge', () => {
    const result = parse({
      Centre: {
        type: 'MultiPolygon',
        coordinates: [[rectangle(19, 52, 1)], [rectangle(20, 52, 1)]],
      },
    });

    expect(result.errors).toEqual([]);
  });

  it('accepts a part inside a hole of another', () => {
    const result = parse({
      Centre: {
        type: 'MultiPolygon',
        coordinates: [
          [rectangle(19, 52, 1), rectangle(19.2, 52.2, 0.4)],
          [rectangle(19.3, 52.3, 0.2)],
        ],
      },
    });

    expect(result.errors).toEqual([]);
  });
});

describe('district boundary overlaps between districts', () => {
  it('rejects two overlapping districts', () => {
    const result = parse({
      Harbour: square(21, 52, 1),
      Centre: square(19, 52, 1),
      Park: square(19.5, 52.5, 1),
    });

    const message = singleBoundaryError(result, 2);

    expect(message).toContain(
      'Feature 2 ("Park"): district code park overlaps feature 1 ("Centre", code centre) (',
    );
    expect(message).toMatch(/\(\d+\.\d\d km², 2\d\.\d % of the smaller district\)/);
    expect(message).toContain('may overlap by at most 0.1 % of the smaller one');
  });

  it('reports every overlapping pair', () => {
    const result = parse({
      City: square(19, 52, 2),
      Centre: square(19, 52, 1),
      Park: square(20, 53, 1),
    });

    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]!.message).toContain(
      'Feature 1 ("Centre"): district code centre overlaps feature 0 ("City", code city) (',
    );
    expect(result.errors[1]!.message).toContain(
      'Feature 2 ("Park"): district code park overlaps feature 0 ("City", code city) (',
    );
    expect(result.errors[0]!.message).toContain('100 % of the smaller district');
  });

  it('accepts districts sharing an edge', () => {
    const result = parse({
      Centre: square(19, 52, 1),
      Park: square(20, 52, 1),
      Harbour: square(19, 53, 2),
    });

    expect(result.errors).toEqual([]);
    expect(result.boundaries.map((boundary) => boundary.code)).toEqual([
      'centre',
      'park',
      'harbour',
    ]);
  });

  it('accepts a district in a hole of another', () => {
    const result = parse({
      Ring: { type: 'Polygon', coordinates: [rectangle(19, 52, 1), rectangle(19.2, 52.2, 0.4)] },
      Enclave: square(19.2, 52.2, 0.4),
    });

    expect(result.errors).toEqual([]);
  });

  it('accepts an overlap just below the tolerance', () => {
    // A strip as wide as this fraction of a degree is that fraction of a 1° square's area,
    // because the area of a longitude-latitude rectangle is proportional to its width.
    const strip = MAX_OVERLAP_FRACTION * 0.9;
    const result = parse({ Centre: square(19, 52, 1), Park: square(20 - strip, 52, 1) });

    expect(result.errors).toEqual([]);
  });

  it('rejects an overlap just above the tolerance', () => {
    const strip = MAX_OVERLAP_FRACTION * 1.1;
    const result = parse({ Centre: square(19, 52, 1), Park: square(20 - strip, 52, 1) });

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toContain(
      'Feature 1 ("Park"): district code park overlaps feature 0 ("Centre", code centre)',
    );
    expect(result.errors[0]!.message).toContain('0.11 % of the smaller district');
  });

  it('measures the tolerance against the smaller district', () => {
    // The strip is 0.05 % of the large district but 0.5 % of the small one.
    const result = parse({
      Large: square(19, 52, 1),
      Small: { type: 'Polygon', coordinates: [rectangle(19.9995, 52, 0.1, 1)] },
    });

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toContain('0.5 % of the smaller district');
  });

  it('checks districts only after every feature is valid', () => {
    const result = parse({
      Centre: square(19, 52, 1),
      Park: square(19.5, 52, 1),
      Broken: { type: 'Polygon', coordinates: [[[19, 52]]] },
    });

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toContain('Feature 2 ("Broken")');
  });
});
