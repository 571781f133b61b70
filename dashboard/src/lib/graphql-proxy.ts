import { Kind, parse, type DocumentNode } from 'graphql';

/** Largest request body the dashboard forwards to the API, in bytes. */
export const MAX_FORWARDED_BODY_BYTES = 100_000;

/** A request the forwarding route accepts: one read-only operation. */
export type ForwardedRequest = {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
};

/** Outcome of checking a request body: the request to forward, or why it was rejected. */
export type ForwardCheck = { ok: true; request: ForwardedRequest } | { ok: false; message: string };

function parseDocument(query: string): DocumentNode | string {
  try {
    return parse(query);
  } catch (error) {
    return `The query is not valid GraphQL: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Checks a POSTed body before the dashboard forwards it. The route exists so that browser code
 * can refetch aggregates from the dashboard's own origin, so it passes queries only: mutations
 * and subscriptions go to the API directly, where they are authorised.
 */
export function checkForwardedBody(body: unknown): ForwardCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'Send one JSON object with a "query" string.' };
  }
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '') {
    return {
      ok: false,
      message: 'The "query" field is missing: send the GraphQL query as a string.',
    };
  }
  if (variables !== undefined && (typeof variables !== 'object' || Array.isArray(variables))) {
    return { ok: false, message: 'The "variables" field must be a JSON object.' };
  }
  if (operationName !== undefined && typeof operationName !== 'string') {
    return { ok: false, message: 'The "operationName" field must be a string.' };
  }

  const document = parseDocument(query);
  if (typeof document === 'string') {
    return { ok: false, message: document };
  }
  const operations = document.definitions.filter(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const writing = operations.find((operation) => operation.operation !== 'query');
  if (writing) {
    return {
      ok: false,
      message: `Only queries are forwarded, not a ${writing.operation}: send it to the API directly.`,
    };
  }

  return {
    ok: true,
    request: {
      query,
      variables: (variables as Record<string, unknown> | null) ?? {},
      ...(operationName ? { operationName } : {}),
    },
  };
}
