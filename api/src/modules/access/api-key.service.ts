import type { EntityManager } from '@mikro-orm/core';
import { randomBytes } from 'node:crypto';
import {
  pageWindow,
  toConnection,
  type Connection,
  type ConnectionArgs,
} from '../../platform/graphql/connection';
import type { UserError } from '../../platform/graphql/user-error';
import { hashIdentifier } from '../../platform/identity';
import type { ReferenceView } from '../../platform/reference-cache/reference-cache';
import { isCaseModuleId } from '../cases/case.errors';
import { ApiKey } from './api-key.entity';
import { apiKeyErrors } from './api-key.errors';
import {
  API_KEY_SCOPES,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  MAX_RATE_LIMIT_PER_MINUTE,
  type ApiKeyScope,
} from './api-key.scopes';

/** Prefix of every secret, so leaked keys are easy to recognise in code and logs. */
export const SECRET_PREFIX = 'rtz_';
const HASH_NAMESPACE = 'api-key';
/** `lastUsedAt` is written at most this often per key, so reads do not turn into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** A key as returned to staff, and its secret when one was just issued. */
export type ApiKeyResult = { apiKey: ApiKey | null; secret: string | null; errors: UserError[] };

/** Fields staff set on a new key. */
export type NewApiKey = { name: string; scopes: string[]; rateLimitPerMinute?: number | null };

function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Hashes a secret for storage and look-up. */
export function hashSecret(hashKey: string, secret: string): string {
  return hashIdentifier(hashKey, HASH_NAMESPACE, secret);
}

function inputErrors(input: NewApiKey): UserError[] {
  const errors: UserError[] = [];
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    errors.push(apiKeyErrors.invalidName());
  }
  if (input.scopes.length === 0) {
    errors.push(apiKeyErrors.noScopes());
  }
  for (const scope of input.scopes) {
    if (!(API_KEY_SCOPES as readonly string[]).includes(scope)) {
      errors.push(apiKeyErrors.unknownScope(scope));
    }
  }
  const limit = input.rateLimitPerMinute;
  if (
    limit != null &&
    !(Number.isInteger(limit) && limit >= 1 && limit <= MAX_RATE_LIMIT_PER_MINUTE)
  ) {
    errors.push(apiKeyErrors.invalidRateLimit(limit));
  }

  return errors;
}

/** Creates a key and returns it with its secret, which is never retrievable again. */
export async function createApiKey(
  em: EntityManager,
  hashKey: string,
  input: NewApiKey,
  now = new Date(),
): Promise<ApiKeyResult> {
  const errors = inputErrors(input);
  if (errors.length > 0) {
    return { apiKey: null, secret: null, errors };
  }
  const secret = newSecret();
  const apiKey = em.create(ApiKey, {
    name: input.name.trim(),
    prefix: secret.slice(0, 12),
    secretHash: hashSecret(hashKey, secret),
    scopes: [...new Set(input.scopes)],
    rateLimitPerMinute:
      input.rateLimitPerMinute === undefined
        ? DEFAULT_RATE_LIMIT_PER_MINUTE
        : input.rateLimitPerMinute,
    createdAt: now,
  });
  await em.flush();

  return { apiKey, secret, errors: [] };
}

async function findLiveKey(em: EntityManager, id: string): Promise<ApiKey | UserError> {
  const apiKey = isCaseModuleId(id) ? await em.findOne(ApiKey, { id }) : null;
  if (!apiKey) {
    return apiKeyErrors.notFound(id);
  }

  return apiKey.revokedAt ? apiKeyErrors.revoked(id) : apiKey;
}

/** Replaces the secret of a key; the old secret stops working at once. */
export async function rotateApiKey(
  em: EntityManager,
  hashKey: string,
  id: string,
  now = new Date(),
): Promise<ApiKeyResult> {
  const found = await findLiveKey(em, id);
  if (!(found instanceof ApiKey)) {
    return { apiKey: null, secret: null, errors: [found] };
  }
  const secret = newSecret();
  found.prefix = secret.slice(0, 12);
  found.secretHash = hashSecret(hashKey, secret);
  found.rotatedAt = now;
  await em.flush();

  return { apiKey: found, secret, errors: [] };
}

/** Revokes a key for good; requests with it are rejected from then on. */
export async function revokeApiKey(
  em: EntityManager,
  id: string,
  now = new Date(),
): Promise<ApiKeyResult> {
  const found = await findLiveKey(em, id);
  if (!(found instanceof ApiKey)) {
    return { apiKey: null, secret: null, errors: [found] };
  }
  found.revokedAt = now;
  await em.flush();

  return { apiKey: found, secret: null, errors: [] };
}

/** Returns one page of keys, newest first, revoked ones included. */
export async function listApiKeys(
  em: EntityManager,
  args: ConnectionArgs,
): Promise<Connection<ApiKey>> {
  const window = pageWindow(args);
  const [items, total] = await em.findAndCount(
    ApiKey,
    {},
    { orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], limit: window.limit, offset: window.offset },
  );

  return toConnection(items, window, total);
}

/** Outcome of checking a secret: the key, or why it was rejected. */
export type Authentication =
  { ok: true; apiKey: ApiKey } | { ok: false; reason: 'missing' | 'invalid' | 'revoked' | 'scope' };

/**
 * Checks a secret and its scope, and records when the key was last used. With `view`, the key
 * is looked up in the reference cache, whose version moves when a key is created, changed or
 * revoked, so a revoked key is rejected on the next request.
 */
export async function authenticateApiKey(
  em: EntityManager,
  hashKey: string,
  secret: string | null | undefined,
  scope: ApiKeyScope,
  now = new Date(),
  view?: ReferenceView,
): Promise<Authentication> {
  if (!secret) {
    return { ok: false, reason: 'missing' };
  }
  let apiKey: ApiKey | null = null;
  if (secret.startsWith(SECRET_PREFIX)) {
    const secretHash = hashSecret(hashKey, secret);
    apiKey = view
      ? await view.get(`api-key:${secretHash}`, (reader) => reader.findOne(ApiKey, { secretHash }))
      : await em.findOne(ApiKey, { secretHash });
  }
  if (!apiKey) {
    return { ok: false, reason: 'invalid' };
  }
  if (apiKey.revokedAt) {
    return { ok: false, reason: 'revoked' };
  }
  if (!apiKey.scopes.includes(scope)) {
    return { ok: false, reason: 'scope' };
  }
  if (
    !apiKey.lastUsedAt ||
    now.getTime() - apiKey.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS
  ) {
    await em.nativeUpdate(ApiKey, { id: apiKey.id }, { lastUsedAt: now });
    // The cached key records the write too, so the next requests skip it for a minute. The
    // column does not move the reference version.
    apiKey.lastUsedAt = now;
  }

  return { ok: true, apiKey };
}
