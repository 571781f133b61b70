import { ensureJurisdiction } from '../../src/modules/cases/reference.service';
import type { TestServer } from '../support/server';

/** Open311 base URL of a test server. */
export function open311Base(server: TestServer): string {
  return `http://127.0.0.1:${server.port}/open311/v2`;
}

/** Writes a jurisdiction directly and returns its id. */
export async function seedJurisdiction(
  server: TestServer,
  code: string,
  name: string,
): Promise<string> {
  const em = server.orm.em.fork();
  const jurisdiction = await ensureJurisdiction(em, code, name);
  await em.flush();

  return jurisdiction.id;
}

/** Creates an API key over GraphQL and returns its secret and id. */
export async function createKey(
  server: TestServer,
  scopes: string[] = ['open311:write'],
  rateLimitPerMinute: number | null = null,
): Promise<{ id: string; secret: string }> {
  const result = await server.graphql<{
    createApiKey: { apiKey: { id: string }; secret: string; errors: unknown[] };
  }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret errors { code message } } }`,
    { input: { name: 'Test client', scopes, rateLimitPerMinute } },
    { as: 'ADMINISTRATOR' },
  );
  const payload = result.data?.createApiKey;
  if (!payload || payload.errors.length > 0) {
    throw new Error(`createApiKey failed: ${JSON.stringify(result)}`);
  }

  return { id: payload.apiKey.id, secret: payload.secret };
}

/** Input of `createService` as the tests write it. */
export type ServiceSeed = {
  serviceCode: string;
  name: string;
  type?: 'REALTIME' | 'BATCH' | 'BLACKBOX';
  group?: string;
  keywords?: string[];
  serviceNotice?: string;
  attributes?: Record<string, unknown>[];
};

/** Creates a service over GraphQL and returns its category id. */
export async function createService(
  server: TestServer,
  jurisdictionId: string,
  seed: ServiceSeed,
): Promise<string> {
  const result = await server.graphql<{
    createService: { definition: { category: { id: string } } | null; errors: unknown[] };
  }>(
    `mutation ($input: CreateServiceInput!) {
      createService(input: $input) { definition { category { id } } errors { code message field } }
    }`,
    {
      input: {
        jurisdictionId,
        description: `${seed.name} reported by residents.`,
        type: 'REALTIME',
        ...seed,
      },
    },
    { as: 'ADMINISTRATOR' },
  );
  const definition = result.data?.createService.definition;
  if (!definition) {
    throw new Error(`createService failed: ${JSON.stringify(result)}`);
  }

  return definition.category.id;
}

/** Sends a form-encoded POST to `requests.<format>`. */
export async function postRequest(
  server: TestServer,
  fields: Record<string, string | string[]> | [string, string][],
  format: 'json' | 'xml' = 'json',
): Promise<Response> {
  const form = new URLSearchParams();
  const entries = Array.isArray(fields) ? fields : Object.entries(fields);
  for (const [key, value] of entries) {
    for (const item of Array.isArray(value) ? value : [value]) {
      form.append(key, item);
    }
  }

  return fetch(`${open311Base(server)}/requests.${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: form.toString(),
  });
}

/** GETs an Open311 path (relative to the v2 base) and returns the response. */
/**
 * Sends a GET to the Open311 endpoint, and sends it once more when the keep-alive connection
 * that fetch reused was closed, because a GET is idempotent. The server closes idle connections
 * after 65 s, and a test may spend longer than that outside HTTP. The Los Angeles replay, for
 * one, changes 9,999 statuses through the service layer between its POSTs and its GETs.
 */
export async function getOpen311(server: TestServer, path: string): Promise<Response> {
  const url = `${open311Base(server)}/${path}`;
  try {
    return await fetch(url);
  } catch (error) {
    if (!isConnectionReset(error)) {
      throw error;
    }

    return fetch(url);
  }
}

/** Reports whether fetch failed because the server closed or reset the connection it used. */
function isConnectionReset(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;

  return error instanceof TypeError && (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE');
}
