import 'server-only';
import { connection } from 'next/server';
import { ApiRequestError, collectNodes, MAX_PAGE_SIZE, requestGraphQL } from './graphql-client';

const DEFAULT_API_URL = 'http://127.0.0.1:4000/graphql';

/** Addresses of the Ratusz API, read from the environment of the running dashboard. */
export type ApiUrls = { http: string; ws: string };

/**
 * Reads `RATUSZ_API_URL` and `RATUSZ_API_WS_URL` at request time. `connection()` marks the
 * render as dynamic, so a build never freezes the addresses of the machine it ran on.
 */
export async function apiUrls(): Promise<ApiUrls> {
  await connection();
  const http = process.env.RATUSZ_API_URL || DEFAULT_API_URL;
  const ws = process.env.RATUSZ_API_WS_URL || http.replace(/^http/, 'ws');

  return { http, ws };
}

/** Sends a query from server code straight to the API as a persisted query, never cached. */
export async function queryApi<T>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const { http } = await apiUrls();

  return requestGraphQL<T>(http, query, variables, { cache: 'no-store' }, true);
}

type PagedField<T> = {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

/** Reads every node of the connection `field` that `query` selects. */
export async function queryAllNodes<T>(
  query: string,
  field: string,
  variables: Record<string, unknown> = {},
): Promise<T[]> {
  return collectNodes<T>(async (after) => {
    const data = await queryApi<Record<string, PagedField<T>>>(query, {
      ...variables,
      first: MAX_PAGE_SIZE,
      after,
    });
    const page = data[field];
    if (!page) {
      throw new Error(`The API response has no "${field}" field`);
    }

    return page;
  });
}

/** Data of a page section, or the sign that the API does not offer that section yet. */
export type Section<T> = { available: true; data: T } | { available: false };

/**
 * Loads one section of a page. When the schema lacks the section's fields, its API module is not
 * deployed, so the section is marked unavailable and the page shows a notice in its place. Any
 * other failure is thrown to the error boundary of the page.
 */
export async function loadSection<T>(load: () => Promise<T>): Promise<Section<T>> {
  try {
    return { available: true, data: await load() };
  } catch (error) {
    if (error instanceof ApiRequestError && error.kind === 'unavailable') {
      return { available: false };
    }
    throw error;
  }
}
