/** One error entry of a GraphQL response. */
export type GraphQLErrorItem = { message: string; extensions?: { code?: string } };

/**
 * Cause of a failed API request: the API was unreachable, its schema lacks the requested fields
 * (a module not deployed yet, or an older API version), or it returned errors.
 */
export type ApiFailureKind = 'unreachable' | 'unavailable' | 'failed';

/** A GraphQL request that did not return data. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly kind: ApiFailureKind,
    readonly errors: GraphQLErrorItem[] = [],
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type GraphQLResponseBody<T> = { data?: T | null; errors?: GraphQLErrorItem[] };

/**
 * Classifies an error list. Apollo reports a query naming fields or types the schema does not
 * have as `GRAPHQL_VALIDATION_FAILED`, which for the dashboard means that part of the API is not
 * deployed.
 */
export function classifyErrors(errors: GraphQLErrorItem[]): ApiFailureKind {
  const invalid = errors.some((error) => error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');

  return invalid ? 'unavailable' : 'failed';
}

/** Error code that Apollo Server returns for a hash it has not stored yet. */
const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';

/** Returns the hex SHA-256 of `text`, as automatic persisted queries identify a query. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));

  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A GraphQL request body, optionally with `operationName`. */
export type GraphQLRequestBody = {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
};

/**
 * Posts `body` as an automatic persisted query (APQ). The first request carries the query's
 * SHA-256 alone. When the API replies that it has not stored that hash (after a restart, or on
 * another API process), a second request carries the full query. Returns the last response.
 */
export async function postPersisted(
  url: string,
  body: GraphQLRequestBody,
  init: RequestInit = {},
): Promise<Response> {
  const extensions = { persistedQuery: { version: 1, sha256Hash: await sha256Hex(body.query) } };
  const post = (payload: Record<string, unknown>) =>
    fetch(url, {
      ...init,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(payload),
    });
  const { query, ...withoutQuery } = body;
  const hashOnly = await post({ ...withoutQuery, extensions });
  const answer = (await hashOnly
    .clone()
    .json()
    .catch(() => null)) as GraphQLResponseBody<unknown> | null;
  const notStored = answer?.errors?.some(
    (error) => error.extensions?.code === PERSISTED_QUERY_NOT_FOUND,
  );

  return notStored ? post({ ...body, query, extensions }) : hashOnly;
}

/**
 * Posts one GraphQL operation to `url` and returns its `data`, as a persisted query when
 * `persisted` is true (server code talking to the API). Browser code leaves it false: it posts to
 * the dashboard's own route, which checks the query text and persists it upstream. Throws
 * `ApiRequestError` when the API is unreachable, responds with a non-JSON body, or returns
 * errors.
 */
export async function requestGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  init: RequestInit = {},
  persisted = false,
): Promise<T> {
  let response: Response;
  try {
    response = persisted
      ? await postPersisted(url, { query, variables }, init)
      : await fetch(url, {
          ...init,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query, variables }),
        });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiRequestError(`The API at ${url} is unreachable: ${reason}`, 'unreachable');
  }

  let body: GraphQLResponseBody<T>;
  try {
    body = (await response.json()) as GraphQLResponseBody<T>;
  } catch {
    throw new ApiRequestError(
      `The API at ${url} returned HTTP ${response.status} without a JSON body`,
      'failed',
    );
  }

  const errors = body.errors ?? [];
  if (errors.length > 0 || !body.data) {
    const summary = errors.map((error) => error.message).join('; ') || 'no data';
    throw new ApiRequestError(
      `The API returned errors: ${summary}`,
      classifyErrors(errors),
      errors,
    );
  }

  return body.data;
}

/** A connection page as the dashboard selects it. */
type NodePage<T> = {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

/** Largest page the API serves for a connection. */
export const MAX_PAGE_SIZE = 100;

/**
 * Reads every node of a connection by following its cursor, up to `maxPages` pages. The lists
 * the dashboard pages through (jurisdictions, categories, editions, consultations) are short,
 * so the cap only guards against a runaway loop.
 */
export async function collectNodes<T>(
  fetchPage: (after: string | null) => Promise<NodePage<T>>,
  maxPages = 20,
): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const connection: NodePage<T> = await fetchPage(after);
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) {
      break;
    }
    after = connection.pageInfo.endCursor;
  }

  return nodes;
}
