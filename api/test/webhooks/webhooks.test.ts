import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook, WebhookDelivery } from '../../src/modules/webhooks/webhook.entity';
import {
  deliverDueWebhooks,
  retryDelayMs,
  type WebhookDeliverySettings,
} from '../../src/modules/webhooks/webhook-worker';
import { startTestServer, type TestServer } from '../support/server';
import { seedCases, type SeededCity } from '../cases/fixtures';

const CREATE_WEBHOOK = `mutation Create($input: CreateWebhookInput!) {
  createWebhook(input: $input) { webhook { id url eventTypes } secret errors { code message field } }
}`;
const DISABLE_WEBHOOK = `mutation Disable($input: WebhookIdInput!) {
  disableWebhook(input: $input) { webhook { disabledAt } errors { code } }
}`;
const DELIVERIES = `query Deliveries($status: WebhookDeliveryStatus) {
  webhookDeliveries(status: $status, first: 100) { totalCount edges { node { id status attempts lastError caseNumber } } }
}`;
const RETRY = `mutation Retry($input: WebhookIdInput!) {
  retryWebhookDelivery(input: $input) { delivery { status attempts } errors { code } }
}`;
const OPEN_CASE = `mutation Open($input: OpenCaseInput!) { openCase(input: $input) { case { id number } errors { code } } }`;
const CHANGE_STATUS = `mutation Change($input: ChangeCaseStatusInput!) {
  changeCaseStatus(input: $input) { errors { code } }
}`;

const SETTINGS: WebhookDeliverySettings = {
  timeoutMs: 5000,
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
};

type Received = { headers: IncomingHttpHeaders; body: string };

/** An HTTP receiver on 127.0.0.1 that records every request and responds with `statusCode`. */
class Receiver {
  readonly requests: Received[] = [];
  statusCode = 204;
  private server: Server | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.statusCode = this.statusCode;
        response.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/ratusz`;
  }

  ids(): string[] {
    return this.requests.map((request) => String(request.headers['ratusz-webhook-id']));
  }
}

describe('webhooks', () => {
  let server: TestServer;
  let city: SeededCity;
  let receiver: Receiver;

  beforeAll(async () => {
    // The worker is off so each test runs delivery passes itself, at the times it chooses.
    server = await startTestServer({ RATUSZ_WEBHOOK_INTERVAL_SECONDS: '0' });
    city = await seedCases(server.orm, 'wh', 'Webhook City', [
      { category: 'Potholes', createdAt: '2026-01-01T00:00:00Z' },
    ]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  afterEach(async () => {
    await receiver?.stop();
    // Each test registers its own webhook; disabling the others keeps their counts apart.
    await server.orm.em.fork().nativeUpdate(Webhook, { disabledAt: null }, { disabledAt: new Date() });
  });

  async function register(url: string, eventTypes = ['CASE_CREATED', 'CASE_STATUS_CHANGED']) {
    const response = await server.graphql(
      CREATE_WEBHOOK,
      { input: { name: 'City open data portal', url, eventTypes } },
      { as: 'ADMINISTRATOR' },
    );

    return response.data!.createWebhook as {
      webhook: { id: string } | null;
      secret: string | null;
      errors: { code: string; message: string; field: string[] }[];
    };
  }

  async function openCase(description = 'Deep pothole outside number 12, call Anna on 555-0100') {
    const response = await server.graphql(OPEN_CASE, {
      input: {
        jurisdictionId: city.jurisdictionId,
        categoryId: city.categories.Potholes,
        channel: 'WEB',
        description,
      },
    });

    return response.data!.openCase.case as { id: string; number: string };
  }

  /** Runs delivery passes, moving the clock forward, until no row is pending or `passes` ran out. */
  async function deliverUntilIdle(from: Date, passes = 20): Promise<void> {
    let now = from;
    for (let pass = 0; pass < passes; pass += 1) {
      await deliverDueWebhooks(server.orm.em.fork(), SETTINGS, now);
      const pending = await server.orm.em.fork().count(WebhookDelivery, { status: 'PENDING' });
      if (pending === 0) {
        return;
      }
      now = new Date(now.getTime() + SETTINGS.maxDelayMs);
    }
  }

  it('registration rejects private and metadata addresses', async () => {
    const rejected = [
      'http://10.0.0.5/hook',
      'https://10.0.0.5/hook',
      'https://172.16.4.2/hook',
      'https://192.168.1.10/hook',
      'https://100.64.0.1/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://0.0.0.0/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://[::ffff:169.254.169.254]/hook',
      'http://example.org/hook',
      'ftp://127.0.0.1/hook',
      'https://user:password@127.0.0.1/hook',
      'not a url',
    ];
    for (const url of rejected) {
      const result = await register(url);
      expect(result.webhook, url).toBeNull();
      expect(result.secret, url).toBeNull();
      expect(result.errors.map((error) => error.code), url).toEqual(['INVALID_WEBHOOK_URL']);
      expect(result.errors[0]!.field, url).toEqual(['input', 'url']);
    }
    expect(await server.orm.em.fork().count(Webhook, {})).toBe(0);
  });

  it('registration needs the administrator role', async () => {
    for (const as of [undefined, 'RESIDENT', 'AGENT'] as const) {
      const response = await server.graphql(
        CREATE_WEBHOOK,
        { input: { name: 'Portal', url: 'http://127.0.0.1:9/hook', eventTypes: ['CASE_CREATED'] } },
        { as },
      );
      expect(response.data?.createWebhook ?? null, String(as)).toBeNull();
      expect(response.errors?.length, String(as)).toBe(1);
    }
  });

  it('registration returns the secret once', async () => {
    const created = await register('http://127.0.0.1:9/hook', ['CASE_CREATED']);
    expect(created.errors).toEqual([]);
    expect(created.secret).toMatch(/^whsec_/);

    const listed = await server.graphql(
      `{ webhooks(first: 10) { edges { node { id url eventTypes } } } }`,
      {},
      { as: 'ADMINISTRATOR' },
    );
    expect(JSON.stringify(listed.data)).not.toContain(created.secret);
    expect(listed.data!.webhooks.edges[0].node.eventTypes).toEqual(['CASE_CREATED']);
  });

  it('delivery signs timestamp and body', async () => {
    receiver = new Receiver();
    await receiver.start();
    const { secret } = await register(receiver.url);
    const opened = await openCase();

    await deliverUntilIdle(new Date());

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    const signature = String(request!.headers['ratusz-webhook-signature']);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
    expect(match, signature).not.toBeNull();
    const expected = createHmac('sha256', secret!).update(`${match![1]}.${request!.body}`).digest();
    expect(timingSafeEqual(expected, Buffer.from(match![2]!, 'hex'))).toBe(true);
    const wrong = createHmac('sha256', 'whsec_wrong').update(`${match![1]}.${request!.body}`).digest();
    expect(timingSafeEqual(wrong, Buffer.from(match![2]!, 'hex'))).toBe(false);

    const body = JSON.parse(request!.body);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['ratusz-webhook-event']).toBe('CASE_CREATED');
    expect(request!.headers['ratusz-webhook-id']).toBe(body.id);
    expect(body.type).toBe('CASE_CREATED');
    expect(body.case).toEqual({
      id: opened.id,
      number: opened.number,
      jurisdiction: 'wh',
      category: expect.any(String),
      status: 'NEW',
      previousStatus: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      closedAt: null,
    });
    expect(request!.body).not.toContain('Anna');
    expect(request!.body).not.toContain('555-0100');
  });

  it('receiver down receives every event once', async () => {
    receiver = new Receiver();
    await receiver.start();
    const { webhook } = await register(receiver.url);
    await receiver.stop();

    const opened = [await openCase(), await openCase(), await openCase()];
    const changed = await server.graphql(
      CHANGE_STATUS,
      { input: { caseId: opened[0]!.id, status: 'ACKNOWLEDGED' } },
      { as: 'AGENT' },
    );
    expect(changed.data?.changeCaseStatus.errors ?? changed.errors).toEqual([]);

    const start = new Date();
    await deliverDueWebhooks(server.orm.em.fork(), SETTINGS, start);
    await deliverDueWebhooks(server.orm.em.fork(), SETTINGS, new Date(start.getTime() + 100));
    const waiting = await server.orm.em.fork().find(WebhookDelivery, { status: 'PENDING' });
    expect(waiting).toHaveLength(4);
    // The second pass came before the backoff ended, so each row was tried once.
    expect(waiting.map((row) => row.attempts)).toEqual([1, 1, 1, 1]);
    expect(waiting.every((row) => row.nextAttemptAt.getTime() > start.getTime())).toBe(true);
    expect(waiting.every((row) => row.lastError !== null)).toBe(true);

    await receiver.start();
    await deliverUntilIdle(new Date(start.getTime() + SETTINGS.maxDelayMs));
    // A pass after everything was delivered sends nothing again.
    await deliverDueWebhooks(server.orm.em.fork(), SETTINGS, new Date(start.getTime() + 86_400_000));

    expect(receiver.requests).toHaveLength(4);
    expect(new Set(receiver.ids()).size).toBe(4);
    const events = receiver.requests.map((request) => JSON.parse(request.body));
    expect(events.filter((event) => event.type === 'CASE_CREATED')).toHaveLength(3);
    const statusChanges = events.filter((event) => event.type === 'CASE_STATUS_CHANGED');
    expect(statusChanges).toHaveLength(1);
    expect(statusChanges[0].case.previousStatus).toBe('NEW');
    expect(statusChanges[0].case.status).toBe('ACKNOWLEDGED');
    const rows = await server.orm.em.fork().find(WebhookDelivery, { webhook: webhook!.id });
    expect(rows.map((row) => row.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERED']);
  });

  it('two racing workers deliver once', async () => {
    receiver = new Receiver();
    await receiver.start();
    await register(receiver.url);
    for (let index = 0; index < 8; index += 1) {
      await openCase();
    }

    const now = new Date();
    const delivered = await Promise.all([
      deliverDueWebhooks(server.orm.em.fork(), SETTINGS, now),
      deliverDueWebhooks(server.orm.em.fork(), SETTINGS, now),
      deliverDueWebhooks(server.orm.em.fork(), SETTINGS, now),
    ]);

    expect(delivered.reduce((sum, count) => sum + count, 0)).toBe(8);
    expect(receiver.requests).toHaveLength(8);
    expect(new Set(receiver.ids()).size).toBe(8);
  });

  it('failed change writes no outbox row', async () => {
    receiver = new Receiver();
    await receiver.start();
    await register(receiver.url);
    const opened = await openCase();
    const before = await server.orm.em.fork().count(WebhookDelivery, {});

    const changed = await server.graphql(
      CHANGE_STATUS,
      { input: { caseId: opened.id, status: 'CLOSED' } },
      { as: 'AGENT' },
    );

    expect(changed.data!.changeCaseStatus.errors.length).toBeGreaterThan(0);
    expect(await server.orm.em.fork().count(WebhookDelivery, {})).toBe(before);
  });

  it('delivery gives up after maximum attempts', async () => {
    receiver = new Receiver();
    receiver.statusCode = 500;
    await receiver.start();
    await register(receiver.url);
    const opened = await openCase();

    await deliverUntilIdle(new Date());

    expect(receiver.requests).toHaveLength(SETTINGS.maxAttempts);
    // Retries of one event repeat its id, so the receiver can drop duplicates.
    expect(new Set(receiver.ids()).size).toBe(1);
    const failed = await server.graphql(DELIVERIES, { status: 'FAILED' }, { as: 'ADMINISTRATOR' });
    const nodes = failed.data!.webhookDeliveries.edges.map((edge: any) => edge.node);
    const mine = nodes.filter((node: any) => node.caseNumber === opened.number);
    expect(mine).toHaveLength(1);
    expect(mine[0].attempts).toBe(SETTINGS.maxAttempts);
    expect(mine[0].lastError).toBe('receiver returned HTTP 500');

    const forbidden = await server.graphql(DELIVERIES, { status: 'FAILED' }, { as: 'AGENT' });
    expect(forbidden.data?.webhookDeliveries ?? null).toBeNull();

    receiver.statusCode = 200;
    const retried = await server.graphql(RETRY, { input: { id: mine[0].id } }, { as: 'ADMINISTRATOR' });
    expect(retried.data!.retryWebhookDelivery).toEqual({
      delivery: { status: 'PENDING', attempts: 0 },
      errors: [],
    });
    await deliverUntilIdle(new Date());
    expect(receiver.requests).toHaveLength(SETTINGS.maxAttempts + 1);
  });

  it('delivery rechecks the address before sending', async () => {
    // A row whose URL became private after registration, as with a DNS change, is never sent.
    const em = server.orm.em.fork();
    const webhook = em.create(Webhook, {
      name: 'Changed address',
      url: 'https://10.255.255.1/hook',
      eventTypes: ['CASE_CREATED'],
      secret: 'whsec_test',
      createdAt: new Date(),
    });
    await em.flush();
    await openCase();

    await deliverDueWebhooks(server.orm.em.fork(), { ...SETTINGS, maxAttempts: 1 }, new Date());

    const row = await server.orm.em.fork().findOneOrFail(WebhookDelivery, { webhook: webhook.id });
    expect(row.status).toBe('FAILED');
    expect(row.lastError).toContain('private or reserved address 10.255.255.1');
  });

  it('disabled webhook gets no new events', async () => {
    receiver = new Receiver();
    await receiver.start();
    const { webhook } = await register(receiver.url);
    const disabled = await server.graphql(DISABLE_WEBHOOK, { input: { id: webhook!.id } }, { as: 'ADMINISTRATOR' });
    expect(disabled.data!.disableWebhook.errors).toEqual([]);

    await openCase();
    await deliverUntilIdle(new Date());

    expect(receiver.requests).toHaveLength(0);
    expect(await server.orm.em.fork().count(WebhookDelivery, { webhook: webhook!.id })).toBe(0);
  });
});

describe('retryDelayMs', () => {
  it('doubles within jitter bounds and caps', () => {
    const settings = { baseDelayMs: 1000, maxDelayMs: 10_000 };
    expect(retryDelayMs(1, settings, () => 0)).toBe(500);
    expect(retryDelayMs(1, settings, () => 1)).toBe(1000);
    expect(retryDelayMs(3, settings, () => 1)).toBe(4000);
    expect(retryDelayMs(3, settings, () => 0)).toBe(2000);
    expect(retryDelayMs(20, settings, () => 1)).toBe(10_000);
  });
});
