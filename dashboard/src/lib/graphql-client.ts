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

/**
 * Posts one GraphQL operation to `url` and returns its `data`. Throws `ApiRequestError` when
 * the API is unreachable, responds with a non-JSON body, or returns errors.
 */
export async function requestGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  init: RequestInit = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
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
