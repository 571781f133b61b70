import { parseW3cDatetime } from '@ratusz/shared';
import { Open311Error } from './open311.format';

/** Maximum date window of `GET /requests`, in days. Longer windows are rejected with 400. */
export const MAX_WINDOW_DAYS = 90;
/** Largest page of `GET /requests`, and its size when `page_size` is absent. */
export const MAX_PAGE_SIZE = 1_000;

const DAY_MS = 86_400_000;

/** Returns a query parameter, treating an empty value exactly like an absent one. */
export function param(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name)?.trim();

  return value ? value : undefined;
}

/** Splits a comma-separated parameter into its non-empty values. */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const value = param(query, name);
  if (value === undefined) {
    return undefined;
  }
  const items = [
    ...new Set(
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];

  return items.length > 0 ? items : undefined;
}

function dateParam(query: URLSearchParams, name: string): Date | undefined {
  const value = param(query, name);
  if (value === undefined) {
    return undefined;
  }
  const date = parseW3cDatetime(value);
  if (!date) {
    throw Open311Error.of(
      400,
      `${name} ${JSON.stringify(value)} is not a W3C datetime with a time zone: send for example 2026-04-14T06:37:38+02:00.`,
    );
  }

  return date;
}

/**
 * Reads `start_date` and `end_date`. A missing end is 90 days after the start (or now), and a
 * missing start is 90 days before the end. A window longer than 90 days, or one that ends
 * before it starts, is rejected with 400 rather than clamped.
 */
export function dateWindow(query: URLSearchParams, now: Date): { start: Date; end: Date } {
  const startParam = dateParam(query, 'start_date');
  const endParam = dateParam(query, 'end_date');
  const end =
    endParam ?? (startParam ? new Date(startParam.getTime() + MAX_WINDOW_DAYS * DAY_MS) : now);
  const start = startParam ?? new Date(end.getTime() - MAX_WINDOW_DAYS * DAY_MS);
  if (end.getTime() < start.getTime()) {
    throw Open311Error.of(400, 'end_date is before start_date: swap them.');
  }
  if (end.getTime() - start.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw Open311Error.of(
      400,
      `The window from start_date to end_date is longer than ${MAX_WINDOW_DAYS} days: query at most ${MAX_WINDOW_DAYS} days at a time.`,
    );
  }

  return { start, end };
}

function wholeNumber(
  query: URLSearchParams,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const value = param(query, name);
  if (value === undefined) {
    return fallback;
  }
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) {
    throw Open311Error.of(
      400,
      `${name} ${JSON.stringify(value)} is invalid: pass a whole number from ${min} to ${max}.`,
    );
  }

  return number;
}

/** Reads the `page` (from 1) and `page_size` (1 to 1000, default 1000) extension. */
export function pageParams(query: URLSearchParams): {
  limit: number;
  offset: number;
  page: number;
} {
  const limit = wholeNumber(query, 'page_size', 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const page = wholeNumber(query, 'page', 1, 1_000_000, 1);

  return { limit, offset: (page - 1) * limit, page };
}

/** Bounding box of the `bbox=minLong,minLat,maxLong,maxLat` extension. */
export type BoundingBox = { minLong: number; minLat: number; maxLong: number; maxLat: number };

/** Reads the `bbox` extension, or undefined when it is absent. */
export function bboxParam(query: URLSearchParams): BoundingBox | undefined {
  const value = param(query, 'bbox');
  if (value === undefined) {
    return undefined;
  }
  const parts = value
    .split(',')
    .map((part) => (/^\s*[+-]?\d+(\.\d+)?\s*$/.test(part) ? Number(part) : Number.NaN));
  const [minLong, minLat, maxLong, maxLat] = parts as [number, number, number, number];
  const valid =
    parts.length === 4 &&
    parts.every(Number.isFinite) &&
    Math.abs(minLat) <= 90 &&
    Math.abs(maxLat) <= 90 &&
    Math.abs(minLong) <= 180 &&
    Math.abs(maxLong) <= 180 &&
    minLat <= maxLat &&
    minLong <= maxLong;
  if (!valid) {
    throw Open311Error.of(
      400,
      `bbox ${JSON.stringify(value)} is invalid: pass minLong,minLat,maxLong,maxLat in WGS84 degrees, minimum first.`,
    );
  }

  return { minLong, minLat, maxLong, maxLat };
}

/** Reads the `status` filter: `open`, `closed` or both. */
export function statusParam(query: URLSearchParams): ('open' | 'closed')[] | undefined {
  const values = listParam(query, 'status')?.map((value) => value.toLowerCase());
  const invalid = values?.find((value) => value !== 'open' && value !== 'closed');
  if (invalid !== undefined) {
    throw Open311Error.of(
      400,
      `status ${JSON.stringify(invalid)} is invalid: pass open, closed or open,closed.`,
    );
  }

  return values as ('open' | 'closed')[] | undefined;
}
