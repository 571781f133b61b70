import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/core';
import { PayloadTooLargeError, readBody } from '../../platform/http';
import type { Logger } from '../../platform/logger';
import { errorForLog } from '../../platform/orm-logger';
import type { EventBus } from '../../platform/pubsub';
import { referenceView } from '../../platform/reference-cache/reference-cache';
import { authenticateApiKey } from '../access/api-key.service';
import type { RateLimits } from '../../platform/rate-limit';
import { Jurisdiction } from '../cases/jurisdiction.entity';
import {
  catalogueChangedAt,
  currentDefinitionByCode,
  currentDefinitions,
} from '../catalogue/catalogue.service';
import type { ServiceDefinition } from '../catalogue/service-definition.entity';
import {
  Open311Error,
  sendOpen311,
  sendOpen311Error,
  type Open311Format,
  type Open311Value,
} from './open311.format';
import { param } from './open311.params';
import { createRequest, resolveToken } from './open311.post';
import { findRequest, findRequests, findUpdates } from './open311.requests';

/** Base path of the GeoReport v2 endpoint; discovery is also served one level up. */
export const OPEN311_PATH = '/open311/v2';
/** Largest POST body accepted, in bytes: a 4000-character description plus room for attributes. */
export const MAX_OPEN311_BODY_BYTES = 64_000;

/** Server resources used by the Open311 routes. */
export type Open311Context = {
  em: EntityManager;
  events: EventBus;
  logger: Logger;
  hashKey: string;
  /** Shared rate limits. With Redis they count each API key's requests across API processes. */
  rateLimits: RateLimits;
  /** Public base URL of the server, for discovery, such as http://127.0.0.1:4000. */
  baseUrl: string;
};

const FORBIDDEN: Record<'missing' | 'invalid' | 'revoked' | 'scope', string> = {
  missing: 'api_key is missing: POST requests need an API key; ask the city for one.',
  invalid: 'api_key is invalid: check the key or ask the city for a new one.',
  revoked: 'api_key was revoked: ask the city for a new key.',
  scope: 'api_key may not create requests: ask the city for a key with the open311:write scope.',
};

/** Splits `name.xml` or `name.json` into name and format; null for any other extension. */
function splitFormat(segment: string): { name: string; format: Open311Format } | null {
  const match = /^(.*)\.(xml|json)$/.exec(segment);

  return match ? { name: match[1] as string, format: match[2] as Open311Format } : null;
}

/**
 * Resolves `jurisdiction_id` (a jurisdiction code). It may be omitted or empty while the
 * server contains exactly one jurisdiction. With several, a missing id is 400, and an unknown
 * one is 404.
 */
async function resolveJurisdiction(
  em: EntityManager,
  code: string | undefined,
): Promise<Jurisdiction> {
  if (code !== undefined) {
    const found = await em.findOne(Jurisdiction, { code: code.toLowerCase() });
    if (!found) {
      throw Open311Error.of(
        404,
        `jurisdiction_id ${JSON.stringify(code)} does not exist: pass the code of a city this server serves.`,
      );
    }

    return found;
  }
  const all = await em.find(Jurisdiction, {}, { limit: 2, orderBy: { code: 'asc' } });
  if (all.length !== 1) {
    throw Open311Error.of(
      400,
      'jurisdiction_id is missing: this server serves several cities, so pass the code of one.',
    );
  }

  return all[0] as Jurisdiction;
}

function serviceEntry(definition: ServiceDefinition): Record<string, Open311Value> {
  return {
    service_code: definition.category.code,
    service_name: definition.name,
    description: definition.description,
    metadata: definition.attributes.length > 0,
    type: definition.type,
    keywords: definition.keywords.join(','),
    group: definition.serviceGroup ?? '',
  };
}

function serviceDefinitionBody(definition: ServiceDefinition): Record<string, Open311Value> {
  return {
    service_code: definition.category.code,
    attributes: definition.attributes.map((attribute) => ({
      variable: attribute.variable,
      code: attribute.code,
      datatype: attribute.datatype,
      required: attribute.required,
      datatype_description: attribute.datatypeDescription ?? '',
      order: attribute.order,
      description: attribute.description,
      values: attribute.values.map((value) => ({ key: value.key, name: value.name })),
    })),
  };
}

async function discovery(context: Open311Context): Promise<Record<string, Open311Value>> {
  const jurisdictions = await context.em.find(Jurisdiction, {});
  const changes = await Promise.all(
    jurisdictions.map((jurisdiction) => catalogueChangedAt(context.em, jurisdiction)),
  );
  const newest = changes.reduce<Date>(
    (latest, change) => (change && change > latest ? change : latest),
    new Date(0),
  );
  const changeset = newest.toISOString();

  return {
    changeset,
    contact: 'Contact the city that runs this server.',
    key_service: 'API keys for POST requests are issued by city staff; ask the city for one.',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${context.baseUrl}${OPEN311_PATH}`,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.startsWith('application/x-www-form-urlencoded')) {
    throw Open311Error.of(
      400,
      `Content-Type ${JSON.stringify(contentType)} is not accepted: send the request as application/x-www-form-urlencoded.`,
    );
  }
  try {
    return new URLSearchParams(await readBody(request, MAX_OPEN311_BODY_BYTES));
  } catch (error) {
    if (error instanceof PayloadTooLargeError) {
      throw Open311Error.of(
        413,
        `The request body is larger than ${MAX_OPEN311_BODY_BYTES} bytes: shorten the description and attributes.`,
      );
    }
    throw error;
  }
}

async function postRequest(
  context: Open311Context,
  request: IncomingMessage,
  response: ServerResponse,
  format: Open311Format,
) {
  const form = await readForm(request);
  const view = await referenceView(context.em);
  const auth = await authenticateApiKey(
    context.em,
    context.hashKey,
    form.get('api_key'),
    'open311:write',
    new Date(),
    view,
  );
  if (!auth.ok) {
    throw Open311Error.of(403, FORBIDDEN[auth.reason]);
  }
  const retryAfter = await context.rateLimits.consumeApiKey(
    auth.apiKey.id,
    auth.apiKey.rateLimitPerMinute ?? null,
  );
  if (retryAfter !== null) {
    response.setHeader('retry-after', String(retryAfter));
    throw Open311Error.of(
      429,
      `This API key sent more than ${auth.apiKey.rateLimitPerMinute} requests in one minute: retry after ${retryAfter} seconds.`,
    );
  }
  const jurisdiction = await view.get(
    `open311-jurisdiction:${form.get('jurisdiction_id')?.trim().toLowerCase() ?? ''}`,
    (reader) => resolveJurisdiction(reader, form.get('jurisdiction_id')?.trim() || undefined),
  );
  const entry = await createRequest(
    {
      em: context.em,
      events: context.events,
      logger: context.logger,
      hashKey: context.hashKey,
      apiKey: auth.apiKey,
      view,
    },
    jurisdiction,
    form,
  );
  context.logger.info(
    { apiKeyId: auth.apiKey.id, serviceRequestId: entry.service_request_id },
    'open311 request created',
  );
  sendOpen311(response, 201, format, 'service_requests', [entry]);
}

async function route(
  context: Open311Context,
  request: IncomingMessage,
  response: ServerResponse,
  segments: string[],
  format: Open311Format,
  query: URLSearchParams,
): Promise<void> {
  const method = request.method ?? 'GET';
  const [resource, id] = segments;
  const jurisdiction = () => resolveJurisdiction(context.em, param(query, 'jurisdiction_id'));
  const now = new Date();

  if (resource === 'requests' && id === undefined && method === 'POST') {
    return postRequest(context, request, response, format);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    throw Open311Error.of(
      405,
      `${method} is not supported here: use GET, or POST on requests.${format}.`,
    );
  }
  if (resource === 'discovery' && id === undefined) {
    return sendOpen311(response, 200, format, 'discovery', await discovery(context));
  }
  if (resource === 'services' && id === undefined) {
    const definitions = await currentDefinitions(context.em, await jurisdiction());

    return sendOpen311(response, 200, format, 'services', definitions.map(serviceEntry));
  }
  if (resource === 'services' && id !== undefined) {
    const definition = await currentDefinitionByCode(context.em, await jurisdiction(), id);
    if (!definition || definition.retired) {
      throw Open311Error.of(
        404,
        `Service code ${JSON.stringify(id)} does not exist: pass a code from services.${format}.`,
      );
    }

    return sendOpen311(
      response,
      200,
      format,
      'service_definition',
      serviceDefinitionBody(definition),
    );
  }
  if (resource === 'requests' && id === undefined) {
    const page = await findRequests(context.em, await jurisdiction(), query, now);

    return sendOpen311(response, 200, format, 'service_requests', page.requests, {
      'x-total-count': String(page.total),
    });
  }
  if (resource === 'requests' && id !== undefined) {
    const found = await findRequest(context.em, await jurisdiction(), id);
    if (!found) {
      throw Open311Error.of(404, `Service request ${JSON.stringify(id)} does not exist.`);
    }

    return sendOpen311(response, 200, format, 'service_requests', [found]);
  }
  if (resource === 'tokens' && id !== undefined) {
    const found = await resolveToken(context.em, await jurisdiction(), id);
    if (!found) {
      throw Open311Error.of(
        404,
        `Token ${JSON.stringify(id)} does not exist: pass a token returned by POST requests.`,
      );
    }

    return sendOpen311(response, 200, format, 'service_requests', [found]);
  }
  if (resource === 'servicerequestupdates' && id === undefined) {
    const page = await findUpdates(context.em, await jurisdiction(), query, now);

    return sendOpen311(response, 200, format, 'service_request_updates', page.requests, {
      'x-total-count': String(page.total),
    });
  }
  throw Open311Error.of(
    404,
    `No Open311 resource at ${segments.join('/')}.${format}: see discovery.${format}.`,
  );
}

/**
 * Serves one request under `/open311/v2/` (or `/open311/discovery.{xml,json}`). Errors come back as the Open311 error list in the
 * requested format (XML when the path has no valid extension); internal errors are logged and
 * returned as 500 without details.
 */
export async function handleOpen311Request(
  context: Open311Context,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const rest = url.pathname.replace(/^\/open311(\/v2)?\/?/, '');
  const rawSegments = rest.split('/').filter(Boolean);
  const last = splitFormat(rawSegments[rawSegments.length - 1] ?? '');
  const format: Open311Format = last?.format ?? 'xml';
  try {
    if (!last) {
      throw Open311Error.of(
        400,
        `The path ${url.pathname} has no format: end it with .xml or .json.`,
      );
    }
    const segments = [...rawSegments.slice(0, -1), last.name].map((segment) =>
      decodeURIComponent(segment),
    );
    if (segments.length > 2) {
      throw Open311Error.of(
        404,
        `No Open311 resource at ${url.pathname}: see discovery.${format}.`,
      );
    }
    await route(context, request, response, segments, format, url.searchParams);
  } catch (error) {
    if (error instanceof Open311Error) {
      context.logger.info(
        { status: error.status, path: url.pathname, method: request.method },
        'open311 request rejected',
      );
      if (error.status === 413) {
        response.setHeader('connection', 'close');
      }
      sendOpen311Error(response, format, error);

      return;
    }
    if (error instanceof URIError) {
      sendOpen311Error(
        response,
        format,
        Open311Error.of(400, `The path ${url.pathname} is not valid percent-encoding.`),
      );

      return;
    }
    context.logger.error(
      { error: errorForLog(error), path: url.pathname },
      'open311 request failed',
    );
    sendOpen311Error(
      response,
      format,
      Open311Error.of(500, 'The server failed to handle the request: try again later.'),
    );
  }
}
