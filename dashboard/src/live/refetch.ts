import { requestGraphQL } from '@/lib/graphql-client';

/** Route of the dashboard that forwards read-only queries to the API. */
export const DASHBOARD_GRAPHQL_ROUTE = '/api/graphql';

/** Sends a query from the browser through the dashboard's own origin. */
export function refetchQuery<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  return requestGraphQL<T>(DASHBOARD_GRAPHQL_ROUTE, query, variables, { cache: 'no-store' });
}
