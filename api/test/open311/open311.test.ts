import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { changeCaseStatus } from '../../src/modules/cases/case-lifecycle.service';
import { Open311Request } from '../../src/modules/open311/open311-request.entity';
import { ANNA_NOWAK, JAN_KOWALSKI } from '../support/personal-values';
import { nextEvents, startTestServer, type TestServer } from '../support/server';
import {
  createKey,
  createService,
  getOpen311,
  open311Base,
  postRequest,
  seedJurisdiction,
} from './support';

let server: TestServer;
let key: string;
let jurisdictionId: string;

const LOCATION = { lat: '52.229676', long: '21.012229' };

function parseXml(text: string): any {
  return create(text).end({ format: 'object' });
}

async function json(response: Response): Promise<any> {
  expect(response.status).toBeLessThan(500);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');

  return response.json();
}

async function post(fields: Record<string, string | string[]>) {
  return postRequest(server, { api_key: key, ...fields });
}

async function caseCount(): Promise<number> {
  return server.orm.em.fork().count(ServiceCase, {});
}

beforeAll(async () => {
  server = await startTestServer();
  jurisdictionId = await seedJurisdiction(server, 'warszawa', 'Warszawa');
  key = (await createKey(server)).secret;
  await createService(server, jurisdictionId, {
    serviceCode: '001',
    name: 'Pothole',
    group: 'Streets',
    keywords: ['road', 'asphalt'],
    serviceNotice: 'Crews repair potholes within 5 working days.',
  });
  await createService(server, jurisdictionId, {
    serviceCode: '002',
    name: 'Bulky items',
    type: 'BATCH',
    group: 'Sanitation',
    attributes: [
      {
        code: 'ITEMS',
        variable: true,
        datatype: 'MULTI_VALUE_LIST',
        required: true,
        order: 2,
        description: 'Which items?',
        values: [
          { key: 'sofa', name: 'Sofa' },
          { key: 'fridge', name: 'Fridge' },
        ],
      },
      {
        code: 'COUNT',
        variable: true,
        datatype: 'NUMBER',
        required: false,
        order: 3,
        description: 'How many pieces?',
        values: [],
      },
      {
        code: 'WHEN',
        variable: true,
        datatype: 'DATETIME',
        required: false,
        order: 4,
        description: 'When are they out?',
        values: [],
      },
      {
        code: 'NOTE',
        variable: false,
        datatype: 'STRING',
        required: false,
        order: 1,
        description: 'Only items that fit in a van.',
        values: [],
      },
      {
        code: 'SIZE',
        variable: true,
        datatype: 'SINGLE_VALUE_LIST',
        required: true,
        order: 5,
        description: 'Size?',
        values: [
          { key: 'S', name: 'Small' },
          { key: 'L', name: 'Large' },
        ],
      },
    ],
  });
  await createService(server, jurisdictionId, {
    serviceCode: '003',
    name: 'Noise',
    type: 'BLACKBOX',
  });
});

afterAll(async () => {
  await server?.stop();
});

describe('discovery', () => {
  it('serves XML and JSON with changeset, type and formats', async () => {
    const jsonResponse = await fetch(`${open311Base(server)}/discovery.json`);
    const body = await json(jsonResponse);
    expect(body.changeset).toMatch(/Z$/);
    expect(body.endpoints).toHaveLength(1);
    expect(body.endpoints[0].type).toBe('production');
    expect(body.endpoints[0].formats).toEqual(['text/xml', 'application/json']);
    expect(body.endpoints[0].url).toBe(open311Base(server));
    expect(body.endpoints[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');

    const xmlResponse = await fetch(`http://127.0.0.1:${server.port}/open311/discovery.xml`);
    expect(xmlResponse.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const text = await xmlResponse.text();
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const xml = parseXml(text);
    expect(xml.discovery.changeset).toBe(body.changeset);
    expect(xml.discovery.endpoints.endpoint.formats.format).toEqual([
      'text/xml',
      'application/json',
    ]);
  });
});

describe('services', () => {
  it('lists services with string codes in both formats', async () => {
    const body = await json(await getOpen311(server, 'services.json'));
    expect(Array.isArray(body)).toBe(true);
    expect(body.map((service: any) => service.service_code)).toEqual(['001', '002', '003']);
    expect(body[0]).toEqual({
      service_code: '001',
      service_name: 'Pothole',
      description: 'Pothole reported by residents.',
      metadata: false,
      type: 'realtime',
      keywords: 'road,asphalt',
      group: 'Streets',
    });
    expect(body[1].metadata).toBe(true);
    expect(body[1].type).toBe('batch');

    const response = await getOpen311(server, 'services.xml?jurisdiction_id=');
    const xml = parseXml(await response.text());
    expect(xml.services.service).toHaveLength(3);
    expect(xml.services.service[0].service_code).toBe('001');
  });

  it('returns a definition with attributes in order', async () => {
    const body = await json(await getOpen311(server, 'services/002.json'));
    expect(Array.isArray(body)).toBe(false);
    expect(body.service_code).toBe('002');
    expect(body.attributes.map((attribute: any) => attribute.code)).toEqual([
      'NOTE',
      'ITEMS',
      'COUNT',
      'WHEN',
      'SIZE',
    ]);
    expect(body.attributes[1]).toMatchObject({
      variable: true,
      datatype: 'multivaluelist',
      required: true,
      order: 2,
    });
    expect(body.attributes[1].values).toEqual([
      { key: 'sofa', name: 'Sofa' },
      { key: 'fridge', name: 'Fridge' },
    ]);

    const xml = parseXml(await (await getOpen311(server, 'services/002.xml')).text());
    expect(xml.service_definition.attributes.attribute).toHaveLength(5);
  });

  it('answers 404 for an unknown service code', async () => {
    const response = await getOpen311(server, 'services/1.json');
    expect(response.status).toBe(404);
    const body = await json(response);
    expect(body[0].code).toBe(404);
    expect(body[0].description).toContain('"1"');
  });
});

describe('POST requests', () => {
  it('returns an id for realtime services and publishes caseChanged', async () => {
    const { subscribed, done } = nextEvents<any>(
      server.wsClient(),
      'subscription { caseChanged { kind case { channel category { code } } } }',
      {},
      1,
    );
    await subscribed;
    const response = await post({ service_code: '001', ...LOCATION, description: 'Deep hole' });
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toHaveLength(1);
    expect(body[0].service_request_id).toMatch(/^WARSZAWA-\d{4}-\d{6}$/);
    expect(body[0].token).toBeUndefined();
    expect(body[0].service_notice).toBe('Crews repair potholes within 5 working days.');
    const [event] = await done;
    expect(event.caseChanged.kind).toBe('CREATED');
    expect(event.caseChanged.case.channel).toBe('OPEN311');
    expect(event.caseChanged.case.category.code).toBe('001');
  });

  it('returns a token for batch services that resolves to the id', async () => {
    const response = await post({
      service_code: '002',
      address_string: 'Marszałkowska 1, Warszawa',
      'attribute[ITEMS][]': ['sofa', 'fridge'],
      'attribute[SIZE]': 'L',
      'attribute[COUNT]': '2',
      'attribute[WHEN]': '2026-04-14T06:37:38+02:00',
    });
    expect(response.status).toBe(201);
    const [entry] = await json(response);
    expect(entry.service_request_id).toBeUndefined();
    expect(entry.token).toMatch(/^[0-9a-f-]{36}$/);

    const tokenBody = await json(await getOpen311(server, `tokens/${entry.token}.json`));
    expect(tokenBody).toHaveLength(1);
    expect(tokenBody[0].token).toBe(entry.token);
    expect(tokenBody[0].service_request_id).toMatch(/^WARSZAWA-/);

    const stored = await server.orm.em
      .fork()
      .findOneOrFail(Open311Request, { token: entry.token }, { populate: ['definition'] });
    expect(stored.answers).toEqual({
      ITEMS: ['sofa', 'fridge'],
      COUNT: 2,
      WHEN: '2026-04-14T04:37:38.000Z',
      SIZE: 'L',
    });
    expect(stored.definition.version).toBe(1);

    expect((await getOpen311(server, 'tokens/unknown.json')).status).toBe(404);
  });

  it('returns neither id nor token for blackbox services', async () => {
    const response = await post({ service_code: '003', ...LOCATION });
    expect(response.status).toBe(201);
    const [entry] = await json(response);
    expect(entry).toEqual({});
  });

  it('answers in XML with the request wrapper', async () => {
    const response = await postRequest(
      server,
      { api_key: key, service_code: '001', ...LOCATION },
      'xml',
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const xml = parseXml(await response.text());
    expect(xml.service_requests.request.service_request_id).toMatch(/^WARSZAWA-/);
  });

  it('rejects a missing, invalid or revoked api_key with 403', async () => {
    const before = await caseCount();
    const missing = await postRequest(server, { service_code: '001', ...LOCATION });
    expect(missing.status).toBe(403);
    expect((await json(missing))[0].description).toContain('api_key is missing');
    const invalid = await postRequest(
      server,
      { api_key: 'rtz_wrong', service_code: '001', ...LOCATION },
      'xml',
    );
    expect(invalid.status).toBe(403);
    const xml = parseXml(await invalid.text());
    expect(xml.errors.error.code).toBe('403');

    const revoked = await createKey(server);
    await server.graphql(
      'mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { errors { code } } }',
      { id: revoked.id },
      { as: 'ADMINISTRATOR' },
    );
    expect(
      (await postRequest(server, { api_key: revoked.secret, service_code: '001', ...LOCATION }))
        .status,
    ).toBe(403);
    const readOnly = await createKey(server, ['graphql']);
    expect(
      (await postRequest(server, { api_key: readOnly.secret, service_code: '001', ...LOCATION }))
        .status,
    ).toBe(403);
    expect(await caseCount()).toBe(before);
  });

  it('rejects bodies that are not form-encoded with 400', async () => {
    const before = await caseCount();
    const response = await fetch(`${open311Base(server)}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: key, service_code: '001', ...LOCATION }),
    });
    expect(response.status).toBe(400);
    expect((await json(response))[0].description).toContain('application/x-www-form-urlencoded');
    expect(await caseCount()).toBe(before);
  });

  it('rejects bad input with 400 or 404 and writes nothing', async () => {
    const before = await caseCount();
    const cases: [Record<string, string | string[]>, number, string][] = [
      [{ ...LOCATION }, 400, 'service_code is missing'],
      [{ service_code: '01', ...LOCATION }, 404, '"01" does not exist'],
      [{ service_code: '001' }, 400, 'location is missing'],
      [{ service_code: '001', lat: '91', long: '21' }, 400, 'lat "91" is invalid'],
      [{ service_code: '001', lat: '52', long: 'east' }, 400, 'long "east" is invalid'],
      [{ service_code: '001', lat: '52' }, 400, 'long is missing'],
      [{ service_code: '001', ...LOCATION, description: 'x'.repeat(4_001) }, 400, 'at most 4000'],
      [{ service_code: '001', ...LOCATION, description: 'a\u0000b' }, 400, 'control characters'],
      [{ service_code: '001', ...LOCATION, media_url: 'javascript:alert(1)' }, 400, 'media_url'],
      [{ service_code: '002', ...LOCATION, 'attribute[SIZE]': 'L' }, 400, '"ITEMS" is required'],
      [
        { service_code: '002', ...LOCATION, 'attribute[ITEMS][]': 'piano', 'attribute[SIZE]': 'L' },
        400,
        'no option "piano"',
      ],
      [
        { service_code: '002', ...LOCATION, 'attribute[ITEMS][]': 'sofa', 'attribute[SIZE]': 'XL' },
        400,
        'no option "XL"',
      ],
      [
        {
          service_code: '002',
          ...LOCATION,
          'attribute[ITEMS][]': 'sofa',
          'attribute[SIZE]': 'S',
          'attribute[COUNT]': 'two',
        },
        400,
        'not a number',
      ],
      [
        {
          service_code: '002',
          ...LOCATION,
          'attribute[ITEMS][]': 'sofa',
          'attribute[SIZE]': 'S',
          'attribute[WHEN]': '2026-04-14 06:37',
        },
        400,
        'not a datetime',
      ],
      [
        {
          service_code: '002',
          ...LOCATION,
          'attribute[ITEMS][]': 'sofa',
          'attribute[SIZE]': 'S',
          'attribute[NOTE]': 'hi',
        },
        400,
        'informational',
      ],
      [
        { service_code: '001', ...LOCATION, jurisdiction_id: 'gdansk' },
        404,
        'jurisdiction_id "gdansk"',
      ],
    ];
    for (const [fields, status, message] of cases) {
      const response = await post(fields);
      expect(response.status, JSON.stringify(fields).slice(0, 120)).toBe(status);
      const body = await json(response);
      expect(
        body.map((error: any) => error.description).join(' '),
        JSON.stringify(fields).slice(0, 120),
      ).toContain(message);
    }
    expect(await caseCount()).toBe(before);
  });

  it('lists several errors at once', async () => {
    const response = await post({ service_code: '002', lat: '100', long: '200' });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.length).toBeGreaterThanOrEqual(4);
    expect(body.every((error: any) => error.code === 400)).toBe(true);
  });

  it('rejects oversize bodies with 413', async () => {
    const response = await post({
      service_code: '001',
      ...LOCATION,
      description: 'x'.repeat(70_000),
    });
    expect(response.status).toBe(413);
    expect((await json(response))[0].code).toBe(413);
  });

  it('stores HTML as text and never returns it', async () => {
    const script = '<script>alert("x")</script><b>hole</b> & more';
    const response = await post({
      service_code: '001',
      ...LOCATION,
      description: script,
      address_string: script,
    });
    const [entry] = await json(response);
    const em = server.orm.em.fork();
    const stored = await em.findOneOrFail(
      ServiceCase,
      { number: entry.service_request_id },
      { populate: ['description'] },
    );
    expect(stored.description).toBe(script);
    const xml = await (await getOpen311(server, `requests/${entry.service_request_id}.xml`)).text();
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('alert');
  });
});

describe('GET requests', () => {
  it('returns public fields only, never personal data', async () => {
    const response = await post({
      service_code: '001',
      ...LOCATION,
      description: `My neighbour ${JAN_KOWALSKI.name}`,
      address_string: ANNA_NOWAK.address,
      email: ANNA_NOWAK.email,
      phone: JAN_KOWALSKI.internationalPhone,
      first_name: ANNA_NOWAK.firstName,
      last_name: ANNA_NOWAK.lastName,
      device_id: 'device-42',
      account_id: 'account-7',
      media_url: 'https://photos.example.org/1.jpg',
    });
    const [entry] = await json(response);
    expect(entry.account_id).toBe('account-7');

    const [request] = await json(
      await getOpen311(server, `requests/${entry.service_request_id}.json`),
    );
    expect(Object.keys(request).sort()).toEqual(
      [
        'lat',
        'long',
        'requested_datetime',
        'service_code',
        'service_name',
        'service_request_id',
        'status',
        'updated_datetime',
      ].sort(),
    );
    expect(request.lat).toBe(52.23);
    expect(request.long).toBe(21.012);
    const listText = await (await getOpen311(server, 'requests.json')).text();
    const xmlText = await (await getOpen311(server, 'requests.xml')).text();
    for (const secret of [
      JAN_KOWALSKI.lastName,
      'Hoża',
      'resident@',
      '600 100',
      ANNA_NOWAK.firstName,
      ANNA_NOWAK.lastName,
      'device-42',
      'account-7',
      'photos.example',
    ]) {
      expect(listText).not.toContain(secret);
      expect(xmlText).not.toContain(secret);
    }
    const stored = await server.orm.em
      .fork()
      .findOneOrFail(Open311Request, { serviceCase: { number: entry.service_request_id } });
    expect(stored.emailHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(stored)).not.toContain(ANNA_NOWAK.email);
  });

  it('returns one request as an array and 404 for unknown ids', async () => {
    const [entry] = await json(await post({ service_code: '001', ...LOCATION }));
    const body = await json(await getOpen311(server, `requests/${entry.service_request_id}.json`));
    expect(body).toHaveLength(1);
    expect(body[0].status).toBe('open');
    expect(body[0].requested_datetime).toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const xml = parseXml(
      await (await getOpen311(server, `requests/${entry.service_request_id}.xml`)).text(),
    );
    expect(xml.service_requests.request.service_request_id).toBe(entry.service_request_id);
    const missing = await getOpen311(server, 'requests/WARSZAWA-1999-000001.json');
    expect(missing.status).toBe(404);
    expect((await json(missing))[0].code).toBe(404);
  });

  it('reports closed requests with the closing time', async () => {
    const [entry] = await json(await post({ service_code: '001', ...LOCATION }));
    const em = server.orm.em.fork();
    const entity = await em.findOneOrFail(ServiceCase, { number: entry.service_request_id });
    const closedAt = new Date();
    await changeCaseStatus(
      { em, events: server.events },
      { caseId: entity.id, status: 'RESOLVED' },
      closedAt,
    );
    const [request] = await json(
      await getOpen311(server, `requests/${entry.service_request_id}.json`),
    );
    expect(request.status).toBe('closed');
    expect(request.updated_datetime).toBe(closedAt.toISOString());

    const closed = await json(await getOpen311(server, 'requests.json?status=closed'));
    expect(closed.map((item: any) => item.service_request_id)).toContain(entry.service_request_id);
    expect(closed.every((item: any) => item.status === 'closed')).toBe(true);
    const open = await json(await getOpen311(server, 'requests.json?status=open'));
    expect(open.every((item: any) => item.status === 'open')).toBe(true);
    const both = await json(await getOpen311(server, 'requests.json?status=open,closed'));
    expect(both).toHaveLength(open.length + closed.length);

    const updates = await json(await getOpen311(server, 'servicerequestupdates.json'));
    const update = updates.findLast(
      (item: any) => item.service_request_id === entry.service_request_id,
    );
    expect(update.status).toBe('fixed');
    expect(update.updated_datetime).toBe(closedAt.toISOString());
  });

  it('treats empty parameters as absent and splits comma lists', async () => {
    const all = await json(await getOpen311(server, 'requests.json'));
    const empty = await json(
      await getOpen311(
        server,
        'requests.json?service_code=&status=&start_date=&end_date=&jurisdiction_id=&service_request_id=',
      ),
    );
    expect(empty).toEqual(all);
    const codes = await json(await getOpen311(server, 'requests.json?service_code=002,003'));
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((item: any) => ['002', '003'].includes(item.service_code))).toBe(true);
    expect(codes.length).toBe(all.filter((item: any) => item.service_code !== '001').length);
  });

  it('lets service_request_id override every other filter', async () => {
    const all = await json(await getOpen311(server, 'requests.json?service_code=001'));
    const ids = all.slice(0, 2).map((item: any) => item.service_request_id);
    const body = await json(
      await getOpen311(
        server,
        `requests.json?service_request_id=${ids.join(',')}&service_code=003&start_date=2001-01-01T00:00:00Z&end_date=2001-01-02T00:00:00Z`,
      ),
    );
    expect(body.map((item: any) => item.service_request_id).sort()).toEqual([...ids].sort());
  });

  it('defaults to the last 90 days and rejects longer windows', async () => {
    const em = server.orm.em.fork();
    const old = await em.findOneOrFail(
      ServiceCase,
      { channel: 'OPEN311' },
      { orderBy: { createdAt: 'asc' } },
    );
    old.createdAt = new Date(Date.now() - 91 * 86_400_000);
    await em.flush();
    const recent = await json(await getOpen311(server, 'requests.json'));
    expect(recent.map((item: any) => item.service_request_id)).not.toContain(old.number);
    const start = new Date(Date.now() - 95 * 86_400_000).toISOString();
    const window = await json(await getOpen311(server, `requests.json?start_date=${start}`));
    expect(window.map((item: any) => item.service_request_id)).toEqual([old.number]);

    const tooLong = await getOpen311(
      server,
      'requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-05-01T00:00:00Z',
    );
    expect(tooLong.status).toBe(400);
    expect((await json(tooLong))[0].description).toContain('longer than 90 days');
    const noZone = await getOpen311(server, 'requests.xml?start_date=2026-01-01T00:00:00');
    expect(noZone.status).toBe(400);
    expect(parseXml(await noZone.text()).errors.error.description).toContain('time zone');
  });

  it('pages with page and page_size and reports the total', async () => {
    const all = await json(await getOpen311(server, 'requests.json'));
    const response = await getOpen311(server, 'requests.json?page_size=2&page=2');
    expect(response.headers.get('x-total-count')).toBe(String(all.length));
    const page = await json(response);
    expect(page).toEqual(all.slice(2, 4));
    expect((await getOpen311(server, 'requests.json?page_size=1001')).status).toBe(400);
    expect((await getOpen311(server, 'requests.json?page=0')).status).toBe(400);
  });

  it('filters by bbox and q', async () => {
    await post({ service_code: '003', lat: '50.0612', long: '19.9368' });
    const krakow = await json(await getOpen311(server, 'requests.json?bbox=19.9,50.0,20.0,50.1'));
    expect(krakow).toHaveLength(1);
    expect(krakow[0].lat).toBe(50.061);
    expect(krakow[0].long).toBe(19.937);
    expect((await getOpen311(server, 'requests.json?bbox=20,50,19,51')).status).toBe(400);
    // The stored point is 50.0612,19.9368 and the public one 50.061,19.937; a box around it that excludes the rounded
    // public point must not match, or narrow boxes would reveal the exact location.
    expect(
      await json(await getOpen311(server, 'requests.json?bbox=19.9369,50.0609,19.9371,50.0611')),
    ).toHaveLength(1);
    expect(
      await json(await getOpen311(server, 'requests.json?bbox=19.9367,50.0611,19.9369,50.0613')),
    ).toEqual([]);
    const noise = await json(await getOpen311(server, 'requests.json?q=nois'));
    expect(noise.length).toBeGreaterThan(0);
    expect(noise.map((item: any) => item.service_name)).toEqual(noise.map(() => 'Noise'));
    expect(noise.every((item: any) => item.service_name === 'Noise')).toBe(true);
    const none = await json(await getOpen311(server, `requests.json?q=${JAN_KOWALSKI.lastName}`));
    expect(none).toEqual([]);
  });

  it('rejects unknown status values and paths', async () => {
    expect((await getOpen311(server, 'requests.json?status=pending')).status).toBe(400);
    const noFormat = await getOpen311(server, 'requests');
    expect(noFormat.status).toBe(400);
    expect(noFormat.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect((await getOpen311(server, 'nothing.json')).status).toBe(404);
  });
});

describe('jurisdictions', () => {
  it('requires jurisdiction_id once several cities are served', async () => {
    await seedJurisdiction(server, 'gdansk', 'Gdańsk');
    const missing = await getOpen311(server, 'services.json');
    expect(missing.status).toBe(400);
    expect((await json(missing))[0].description).toContain('jurisdiction_id is missing');
    const services = await json(await getOpen311(server, 'services.json?jurisdiction_id=warszawa'));
    expect(services).toHaveLength(3);
    expect(await json(await getOpen311(server, 'services.json?jurisdiction_id=gdansk'))).toEqual(
      [],
    );
    expect((await getOpen311(server, 'services.json?jurisdiction_id=lodz')).status).toBe(404);
  });
});
