import type { EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { validateAttributeAnswers } from '@ratusz/shared';
import { hashIdentifier } from '../../platform/identity';
import type { EventBus } from '../../platform/pubsub';
import type { ReferenceView } from '../../platform/reference-cache/reference-cache';
import type { ApiKey } from '../access/api-key.entity';
import { openCase } from '../cases/case.service';
import type { Jurisdiction } from '../cases/jurisdiction.entity';
import { currentDefinitionByCode } from '../catalogue/catalogue.service';
import { Open311Error, type Open311ErrorEntry, type Open311Value } from './open311.format';
import { Open311Request } from './open311-request.entity';

/** Maximum description length of `POST /requests`, in characters, as GeoReport v2 sets it. */
export const MAX_OPEN311_DESCRIPTION_LENGTH = 4_000;
/** Maximum length of the address text, media URL and submitter fields, in characters. */
const MAX_FIELD_LENGTH = 1_000;
/** Maximum length of `address_id`, in characters: the width of `open311_request.address_id`. */
export const MAX_ADDRESS_ID_LENGTH = 200;

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](\[\])?$/;

/** Collects `attribute[CODE]=v` and repeated `attribute[CODE][]=v` fields of a form. */
export function attributeFields(form: URLSearchParams): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (const [key, value] of form) {
    const match = ATTRIBUTE_KEY.exec(key);
    if (!match) {
      continue;
    }
    const code = match[1] as string;
    if (match[2]) {
      const list = answers[code];
      answers[code] = Array.isArray(list) ? [...list, value] : [value];
    } else if (answers[code] === undefined) {
      answers[code] = value;
    }
  }

  return answers;
}

function field(form: URLSearchParams, name: string): string | undefined {
  const value = form.get(name);

  return value === null || value.trim() === '' ? undefined : value;
}

function coordinate(
  value: string | undefined,
  name: 'lat' | 'long',
  limit: number,
  errors: Open311ErrorEntry[],
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(Math.abs(number) <= limit)) {
    errors.push({
      code: 400,
      description: `${name} ${JSON.stringify(value)} is invalid: pass WGS84 decimal degrees from -${limit} to ${limit}.`,
    });

    return undefined;
  }

  return number;
}

function textErrors(form: URLSearchParams, errors: Open311ErrorEntry[]): void {
  const description = form.get('description') ?? '';
  if (description.length > MAX_OPEN311_DESCRIPTION_LENGTH) {
    errors.push({
      code: 400,
      description: `description has ${description.length} characters: shorten it to at most ${MAX_OPEN311_DESCRIPTION_LENGTH}.`,
    });
  }
  for (const name of [
    'address_string',
    'address_id',
    'media_url',
    'email',
    'phone',
    'device_id',
    'account_id',
    'first_name',
    'last_name',
  ]) {
    const value = form.get(name) ?? '';
    const maximum = name === 'address_id' ? MAX_ADDRESS_ID_LENGTH : MAX_FIELD_LENGTH;
    if (value.length > maximum) {
      errors.push({
        code: 400,
        description: `${name} has ${value.length} characters: shorten it to at most ${maximum}.`,
      });
    }
  }
  for (const name of ['description', 'address_string', 'address_id', 'media_url']) {
    if (CONTROL_CHARACTERS.test(form.get(name) ?? '')) {
      errors.push({
        code: 400,
        description: `${name} contains control characters (such as NUL): send plain text.`,
      });
    }
  }
  const mediaUrl = field(form, 'media_url');
  if (mediaUrl !== undefined && !/^https?:\/\/\S+$/i.test(mediaUrl)) {
    errors.push({
      code: 400,
      description: `media_url ${JSON.stringify(mediaUrl.slice(0, 100))} is not an http or https URL.`,
    });
  }
}

/** Everything `POST /requests` needs besides the form. */
export type PostContext = {
  em: EntityManager;
  events: EventBus;
  logger?: Logger;
  hashKey: string;
  apiKey: ApiKey;
  /** Reference cache view of this request; the service definition is looked up in it. */
  view: ReferenceView;
  now?: Date;
};

/**
 * Creates a case from an Open311 POST form with channel OPEN311 and returns the response
 * entry: the id for `realtime` services, a token for `batch`, neither for `blackbox`. Throws
 * an `Open311Error` before anything is written: 404 for an unknown service, 400 for invalid
 * fields, all listed at once. The case and its Open311 details are written in one transaction.
 */
export async function createRequest(
  context: PostContext,
  jurisdiction: Jurisdiction,
  form: URLSearchParams,
): Promise<Record<string, Open311Value>> {
  const now = context.now ?? new Date();
  const serviceCode = field(form, 'service_code');
  if (serviceCode === undefined) {
    throw Open311Error.of(
      400,
      'service_code is missing: pass a code from services.xml or services.json.',
    );
  }
  const definition = await context.view.get(
    `definition:${jurisdiction.id}:${serviceCode}`,
    (reader) => currentDefinitionByCode(reader, jurisdiction, serviceCode),
  );
  if (!definition) {
    throw Open311Error.of(
      404,
      `Service code ${JSON.stringify(serviceCode)} does not exist: pass a code from services.xml or services.json.`,
    );
  }
  if (definition.retired) {
    throw Open311Error.of(
      404,
      `Service code ${JSON.stringify(serviceCode)} is retired: pick a current service.`,
    );
  }

  const errors: Open311ErrorEntry[] = [];
  const latText = field(form, 'lat');
  const longText = field(form, 'long');
  const latitude = coordinate(latText, 'lat', 90, errors);
  const longitude = coordinate(longText, 'long', 180, errors);
  if ((latText === undefined) !== (longText === undefined)) {
    errors.push({
      code: 400,
      description: `${latText === undefined ? 'lat' : 'long'} is missing: pass both lat and long.`,
    });
  }
  const addressString = field(form, 'address_string');
  const addressId = field(form, 'address_id');
  if (
    latText === undefined &&
    longText === undefined &&
    addressString === undefined &&
    addressId === undefined
  ) {
    errors.push({
      code: 400,
      description: 'The location is missing: pass lat and long, address_string or address_id.',
    });
  }
  textErrors(form, errors);
  const validation = validateAttributeAnswers(definition.attributes, attributeFields(form));
  errors.push(
    ...validation.problems.map((problem) => ({ code: 400, description: problem.message })),
  );
  if (errors.length > 0) {
    throw new Open311Error(400, errors);
  }

  const hash = (name: string) => {
    const value = field(form, name)?.trim();

    return value
      ? hashIdentifier(
          context.hashKey,
          `open311-${name}`,
          name === 'email' ? value.toLowerCase() : value,
        )
      : null;
  };
  const token = definition.type === 'batch' ? randomUUID() : null;
  const result = await openCase(
    { em: context.em, events: context.events, logger: context.logger },
    {
      jurisdictionId: jurisdiction.id,
      categoryId: definition.category.id,
      latitude: latitude ?? null,
      longitude: longitude ?? null,
      channel: 'OPEN311',
      description: field(form, 'description') ?? null,
    },
    now,
    {
      view: context.view,
      // Ids only: the definition and key are cached and must not become managed by the
      // transaction, whose flush would write them back.
      withinTransaction: (_tx, serviceCase, rows) => {
        rows.add(Open311Request, {
          id: randomUUID(),
          serviceCase: serviceCase.id,
          definition: definition.id,
          apiKey: context.apiKey.id,
          token,
          answers: validation.answers,
          addressString: addressString ?? null,
          addressId: addressId ?? null,
          mediaUrl: field(form, 'media_url') ?? null,
          emailHash: hash('email'),
          phoneHash: hash('phone'),
          deviceIdHash: hash('device_id'),
          accountIdHash: hash('account_id'),
          createdAt: now,
        });
      },
    },
  );
  if (!result.case) {
    throw new Open311Error(
      400,
      result.errors.map((error) => ({ code: 400, description: error.message })),
    );
  }
  const created = result.case;

  const entry: Record<string, Open311Value> = {};
  if (definition.type === 'realtime') {
    entry.service_request_id = created.number;
  } else if (token) {
    entry.token = token;
  }
  if (definition.serviceNotice) {
    entry.service_notice = definition.serviceNotice;
  }
  const accountId = field(form, 'account_id');
  if (accountId !== undefined) {
    entry.account_id = accountId;
  }

  return entry;
}

/** Returns the request id of a batch token, or null for an unknown token. */
export async function resolveToken(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  token: string,
): Promise<Record<string, Open311Value> | null> {
  const request = await em.findOne(
    Open311Request,
    { token, serviceCase: { jurisdiction } },
    { populate: ['serviceCase'] },
  );

  return request ? { service_request_id: request.serviceCase.number, token } : null;
}
