import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from './context';

/**
 * Codes whose messages are written for clients and pass through unmasked. Everything else is an
 * unexpected failure: the client sees a generic message and the request id, the log gets the
 * error itself.
 */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'INVALID_CURSOR',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

const requestIds = new WeakMap<object, string>();

/** Error thrown for a missing record; its message reaches the client. */
export class NotFoundError extends Error {
  readonly extensions = { code: 'NOT_FOUND' };
}

/** Returns the code a resolver error carries, from our own errors or GraphQL's extensions. */
function errorCode(formatted: GraphQLFormattedError, original: unknown): string | undefined {
  if (original && typeof original === 'object' && 'code' in original && typeof original.code === 'string') {
    return original.code;
  }
  const fromExtensions = formatted.extensions?.code;

  return typeof fromExtensions === 'string' ? fromExtensions : undefined;
}

/** Masks unexpected errors; keeps the messages of errors written for clients. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = errorCode(formatted, original);
  if (code && CLIENT_CODES.has(code)) {
    return { ...formatted, extensions: { ...formatted.extensions, code } };
  }

  const requestId = original && typeof original === 'object' ? requestIds.get(original) : undefined;

  return {
    message: 'Internal server error. Quote the request id when reporting it.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}

/**
 * Logs one line per GraphQL request (operation, duration, error count) and every error with
 * the request id before `formatError` masks it. Variables are never logged, because they may
 * carry personal data.
 */
export const requestLoggingPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    const started = performance.now();

    return {
      async willSendResponse({ contextValue, operationName, errors, operation }) {
        contextValue.logger.info(
          {
            operationName: operationName ?? null,
            operationType: operation?.operation ?? null,
            durationMs: Math.round(performance.now() - started),
            errors: errors?.length ?? 0,
          },
          'graphql request',
        );
      },
      async didEncounterErrors({ contextValue, errors, operationName }) {
        for (const error of errors) {
          const original = unwrapResolverError(error);
          const code = errorCode({ message: error.message, extensions: error.extensions }, original);
          if (original && typeof original === 'object') {
            requestIds.set(original, contextValue.requestId);
          }
          requestIds.set(error, contextValue.requestId);
          if (code && CLIENT_CODES.has(code)) {
            contextValue.logger.info({ code, operationName }, 'request rejected');
          } else {
            contextValue.logger.error({ err: original, operationName }, 'request failed');
          }
        }
      },
    };
  },
};
