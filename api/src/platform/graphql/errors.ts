import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { errorForLog } from '../orm-logger';
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
  'RATE_LIMITED',
  'RECOUNT_LIMIT',
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

/**
 * Maximum length of a returned error message, in characters, because GraphQL quotes whole
 * invalid values.
 */
const MAX_MESSAGE_LENGTH = 1_000;

function shortened(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH
    ? message
    : `${message.slice(0, MAX_MESSAGE_LENGTH)}… (${message.length - MAX_MESSAGE_LENGTH} more characters)`;
}

/** The part of a class-validator error that type-graphql reports for an invalid argument. */
type ArgumentProblem = { property?: unknown; constraints?: unknown; children?: unknown };

/** One invalid input field: its path, such as `input.password`, and what is wrong with it. */
type FieldProblem = { field: string; problems: string[] };

/**
 * Flattens type-graphql's `validationErrors` to field paths and constraint messages. The
 * originals also carry `target` (the whole input) and `value`, which would echo a password or
 * a resident's text back in the error.
 */
function fieldProblems(errors: unknown, prefix = ''): FieldProblem[] {
  if (!Array.isArray(errors)) {
    return [];
  }

  return (errors as ArgumentProblem[]).flatMap((error) => {
    const field = `${prefix}${String(error.property ?? '?')}`;
    const constraints =
      error.constraints && typeof error.constraints === 'object' ? Object.values(error.constraints as Record<string, unknown>).map(String) : [];

    return [...(constraints.length > 0 ? [{ field, problems: constraints }] : []), ...fieldProblems(error.children, `${field}.`)];
  });
}

/** Replaces an argument validation error's echo of the input with the fields and their problems. */
function withoutInputEcho(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { validationErrors, ...extensions } = formatted.extensions ?? {};
  if (validationErrors === undefined) {
    return formatted;
  }
  const fields = fieldProblems(validationErrors);
  const summary = fields.map(({ field, problems }) => `${field}: ${problems.join('; ')}`).join('. ');

  return {
    ...formatted,
    message: summary ? `Invalid input. ${summary}.` : formatted.message,
    extensions: { ...extensions, validationErrors: fields },
  };
}

/** Start of graphql-js's message for a variable whose value does not fit its type. */
const INVALID_VARIABLE = /^Variable "\$([^"]+)" got invalid value /;

/**
 * Drops the value from the reason of a coercion error: scalars and enums quote the rejected
 * value after a colon ("String cannot represent a non string value: …") or in quotes.
 */
function reasonWithoutValue(reason: string): string {
  const enumValue = /^Value ".*" does not exist in "([^"]+)" enum\./s.exec(reason);
  if (enumValue) {
    return `The value is not one of the "${enumValue[1]}" enum's values.`;
  }
  const colon = reason.indexOf(': ');
  if (colon > 0 && /value/i.test(reason.slice(0, colon))) {
    return `${reason.slice(0, colon)}.`;
  }

  return reason;
}

/**
 * Rewrites graphql-js's error for a variable that does not fit its type, which quotes the whole
 * value of the variable: a password or a resident's description would come back in the error.
 * The new message names the variable, the path inside it and the reason, without values.
 */
function withoutVariableEcho(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const variable = INVALID_VARIABLE.exec(formatted.message);
  if (!variable) {
    return formatted;
  }
  const inner = error instanceof GraphQLError && error.originalError ? error.originalError.message : '';
  const head = inner && formatted.message.endsWith(`; ${inner}`) ? formatted.message.slice(0, -(inner.length + 2)) : '';
  const at = / at "([^"]+)"$/.exec(head);
  const reason = inner ? reasonWithoutValue(inner) : 'check the type the schema gives it.';

  return { ...formatted, message: `Variable "$${variable[1]}" got an invalid value${at ? ` at "${at[1]}"` : ''}: ${reason}` };
}

/** Masks unexpected errors and shortens the messages of errors written for clients. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = errorCode(formatted, original);
  if (code && CLIENT_CODES.has(code)) {
    const safe = withoutInputEcho(withoutVariableEcho(formatted, error));

    return { ...safe, message: shortened(safe.message), extensions: { ...safe.extensions, code } };
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
            contextValue.logger.error({ error: errorForLog(original), operationName }, 'request failed');
          }
        }
      },
    };
  },
};

/**
 * Rejects subscription operations sent over HTTP with 400 and a pointer to the WebSocket
 * transport, instead of letting Apollo fail on them.
 */
export const subscriptionsOverHttpPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError(
            'Subscriptions are served over WebSocket (graphql-ws protocol) on this URL, not over HTTP.',
            { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
          );
        }
      },
    };
  },
};
