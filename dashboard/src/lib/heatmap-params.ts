import type { MessageKey, MessageParams } from './i18n';

/** Resolution used when the address names none: cells of about 5 km², a city quarter. */
export const DEFAULT_RESOLUTION = 7;

/** Resolutions the API accepts. */
export const MIN_RESOLUTION = 0;
export const MAX_RESOLUTION = 10;

/** Filters of the heatmap page as read from its address. */
export type HeatmapParams = {
  jurisdictionId: string | null;
  categoryId: string | null;
  from: string | null;
  to: string | null;
  resolution: number;
};

/** A problem with one search parameter, as a message key with its values. */
export type ParamProblem = { key: MessageKey; params: MessageParams };

type SearchParams = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;

  return first && first.trim() !== '' ? first.trim() : null;
}

/** Checks that `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00.000Z`);

  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Reads the heatmap filters from search parameters. Invalid values are dropped and reported, so
 * the page still shows a map and names the ignored value and the reason.
 */
export function parseHeatmapParams(search: SearchParams): {
  params: HeatmapParams;
  problems: ParamProblem[];
} {
  const problems: ParamProblem[] = [];
  const date = (name: 'from' | 'to') => {
    const value = single(search[name]);
    if (value && !isIsoDate(value)) {
      problems.push({ key: 'heatmap.invalidDate', params: { value } });

      return null;
    }

    return value;
  };

  let resolution = DEFAULT_RESOLUTION;
  const rawResolution = single(search.resolution);
  if (rawResolution !== null) {
    const parsed = Number(rawResolution);
    if (Number.isInteger(parsed) && parsed >= MIN_RESOLUTION && parsed <= MAX_RESOLUTION) {
      resolution = parsed;
    } else {
      problems.push({ key: 'heatmap.invalidResolution', params: { value: rawResolution } });
    }
  }

  return {
    params: {
      jurisdictionId: single(search.jurisdiction),
      categoryId: single(search.category),
      from: date('from'),
      to: date('to'),
      resolution,
    },
    problems,
  };
}

/**
 * Builds the API's `CaseFilter` for the heatmap. Both dates are whole UTC days, so `to`
 * includes every case created on that day.
 */
export function heatmapFilter(params: HeatmapParams): Record<string, unknown> {
  return {
    ...(params.jurisdictionId ? { jurisdictionId: params.jurisdictionId } : {}),
    ...(params.categoryId ? { categoryIds: [params.categoryId] } : {}),
    ...(params.from ? { createdFrom: `${params.from}T00:00:00.000Z` } : {}),
    ...(params.to ? { createdTo: `${params.to}T23:59:59.999Z` } : {}),
  };
}
