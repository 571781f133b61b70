import { userError, type UserError } from '../../platform/graphql/user-error';
import { apiKeyErrors } from '../access/api-key.errors';
import { WEBHOOK_EVENT_TYPES } from './webhook.entity';

/** Maximum length of a webhook URL, in characters. */
export const MAX_WEBHOOK_URL_LENGTH = 2000;

/** Builds the payload errors of the webhook mutations. */
export const webhookErrors = {
  notFound: (id: string): UserError =>
    userError(
      'UNKNOWN_WEBHOOK',
      `No webhook has id ${JSON.stringify(id)}: pass an id from webhooks.`,
      ['input', 'id'],
    ),
  disabled: (id: string): UserError =>
    userError(
      'WEBHOOK_DISABLED',
      `Webhook ${JSON.stringify(id)} is disabled, so its deliveries cannot be retried: register a new webhook.`,
      ['input', 'id'],
    ),
  deliveryNotFound: (id: string): UserError =>
    userError(
      'UNKNOWN_WEBHOOK_DELIVERY',
      `No webhook delivery has id ${JSON.stringify(id)}: pass an id from webhookDeliveries.`,
      ['input', 'id'],
    ),
  deliveryNotFailed: (id: string, status: string): UserError =>
    userError(
      'WEBHOOK_DELIVERY_NOT_FAILED',
      `Webhook delivery ${JSON.stringify(id)} is ${status}, not FAILED: only failed deliveries can be retried.`,
      ['input', 'id'],
    ),
  // The name rule is the one of API keys: 1 to 200 characters naming the application.
  invalidName: apiKeyErrors.invalidName,
  invalidUrl: (url: string, problem: string): UserError =>
    userError(
      'INVALID_WEBHOOK_URL',
      `URL ${JSON.stringify(url.slice(0, 200))} ${problem}: use a public https URL.`,
      ['input', 'url'],
    ),
  urlTooLong: (length: number): UserError =>
    userError(
      'INVALID_WEBHOOK_URL',
      `The URL has ${length} characters: use at most ${MAX_WEBHOOK_URL_LENGTH}.`,
      ['input', 'url'],
    ),
  noEventTypes: (): UserError =>
    userError(
      'NO_EVENT_TYPES',
      `The webhook subscribes to no events: pick at least one of ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
      ['input', 'eventTypes'],
    ),
};
