import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/modules/access/api-key.entity';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { Open311Request } from '../../src/modules/open311/open311-request.entity';
import { createRateLimits } from '../../src/platform/rate-limit';
import { startTestServer, testConfig, type TestServer, testLogger } from '../support/server';
import { createKey, createService, getOpen311, postRequest, seedJurisdiction } from './support';

let server: TestServer;
let jurisdictionId: string;

const LOCATION = { lat: '54.35', long: '18.65' };
const KEY_FIELDS =
  'id name prefix scopes rateLimitPerMinute createdAt rotatedAt revokedAt lastUsedAt';
const DEFINITION_FIELDS =
  'id serviceCode version name group keywords type retired attributes { code datatype order }';

beforeAll(async () => {
  server = await startTestServer();
  jurisdictionId = await seedJurisdiction(server, 'gdansk', 'Gdańsk');
});

afterAll(async () => {
  await server?.stop();
});

describe('API keys', () => {
  it('shows the secret once and stores only its hash', async () => {
    const result = await server.graphql(
      `mutation { createApiKey(input: { name: "  Fix app  ", scopes: ["open311:write", "graphql"] }) {
        apiKey { ${KEY_FIELDS} } secret errors { code } } }`,
      {},
      { as: 'ADMINISTRATOR' },
    );
    const payload = result.data?.createApiKey;
    expect(payload.errors).toEqual([]);
    expect(payload.secret).toMatch(/^rtz_[A-Za-z0-9_-]{43}$/);
    expect(payload.apiKey.name).toBe('Fix app');
    expect(payload.apiKey.prefix).toBe(payload.secret.slice(0, 12));
    expect(payload.apiKey.rateLimitPerMinute).toBe(600);

    const stored = await server.orm.em.fork().findOneOrFail(ApiKey, { id: payload.apiKey.id });
    expect(JSON.stringify(stored)).not.toContain(payload.secret);
    expect(stored.secretHash).toHaveLength(43);

    const list = await server.graphql(
      `{ apiKeys(first: 100) { totalCount edges { node { ${KEY_FIELDS} } } } }`,
      {},
      { as: 'ADMINISTRATOR' },
    );
    const listed = list.data?.apiKeys.edges.map((edge: any) => edge.node);
    expect(listed.find((node: any) => node.id === payload.apiKey.id)).toBeDefined();
    expect(JSON.stringify(list)).not.toContain(payload.secret);
  });

  it('rejects invalid names, scopes and limits', async () => {
    const result = await server.graphql(
      `mutation { createApiKey(input: { name: "", scopes: ["admin"], rateLimitPerMinute: 0 }) { apiKey { id } secret errors { code field message } } }`,
      {},
      { as: 'ADMINISTRATOR' },
    );
    const payload = result.data?.createApiKey;
    expect(payload.apiKey).toBeNull();
    expect(payload.secret).toBeNull();
    expect(payload.errors.map((error: any) => error.code).sort()).toEqual([
      'INVALID_NAME',
      'INVALID_RATE_LIMIT',
      'UNKNOWN_SCOPE',
    ]);
    const none = await server.graphql(
      `mutation { createApiKey(input: { name: "x", scopes: [] }) { errors { code } } }`,
      {},
      { as: 'ADMINISTRATOR' },
    );
    expect(none.data?.createApiKey.errors).toEqual([{ code: 'NO_SCOPES' }]);
  });

  it('rotates a key so only the new secret works', async () => {
    await createService(server, jurisdictionId, { serviceCode: 'rotate', name: 'Rotation check' });
    const key = await createKey(server);
    const rotated = await server.graphql(
      `mutation ($id: ID!) { rotateApiKey(input: { id: $id }) { apiKey { id rotatedAt } secret errors { code } } }`,
      { id: key.id },
      { as: 'ADMINISTRATOR' },
    );
    const payload = rotated.data?.rotateApiKey;
    expect(payload.errors).toEqual([]);
    expect(payload.apiKey.id).toBe(key.id);
    expect(payload.apiKey.rotatedAt).not.toBeNull();
    expect(payload.secret).not.toBe(key.secret);
    const old = await postRequest(server, {
      api_key: key.secret,
      service_code: 'rotate',
      ...LOCATION,
    });
    expect(old.status).toBe(403);
    const fresh = await postRequest(server, {
      api_key: payload.secret,
      service_code: 'rotate',
      ...LOCATION,
    });
    expect(fresh.status).toBe(201);

    const used = await server.orm.em.fork().findOneOrFail(ApiKey, { id: key.id });
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('revokes a key for good', async () => {
    const key = await createKey(server);
    const revoke = `mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { revokedAt } errors { code } } }`;
    const first = await server.graphql(revoke, { id: key.id }, { as: 'ADMINISTRATOR' });
    expect(first.data?.revokeApiKey.apiKey.revokedAt).not.toBeNull();
    const again = await server.graphql(revoke, { id: key.id }, { as: 'ADMINISTRATOR' });
    expect(again.data?.revokeApiKey.errors).toEqual([{ code: 'API_KEY_REVOKED' }]);
    const rotate = await server.graphql(
      `mutation ($id: ID!) { rotateApiKey(input: { id: $id }) { secret errors { code } } }`,
      { id: key.id },
      { as: 'ADMINISTRATOR' },
    );
    expect(rotate.data?.rotateApiKey.secret).toBeNull();
    expect(rotate.data?.rotateApiKey.errors).toEqual([{ code: 'API_KEY_REVOKED' }]);
    const unknown = await server.graphql(revoke, { id: 'not-an-id' }, { as: 'ADMINISTRATOR' });
    expect(unknown.data?.revokeApiKey.errors).toEqual([{ code: 'UNKNOWN_API_KEY' }]);
  });

  it('answers 429 once a key passes its rate limit', async () => {
    await createService(server, jurisdictionId, { serviceCode: 'limit', name: 'Limit check' });
    const key = await createKey(server, ['open311:write'], 1);
    const statuses: number[] = [];
    const retryAfter: (string | null)[] = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await postRequest(server, {
        api_key: key.secret,
        service_code: 'limit',
        ...LOCATION,
      });
      statuses.push(response.status);
      retryAfter.push(response.headers.get('retry-after'));
    }
    // Three requests span at most two 60-second windows, so one window gets two of them.
    expect(statuses).toContain(429);
    expect(statuses).toContain(201);
    expect(retryAfter[statuses.indexOf(429)]).toMatch(/^\d+$/);
  });

  it('counts each API key against its own limit', async () => {
    const config = testConfig({ REDIS_URL: undefined });
    const limits = createRateLimits(config, testLogger(config));
    const results: (number | null)[] = [];
    for (const [key, perMinute] of [
      ['a', 2],
      ['a', 2],
      ['a', 2],
      ['b', 2],
      ['c', null],
      ['d', 0],
    ] as const) {
      results.push(await limits.consumeApiKey(key, perMinute));
    }
    await limits.close();

    expect(limits.store).toBe('memory');
    expect(results.slice(0, 2)).toEqual([null, null]);
    expect(results[2]).toBeGreaterThanOrEqual(1);
    expect(results[2]).toBeLessThanOrEqual(60);
    expect(results[3]).toBeNull();
    expect(results[4]).toBeNull();
    expect(results[5]).toBeGreaterThanOrEqual(1);
  });
});

describe('service catalogue', () => {
  it('keeps the definition version a request was filed under', async () => {
    const categoryId = await createService(server, jurisdictionId, {
      serviceCode: '0042',
      name: 'Broken bench',
      attributes: [
        {
          code: 'SEATS',
          variable: true,
          datatype: 'NUMBER',
          required: false,
          order: 1,
          description: 'Seats broken?',
          values: [],
        },
      ],
    });
    const key = await createKey(server);
    const first = await postRequest(server, {
      api_key: key.secret,
      service_code: '0042',
      ...LOCATION,
      'attribute[SEATS]': '2',
    });
    expect(first.status).toBe(201);

    const update = await server.graphql(
      `mutation ($input: UpdateServiceInput!) { updateService(input: $input) { definition { ${DEFINITION_FIELDS} } errors { code } } }`,
      {
        input: {
          categoryId,
          name: 'Broken bench or table',
          description: 'Street furniture that needs repair.',
          group: 'Parks',
          keywords: ['bench', 'table'],
          type: 'BATCH',
          attributes: [
            {
              code: 'KIND',
              variable: true,
              datatype: 'SINGLE_VALUE_LIST',
              required: true,
              order: 1,
              description: 'What is broken?',
              values: [
                { key: 'bench', name: 'Bench' },
                { key: 'table', name: 'Table' },
              ],
            },
          ],
        },
      },
      { as: 'ADMINISTRATOR' },
    );
    const definition = update.data?.updateService.definition;
    expect(update.data?.updateService.errors).toEqual([]);
    expect(definition.version).toBe(2);
    expect(definition.serviceCode).toBe('0042');
    expect(definition.type).toBe('BATCH');
    expect(definition.group).toBe('Parks');

    const services = (await (await getOpen311(server, 'services.json')).json()) as any[];
    const listed = services.find((service: any) => service.service_code === '0042');
    expect(listed.service_name).toBe('Broken bench or table');
    expect(listed.type).toBe('batch');
    expect(listed.keywords).toBe('bench,table');

    const stale = await postRequest(server, {
      api_key: key.secret,
      service_code: '0042',
      ...LOCATION,
      'attribute[SEATS]': '2',
    });
    expect(stale.status).toBe(400);
    const second = await postRequest(server, {
      api_key: key.secret,
      service_code: '0042',
      ...LOCATION,
      'attribute[KIND]': 'table',
    });
    expect(second.status).toBe(201);

    const em = server.orm.em.fork();
    const requests = await em.find(
      Open311Request,
      { definition: { category: categoryId } },
      { populate: ['definition'], orderBy: { createdAt: 'asc' } },
    );
    expect(requests.map((request) => request.definition.version)).toEqual([1, 2]);
    expect(requests.map((request) => request.answers)).toEqual([{ SEATS: 2 }, { KIND: 'table' }]);
  });

  it('retires a service so it leaves the list and rejects requests', async () => {
    const categoryId = await createService(server, jurisdictionId, {
      serviceCode: 'old',
      name: 'Old service',
    });
    const retire = await server.graphql(
      `mutation ($id: ID!) { retireService(input: { categoryId: $id }) { definition { version retired } errors { code } } }`,
      { id: categoryId },
      { as: 'ADMINISTRATOR' },
    );
    expect(retire.data?.retireService.definition).toEqual({ version: 2, retired: true });
    const services = (await (await getOpen311(server, 'services.json')).json()) as any[];
    expect(services.map((service: any) => service.service_code)).not.toContain('old');
    expect((await getOpen311(server, 'services/old.json')).status).toBe(404);
    const key = await createKey(server);
    const before = await server.orm.em.fork().count(ServiceCase, {});
    const response = await postRequest(server, {
      api_key: key.secret,
      service_code: 'old',
      ...LOCATION,
    });
    expect(response.status).toBe(404);
    expect(await server.orm.em.fork().count(ServiceCase, {})).toBe(before);

    const update = await server.graphql(
      `mutation ($id: ID!) { updateService(input: { categoryId: $id, name: "x", description: "y", type: REALTIME }) { errors { code } } }`,
      { id: categoryId },
      { as: 'ADMINISTRATOR' },
    );
    expect(update.data?.updateService.errors).toEqual([{ code: 'SERVICE_RETIRED' }]);
    const catalogue = await server.graphql(
      `query ($id: ID!) { serviceCatalogue(jurisdictionId: $id, includeRetired: true, first: 100) { totalCount edges { node { serviceCode retired } } } }`,
      { id: jurisdictionId },
    );
    const nodes = catalogue.data?.serviceCatalogue.edges.map((edge: any) => edge.node);
    expect(nodes.find((node: any) => node.serviceCode === 'old')).toEqual({
      serviceCode: 'old',
      retired: true,
    });
  });

  it('rejects duplicate codes and invalid definitions', async () => {
    await createService(server, jurisdictionId, { serviceCode: 'dup', name: 'Duplicate' });
    const create = `mutation ($input: CreateServiceInput!) { createService(input: $input) { definition { id } errors { code field } } }`;
    const duplicate = await server.graphql(
      create,
      {
        input: {
          jurisdictionId,
          serviceCode: 'dup',
          name: 'Again',
          description: 'Again',
          type: 'REALTIME',
        },
      },
      { as: 'ADMINISTRATOR' },
    );
    expect(duplicate.data?.createService.errors).toEqual([
      { code: 'SERVICE_EXISTS', field: ['input', 'serviceCode'] },
    ]);
    const invalid = await server.graphql(
      create,
      {
        input: {
          jurisdictionId,
          serviceCode: 'has space',
          name: '',
          description: 'd',
          type: 'REALTIME',
          attributes: [
            {
              code: 'L',
              variable: true,
              datatype: 'MULTI_VALUE_LIST',
              required: false,
              order: 1,
              description: 'Pick',
              values: [],
            },
          ],
        },
      },
      { as: 'ADMINISTRATOR' },
    );
    expect(invalid.data?.createService.definition).toBeNull();
    expect(invalid.data?.createService.errors.map((error: any) => error.code).sort()).toEqual([
      'INVALID_ATTRIBUTE',
      'INVALID_SERVICE_CODE',
      'INVALID_TEXT',
    ]);
  });
});
