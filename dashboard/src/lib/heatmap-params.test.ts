import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOLUTION, heatmapFilter, isIsoDate, parseHeatmapParams } from './heatmap-params';

describe('isIsoDate', () => {
  it('accepts a real date', () => {
    expect(isIsoDate('2011-02-28')).toBe(true);
  });

  it('rejects a day that does not exist', () => {
    expect(isIsoDate('2011-02-30')).toBe(false);
  });

  it('rejects another format', () => {
    expect(isIsoDate('02/28/2011')).toBe(false);
  });
});

describe('parseHeatmapParams', () => {
  it('uses defaults for an empty address', () => {
    expect(parseHeatmapParams({})).toEqual({
      params: {
        jurisdictionId: null,
        categoryId: null,
        from: null,
        to: null,
        resolution: DEFAULT_RESOLUTION,
      },
      problems: [],
    });
  });

  it('reads every filter', () => {
    expect(
      parseHeatmapParams({
        jurisdiction: '1',
        category: '4',
        from: '2011-02-01',
        to: '2011-03-01',
        resolution: '9',
      }).params,
    ).toEqual({
      jurisdictionId: '1',
      categoryId: '4',
      from: '2011-02-01',
      to: '2011-03-01',
      resolution: 9,
    });
  });

  it('treats empty form fields as absent', () => {
    expect(parseHeatmapParams({ category: '', from: '', to: '' }).params.categoryId).toBeNull();
  });

  it('reports and drops an invalid date', () => {
    const { params, problems } = parseHeatmapParams({ from: '2011-13-01' });
    expect(params.from).toBeNull();
    expect(problems).toEqual([{ key: 'heatmap.invalidDate', params: { value: '2011-13-01' } }]);
  });

  it('reports and ignores an out-of-range resolution', () => {
    const { params, problems } = parseHeatmapParams({ resolution: '16' });
    expect(params.resolution).toBe(DEFAULT_RESOLUTION);
    expect(problems).toEqual([{ key: 'heatmap.invalidResolution', params: { value: '16' } }]);
  });

  it('rejects a fractional resolution', () => {
    expect(parseHeatmapParams({ resolution: '7.5' }).problems).toHaveLength(1);
  });
});

describe('heatmapFilter', () => {
  it('covers whole UTC days', () => {
    expect(
      heatmapFilter({
        jurisdictionId: '1',
        categoryId: '4',
        from: '2011-02-01',
        to: '2011-02-28',
        resolution: 7,
      }),
    ).toEqual({
      jurisdictionId: '1',
      categoryIds: ['4'],
      createdFrom: '2011-02-01T00:00:00.000Z',
      createdTo: '2011-02-28T23:59:59.999Z',
    });
  });

  it('leaves out absent filters', () => {
    expect(
      heatmapFilter({
        jurisdictionId: null,
        categoryId: null,
        from: null,
        to: null,
        resolution: 7,
      }),
    ).toEqual({});
  });
});
