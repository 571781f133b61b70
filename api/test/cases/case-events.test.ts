import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvents, startTestServer, type TestServer } from '../support/server';
import { seedCases, type SeededCity } from './fixtures';

const CASE_CHANGED = `subscription Changed($jurisdictionId: ID) {
  caseChanged(jurisdictionId: $jurisdictionId) {
    kind
    case { number status channel latitude longitude closedAt jurisdiction { code } category { name } district { name } }
  }
}`;

const OPEN_CASE = `mutation Open($input: OpenCaseInput!) { openCase(input: $input) { case { id } errors { code } } }`;
const CHANGE_STATUS = `mutation Change($input: ChangeCaseStatusInput!) {
  changeCaseStatus(input: $input) { errors { code } }
}`;

type Event = { caseChanged: { kind: string; case: Record<string, unknown> } };

describe('caseChanged subscription', () => {
  let server: TestServer;
  let watched: SeededCity;
  let ignored: SeededCity;

  beforeAll(async () => {
    server = await startTestServer();
    watched = await seedCases(server.orm, 'wa', 'Watched City', [
      { category: 'Potholes', district: 'Centre', createdAt: '2024-01-01T00:00:00Z' },
    ]);
    ignored = await seedCases(server.orm, 'ig', 'Ignored City', [
      { category: 'Noise', createdAt: '2024-01-01T00:00:00Z' },
    ]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('delivers events of one jurisdiction over WebSocket', async () => {
    const filtered = nextEvents<Event>(
      server.wsClient(),
      CASE_CHANGED,
      { jurisdictionId: watched.jurisdictionId },
      2,
    );
    const unfiltered = nextEvents<Event>(server.wsClient(), CASE_CHANGED, {}, 3);
    await Promise.all([filtered.subscribed, unfiltered.subscribed]);

    await server.graphql(OPEN_CASE, {
      input: {
        jurisdictionId: ignored.jurisdictionId,
        categoryId: ignored.categories.Noise,
        channel: 'PHONE',
        description: 'private words',
      },
    });
    const opened = await server.graphql(OPEN_CASE, {
      input: {
        jurisdictionId: watched.jurisdictionId,
        categoryId: watched.categories.Potholes,
        districtId: watched.districts.Centre,
        latitude: 50.06,
        longitude: 19.94,
        channel: 'MOBILE_APP',
        description: 'private words',
      },
    });
    await server.graphql(
      CHANGE_STATUS,
      {
        input: {
          caseId: opened.data?.openCase.case.id,
          status: 'CLOSED',
          closeReason: 'DUPLICATE',
        },
      },
      { as: 'AGENT' },
    );
    const year = new Date().getUTCFullYear();

    const watchedCase = {
      number: `WA-${year}-000001`,
      status: 'NEW',
      channel: 'MOBILE_APP',
      latitude: 50.06,
      longitude: 19.94,
      closedAt: null,
      jurisdiction: { code: 'wa' },
      category: { name: 'Potholes' },
      district: { name: 'Centre' },
    };
    const events = await filtered.done;
    expect(events).toEqual([
      { caseChanged: { kind: 'CREATED', case: watchedCase } },
      {
        caseChanged: {
          kind: 'UPDATED',
          case: { ...watchedCase, status: 'CLOSED', closedAt: expect.any(String) },
        },
      },
    ]);
    const all = await unfiltered.done;
    expect(all.map((event) => event.caseChanged.case.number)).toEqual([
      `IG-${year}-000001`,
      `WA-${year}-000001`,
      `WA-${year}-000001`,
    ]);
    expect(JSON.stringify(all)).not.toContain('private words');
  });
});
