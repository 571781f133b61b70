import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { addCaseNote, changeCaseStatus } from '../../src/modules/cases/case-lifecycle.service';
import { appendTimeline } from '../../src/modules/cases/case-timeline.service';
import { seedCases } from '../cases/fixtures';
import { JAN_KOWALSKI } from '../support/personal-values';
import { startTestServer, type TestServer } from '../support/server';
import { createKey, createService, getOpen311, postRequest, seedJurisdiction } from './support';

let server: TestServer;
let requestId: string;
let importedNumber: string;

const PUBLIC_NOTE = 'Inspection booked for Monday.';
const INTERNAL_NOTE = 'Caller sounded upset; ask the crew to phone first.';
const RESIDENT_NOTE = `Still broken, call ${JAN_KOWALSKI.name} on ${JAN_KOWALSKI.phone}.`;

async function feed(
  path = 'servicerequestupdates.json',
): Promise<{ body: any[]; total: string | null }> {
  const response = await getOpen311(server, path);
  expect(response.status).toBe(200);

  return { body: (await response.json()) as any[], total: response.headers.get('x-total-count') };
}

beforeAll(async () => {
  server = await startTestServer();
  const jurisdictionId = await seedJurisdiction(server, 'feed', 'Feed Town');
  await createService(server, jurisdictionId, { serviceCode: 'lamp', name: 'Street lamp' });
  const key = await createKey(server);
  const posted = await postRequest(server, {
    api_key: key.secret,
    service_code: 'lamp',
    lat: '52.23',
    long: '21.01',
  });
  requestId = ((await posted.json()) as any[])[0].service_request_id;

  const em = server.orm.em.fork();
  const context = { em, events: server.events };
  const entity = await em.findOneOrFail(ServiceCase, { number: requestId });
  await changeCaseStatus(context, {
    caseId: entity.id,
    status: 'ACKNOWLEDGED',
    publicNote: 'We have your report.',
    internalNote: INTERNAL_NOTE,
  });
  await addCaseNote(context, { caseId: entity.id, text: PUBLIC_NOTE, visibility: 'PUBLIC' });
  await addCaseNote(context, { caseId: entity.id, text: INTERNAL_NOTE, visibility: 'INTERNAL' });
  await changeCaseStatus(context, {
    caseId: entity.id,
    status: 'RESOLVED',
    evidenceUrl: 'https://photos.example.org/lamp-fixed.jpg',
  });
  const reopened = await em.fork().findOneOrFail(ServiceCase, { number: requestId });
  const writer = em.fork();
  appendTimeline(writer, reopened, new Date(), {
    kind: 'REOPENED',
    actor: 'RESIDENT',
    visibility: 'PUBLIC',
    fromStatus: 'RESOLVED',
    toStatus: 'IN_PROGRESS',
    note: RESIDENT_NOTE,
  });
  reopened.status = 'IN_PROGRESS';
  writer.persist(reopened);
  await writer.flush();

  // A case written by a bulk importer has no timeline.
  const imported = await seedCases(server.orm, 'feed', 'Feed Town', [
    { category: 'Street lamp', status: 'IN_PROGRESS', createdAt: new Date().toISOString() },
  ]);
  const importedCase = await server.orm.em
    .fork()
    .findOneOrFail(ServiceCase, { id: imported.cases[0]! });
  importedNumber = importedCase.number;
});

afterAll(async () => {
  await server?.stop();
});

describe('Open311 updates feed', () => {
  it('returns every public change of a request', async () => {
    const { body } = await feed();
    const updates = body.filter((update) => update.service_request_id === requestId);

    expect(updates.map((update) => update.status)).toEqual([
      'open',
      'investigating',
      'investigating',
      'fixed',
      'in_progress',
    ]);
    expect(updates.map((update) => update.description)).toEqual([
      '',
      'We have your report.',
      PUBLIC_NOTE,
      '',
      '',
    ]);
    expect(updates[3].media_url).toBe('https://photos.example.org/lamp-fixed.jpg');
    expect(new Set(updates.map((update) => update.update_id)).size).toBe(5);
  });

  it('keeps internal and resident notes out', async () => {
    const { body } = await feed();
    const text = JSON.stringify(body);

    expect(text).not.toContain('Caller sounded upset');
    expect(text).not.toContain(JAN_KOWALSKI.lastName);
  });

  it('lists oldest first', async () => {
    const { body } = await feed();
    const times = body.map((update) => update.updated_datetime);

    expect(times).toEqual([...times].sort());
  });

  it('includes cases without a timeline once', async () => {
    const { body } = await feed();
    const updates = body.filter((update) => update.service_request_id === importedNumber);

    expect(updates).toHaveLength(1);
    expect(updates[0].status).toBe('in_progress');
  });

  it('pages with a total', async () => {
    const all = await feed();
    const page = await feed('servicerequestupdates.json?page_size=2&page=2');
    const past = await feed('servicerequestupdates.json?page_size=2&page=50');

    expect(all.body).toHaveLength(6);
    expect(all.total).toBe('6');
    expect(page.total).toBe('6');
    expect(page.body).toEqual(all.body.slice(2, 4));
    expect(past.body).toEqual([]);
    expect(past.total).toBe('6');
  });

  it('filters by the date window', async () => {
    const { body, total } = await feed(
      'servicerequestupdates.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z',
    );

    expect(body).toEqual([]);
    expect(total).toBe('0');
  });

  it('serves XML', async () => {
    const response = await getOpen311(server, 'servicerequestupdates.xml?page_size=1');
    const xml = create(await response.text()).end({ format: 'object' }) as any;

    expect(response.headers.get('x-total-count')).toBe('6');
    expect(xml.service_request_updates.request_update.status).toBe('open');
  });
});
