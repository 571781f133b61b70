import { userError, type UserError } from '../../platform/graphql/user-error';
import { API_KEY_SCOPES, MAX_RATE_LIMIT_PER_MINUTE } from './api-key.scopes';

/** Builds the payload errors of the API key mutations. */
export const apiKeyErrors = {
  notFound: (id: string): UserError =>
    userError(
      'UNKNOWN_API_KEY',
      `No API key has id ${JSON.stringify(id)}: pass an id from apiKeys.`,
      ['input', 'id'],
    ),
  revoked: (id: string): UserError =>
    userError(
      'API_KEY_REVOKED',
      `API key ${JSON.stringify(id)} is revoked and cannot change: create a new key.`,
      ['input', 'id'],
    ),
  invalidName: (): UserError =>
    userError(
      'INVALID_NAME',
      'The name is empty or longer than 200 characters: name the application in 1 to 200 characters.',
      ['input', 'name'],
    ),
  unknownScope: (scope: string): UserError =>
    userError(
      'UNKNOWN_SCOPE',
      `Scope ${JSON.stringify(scope)} does not exist: use ${API_KEY_SCOPES.join(' or ')}.`,
      ['input', 'scopes'],
    ),
  noScopes: (): UserError =>
    userError(
      'NO_SCOPES',
      `The key has no scopes: grant at least one of ${API_KEY_SCOPES.join(', ')}.`,
      ['input', 'scopes'],
    ),
  invalidRateLimit: (value: number): UserError =>
    userError(
      'INVALID_RATE_LIMIT',
      `rateLimitPerMinute ${value} is out of range: pass a whole number from 1 to ${MAX_RATE_LIMIT_PER_MINUTE}, or null for no limit.`,
      ['input', 'rateLimitPerMinute'],
    ),
};
