import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { CaseTimelineEntry } from '../../src/modules/cases/case-timeline-entry.entity';
import { Open311Request } from '../../src/modules/open311/open311-request.entity';
import { startTestServer, type TestServer } from '../support/server';
import {
  createKey,
  createService,
  open311Base,
  postRequest,
  seedJurisdiction,
} from '../open311/support';

const OPEN_CASE = `mutation Open($input: OpenCaseInput!) {
  openCase(input: $input) { case { id number } errors { code field message } }
}`;
const SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)> & <b>hole</b>';

let server: TestServer;
let key: string;
let jurisdictionId: string;
let categoryId: string;

/** Rows of every table that intake writes, to show a rejected request wrote none. */
async function rowCounts() {
  const em = server.orm.em.fork();

  return {
    cases: await em.count(ServiceCase, {}),
    timeline: await em.count(CaseTimelineEntry, {}),
    open311: await em.count(Open311Request, {}),
  };
}

beforeAll(async () => {
  server = await startTestServer();
  jurisdictionId = await seedJurisdiction(server, 'hostile', 'Hostile Town');
  categoryId = await createService(server, jurisdictionId, {
    serviceCode: 'hole',
    name: 'Pothole',
  });
  key = (await createKey(server)).secret;
});

afterAll(async () => {
  await server?.stop();
});

describe('Open311 intake of hostile input', () => {
  const location = { lat: '52.2', long: '21.0' };

  it.each([
    ['oversize description', { description: 'x'.repeat(4_001) }, 400, 'at most 4000'],
    ['NaN latitude', { lat: 'NaN', long: '21' }, 400, 'lat "NaN" is invalid'],
    ['infinite longitude', { lat: '52', long: 'Infinity' }, 400, 'long "Infinity" is invalid'],
    ['hexadecimal latitude', { lat: '0x10', long: '21' }, 400, 'lat "0x10" is invalid'],
    ['latitude beyond the pole', { lat: '-90.0001', long: '21' }, 400, 'lat "-90.0001"'],
    ['longitude beyond 180', { lat: '52', long: '180.5' }, 400, 'long "180.5"'],
    ['unknown service code', { service_code: 'HOLE' }, 404, '"HOLE" does not exist'],
    ['script in the service code', { service_code: SCRIPT }, 404, 'does not exist'],
    ['script in media_url', { media_url: 'javascript:alert(1)' }, 400, 'media_url'],
    ['oversize address_id', { address_id: 'A'.repeat(201) }, 400, 'address_id has 201 characters: shorten it to at most 200'],
  ] as const)('rejects %s and writes nothing', async (_name, fields, status, message) => {
    const before = await rowCounts();

    const response = await postRequest(server, {
      api_key: key,
      service_code: 'hole',
      ...location,
      ...fields,
    });
    const body = (await response.json()) as { code: number; description: string }[];

    expect(response.status).toBe(status);
    expect(body.map((error) => error.description).join(' ')).toContain(message);
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['JSON', 'application/json', JSON.stringify({ service_code: 'hole' })],
    ['plain text', 'text/plain', 'service_code=hole&lat=52&long=21'],
    ['XML', 'application/xml', '<service_code>hole</service_code>'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\n\r\nhole\r\n--x--'],
  ])('rejects a %s body and writes nothing', async (_name, contentType, body) => {
    const before = await rowCounts();

    const response = await fetch(`${open311Base(server)}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    const errors = (await response.json()) as { code: number; description: string }[];

    expect(response.status).toBe(400);
    expect(errors[0]!.description).toContain('application/x-www-form-urlencoded');
    expect(await rowCounts()).toEqual(before);
  });

  it('stores HTML as plain text and never returns it', async () => {
    const response = await postRequest(server, {
      api_key: key,
      service_code: 'hole',
      ...location,
      description: SCRIPT,
    });
    const [entry] = (await response.json()) as { service_request_id: string }[];
    const stored = await server.orm.em
      .fork()
      .findOneOrFail(
        ServiceCase,
        { number: entry!.service_request_id },
        { populate: ['description'] },
      );
    const listed = await (await fetch(`${open311Base(server)}/requests.json`)).text();

    expect(response.status).toBe(201);
    expect(stored.description).toBe(SCRIPT);
    expect(listed).not.toContain('<script');
    expect(listed).not.toContain('onerror');
  });
});

describe('GraphQL intake of hostile input', () => {
  const valid = () => ({
    jurisdictionId,
    categoryId,
    channel: 'WEB',
    latitude: 52.2,
    longitude: 21,
  });

  it.each([
    ['oversize description', { description: 'x'.repeat(5_001) }, 'DESCRIPTION_TOO_LONG'],
    ['a control character in the description', { description: 'a\u0007b' }, 'INVALID_DESCRIPTION'],
    ['latitude beyond the pole', { latitude: 90.0001 }, 'INVALID_LATITUDE'],
    ['longitude beyond 180', { longitude: -180.5 }, 'INVALID_LONGITUDE'],
    ['latitude without longitude', { longitude: null }, 'INCOMPLETE_LOCATION'],
    ['unknown category', { categoryId: 'not-a-category' }, 'UNKNOWN_CATEGORY'],
    ['script as category id', { categoryId: SCRIPT }, 'UNKNOWN_CATEGORY'],
  ] as const)('rejects %s and writes nothing', async (_name, fields, code) => {
    const before = await rowCounts();

    const response = await server.graphql(OPEN_CASE, { input: { ...valid(), ...fields } });
    const payload = response.data?.openCase;

    expect(response.errors).toBeUndefined();
    expect(payload.case).toBeNull();
    expect(payload.errors.map((error: { code: string }) => error.code)).toContain(code);
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['a string latitude', { latitude: '52.2' }],
    ['a NaN latitude', { latitude: 'NaN' }],
    ['an unknown channel', { channel: 'CARRIER_PIGEON' }],
    // NUL is refused for every text variable before any resolver runs (platform/graphql/text-input.ts).
    ['NUL in the description', { description: 'a\u0000b' }],
  ])('rejects %s as bad input and writes nothing', async (_name, fields) => {
    const before = await rowCounts();

    const response = await server.graphql(OPEN_CASE, { input: { ...valid(), ...fields } });

    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ['plain text', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
  ])('rejects %s bodies and writes nothing', async (_name, contentType) => {
    const before = await rowCounts();

    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: JSON.stringify({ query: OPEN_CASE, variables: { input: valid() } }),
    });

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await rowCounts()).toEqual(before);
  });

  it('stores HTML as plain text and keeps it private', async () => {
    const response = await server.graphql(OPEN_CASE, {
      input: { ...valid(), description: SCRIPT },
    });
    const created = response.data?.openCase.case;
    const stored = await server.orm.em
      .fork()
      .findOneOrFail(ServiceCase, { id: created.id }, { populate: ['description'] });
    const listed = await server.graphql(
      `query ($filter: CaseFilter) { cases(filter: $filter) { edges { node { number } } } }`,
      { filter: { jurisdictionId } },
    );

    expect(response.data?.openCase.errors).toEqual([]);
    expect(stored.description).toBe(SCRIPT);
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.cases.edges.length).toBeGreaterThan(0);
    expect(JSON.stringify(listed)).not.toContain('<script');
  });
});
