import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { operationNameError, unstorableTextError } from './text-input';

/** Most tokens a WebSocket operation may have, the same limit the HTTP path applies. */
const MAX_TOKENS = 5_000;

/**
 * Parses and validates one WebSocket operation with the standard rules plus the query limits
 * used on HTTP. Returns the execution arguments, or the errors that graphql-ws sends back to the
 * client. graphql-ws adds the context from the server's `context` option.
 */
export function validateSubscription(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  limits: readonly ValidationRule[],
): ExecutionArgs | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: MAX_TOKENS });
  } catch (error) {
    return [error instanceof GraphQLError ? error : new GraphQLError('The operation could not be parsed.')];
  }

  const errors = validate(schema, document, [...specifiedRules, ...limits]);
  if (errors.length > 0) {
    return errors;
  }
  const textError = unstorableTextError(document, payload.variables) ?? operationNameError(payload.operationName);
  if (textError) {
    return [textError];
  }

  return {
    schema,
    document,
    operationName: payload.operationName,
    variableValues: payload.variables,
  };
}
