import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../src/modules/access/api-key.entity';
import { Category } from '../../src/modules/cases/category.entity';
import { Department } from '../../src/modules/cases/department.entity';
import { Jurisdiction } from '../../src/modules/cases/jurisdiction.entity';
import { RoutingRule } from '../../src/modules/cases/routing-rule.entity';
import { ServiceDefinition } from '../../src/modules/catalogue/service-definition.entity';
import { Webhook, WebhookDelivery } from '../../src/modules/webhooks/webhook.entity';
import { ReferenceCache } from '../../src/platform/reference-cache/reference-cache';
import { ReferenceVersion } from '../../src/platform/reference-cache/reference-version.entity';
import { startTestServer, type TestServer } from '../support/server';
import { createKey, createService, postRequest, seedJurisdiction } from '../open311/support';

// Intake reads jurisdictions, categories, routing rules, webhooks, service definitions and API
// keys through an in-process cache. These tests change those rows through a separate entity
// manager, as another API process or the CLI would, and check that the next request uses the
// change.

const OPEN_CASE = `mutation ($input: OpenCaseInput!) {
  openCase(input: $input) { case { id number department { code } } errors { code message } }
}`;

let server: TestServer;
let jurisdictionId: string;
let categoryId: string;
let key: { id: string; secret: string };

async function openCase(): Promise<{
  id: string;
  number: string;
  department: { code: string } | null;
}> {
  const result = await server.graphql(OPEN_CASE, {
    input: { jurisdictionId, categoryId, channel: 'WEB', latitude: 52.23, longitude: 21.01 },
  });
  const payload = result.data?.openCase;
  expect(payload?.errors).toEqual([]);

  return payload.case;
}

async function referenceVersion(): Promise<string> {
  const row = await server.orm.em.fork().findOneOrFail(ReferenceVersion, { id: 1 });

  return String(row.version);
}

beforeAll(async () => {
  server = await startTestServer();
  jurisdictionId = await seedJurisdiction(server, 'cache', 'Cache City');
  categoryId = await createService(server, jurisdictionId, {
    serviceCode: 'pothole',
    name: 'Pothole',
  });
  key = await createKey(server);
});

afterAll(async () => {
  await server?.stop();
});

describe('intake reference cache', () => {
  it('routes by a rule added later', async () => {
    expect((await openCase()).department).toBeNull();

    const em = server.orm.em.fork();
    const jurisdiction = em.getReference(Jurisdiction, jurisdictionId);
    const roads = em.create(Department, { jurisdiction, code: 'roads', name: 'Roads' });
    em.create(RoutingRule, {
      jurisdiction,
      category: categoryId,
      district: null,
      department: roads,
    });
    await em.flush();

    expect((await openCase()).department).toEqual({ code: 'roads' });
  });

  it('uses a category department changed later', async () => {
    const em = server.orm.em.fork();
    await em.nativeDelete(RoutingRule, { jurisdiction: jurisdictionId });
    const parks = em.create(Department, {
      jurisdiction: em.getReference(Jurisdiction, jurisdictionId),
      code: 'parks',
      name: 'Parks',
    });
    await em.flush();
    await em.nativeUpdate(Category, { id: categoryId }, { department: parks.id });

    expect((await openCase()).department).toEqual({ code: 'parks' });
  });

  it('queues events for webhooks added later', async () => {
    await openCase();
    const em = server.orm.em.fork();
    const webhook = em.create(Webhook, {
      name: 'Added later',
      url: 'https://receiver.example/hook',
      eventTypes: ['CASE_CREATED'],
      secret: 'whsec_test',
      createdAt: new Date(),
    });
    await em.flush();

    const queued = await openCase();
    const rows = await server.orm.em.fork().find(WebhookDelivery, { webhook: webhook.id });
    expect(rows.map((row) => row.caseNumber)).toEqual([queued.number]);

    await em.nativeUpdate(Webhook, { id: webhook.id }, { disabledAt: new Date() });
    await openCase();
    expect(await server.orm.em.fork().count(WebhookDelivery, { webhook: webhook.id })).toBe(1);
  });

  it('rejects an API key revoked later', async () => {
    const fields = { api_key: key.secret, service_code: 'pothole', lat: '52.23', long: '21.01' };
    expect((await postRequest(server, fields)).status).toBe(201);

    await server.orm.em.fork().nativeUpdate(ApiKey, { id: key.id }, { revokedAt: new Date() });

    expect((await postRequest(server, fields)).status).toBe(403);
  });

  it('writes no catalogue or key rows on intake', async () => {
    const fresh = await createKey(server);
    const fields = { api_key: fresh.secret, service_code: 'pothole', lat: '52.23', long: '21.01' };
    // The first request records lastUsedAt, which does not move the reference version.
    expect((await postRequest(server, fields)).status).toBe(201);
    const version = await referenceVersion();
    const definitionBefore = await server.orm.em
      .fork()
      .findOneOrFail(ServiceDefinition, { category: categoryId });
    const keyBefore = await server.orm.em.fork().findOneOrFail(ApiKey, { id: fresh.id });

    expect((await postRequest(server, fields)).status).toBe(201);
    await openCase();

    const definitionAfter = await server.orm.em
      .fork()
      .findOneOrFail(ServiceDefinition, { category: categoryId });
    const keyAfter = await server.orm.em.fork().findOneOrFail(ApiKey, { id: fresh.id });
    expect(await referenceVersion()).toBe(version);
    expect(definitionAfter.createdAt.toISOString()).toBe(definitionBefore.createdAt.toISOString());
    expect(keyAfter.createdAt.toISOString()).toBe(keyBefore.createdAt.toISOString());
    expect(keyAfter.lastUsedAt?.toISOString()).toBe(keyBefore.lastUsedAt?.toISOString());
  });

  it('caches values but not misses', async () => {
    const cache = new ReferenceCache();
    const loads: string[] = [];
    const load = (key: string, value: string | null) => async () => {
      loads.push(key);

      return value;
    };

    for (let round = 0; round < 2; round += 1) {
      const view = await cache.view(server.orm.em.fork());
      expect(await view.get('found', load('found', 'value'))).toBe('value');
      expect(await view.get('missing', load('missing', null))).toBeNull();
    }

    expect(loads).toEqual(['found', 'missing', 'missing']);
  });

  it('shares one version read among requests of one event-loop turn, and no more', async () => {
    const cache = new ReferenceCache();
    const em = server.orm.em.fork();
    let reads = 0;
    // Counts the version reads that go through this entity manager.
    const counting = new Proxy(em, {
      get(target, property, receiver) {
        if (property === 'execute') {
          return (...args: unknown[]) => {
            reads += 1;

            return (Reflect.get(target, property, target) as (...values: unknown[]) => unknown).apply(target, args);
          };
        }

        return Reflect.get(target, property, receiver);
      },
    });
    const loads: string[] = [];
    const load = (value: string) => async () => {
      loads.push(value);

      return value;
    };

    const views = await Promise.all([cache.view(counting), cache.view(counting), cache.view(counting)]);
    expect(reads).toBe(1);
    expect(await views[0]!.get('category', load('before'))).toBe('before');

    // A change committed after that read moves the version. The next view reads again and
    // must not be served the value cached under the old version.
    const changer = server.orm.em.fork();
    const category = await changer.findOneOrFail(Category, { id: categoryId });
    category.name = `Pothole ${Date.now()}`;
    await changer.flush();
    const later = await cache.view(counting);
    expect(reads).toBe(2);
    expect(await later.get('category', load('after'))).toBe('after');
    expect(loads).toEqual(['before', 'after']);
  });
});
