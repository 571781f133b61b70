import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, signIn } from '../../src/modules/accounts/account.service';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { Department } from '../../src/modules/cases/department.entity';
import { CaseSupport } from '../../src/modules/duplicates/case-support.entity';
import { suggestDuplicates, textSimilarity } from '../../src/modules/duplicates/duplicate.service';
import { JAN_KOWALSKI } from '../support/personal-values';
import { startTestServer, type TestServer } from '../support/server';
import { seedCases, type SeededCity } from '../cases/fixtures';

const SUGGEST = `query Suggest($input: DuplicateQueryInput!, $first: Int) {
  duplicateSuggestions(input: $input, first: $first) {
    totalCount
    edges { node { distanceMeters textSimilarity score case { id number status } } }
  }
}`;

const SUPPORT = `mutation Support($input: SupportCaseInput!) {
  supportCase(input: $input) { case { id affectedResidents } errors { code message } }
}`;

const MERGE = `mutation Merge($input: MergeCasesInput!) {
  mergeCases(input: $input) { case { id affectedResidents } errors { code field message } }
}`;

const CASE = `query Case($id: ID!) {
  case(id: $id) {
    status closeReason duplicateOfId affectedResidents
    timeline { edges { node { kind closeReason note } } }
  }
}`;

/** A point in Warsaw's old town; offsets below are in metres north of it. */
const ORIGIN = { latitude: 52.2497, longitude: 21.0122 };
const METRES_PER_DEGREE_LATITUDE = 111_195;

type Point = { latitude: number; longitude: number };

function north(metres: number, from: Point = ORIGIN): Point {
  return { latitude: from.latitude + metres / METRES_PER_DEGREE_LATITUDE, longitude: from.longitude };
}

/**
 * Centres of public rounding cells (coordinates rounded to 0.001°), each more than 5 km from
 * the others and from ORIGIN, so that the cases of one test are the only candidates.
 */
const TEXT_CELL = { latitude: 52.3, longitude: 21.1 };
const LOCATION_CELL = { latitude: 52.35, longitude: 21.1 };
const STAFF_CELL = { latitude: 52.4, longitude: 21.1 };
const CAP_CELL = { latitude: 52.45, longitude: 21.1 };

const PRIVATE_TEXT = `${JAN_KOWALSKI.name}, tel. ${JAN_KOWALSKI.phone}: dziura w jezdni przed numerem 5`;

describe('duplicate suggestions, merge and support', () => {
  let server: TestServer;
  let city: SeededCity;
  let residentCount = 0;

  /** Creates and signs in a new resident account, so each call is a different person. */
  async function newResident(): Promise<{ token: string; accountId: string }> {
    residentCount += 1;
    const login = `resident-${residentCount}@ratusz.test`;
    const password = 'resident test password';
    const created = await createAccount(server.orm.em.fork(), server.config, { login, password, roles: ['RESIDENT'] }, null);
    expect(created.errors).toEqual([]);
    const result = await signIn(server.orm.em.fork(), server.config, login, password);
    if (!result.ok) {
      throw new Error(`signing in ${login} failed: ${result.error.message}`);
    }

    return { token: result.token, accountId: created.account!.id };
  }

  async function newResidentToken(): Promise<string> {
    return (await newResident()).token;
  }

  async function openCaseAt(metres: number, description: string, category = 'Potholes', status: ServiceCase['status'] = 'NEW') {
    return openCaseAtPoint(north(metres), description, { category, status });
  }

  async function openCaseAtPoint(
    position: Point,
    description: string,
    options: { category?: string; status?: ServiceCase['status']; department?: string; reporterAccountId?: string } = {},
  ) {
    const em = server.orm.em.fork();
    const entity = em.create(ServiceCase, {
      number: `DU-${Math.random().toString(36).slice(2, 10)}`,
      jurisdiction: city.jurisdictionId,
      category: city.categories[options.category ?? 'Potholes']!,
      status: options.status ?? 'NEW',
      channel: 'WEB',
      ...position,
      department: options.department ?? null,
      reporterAccountId: options.reporterAccountId ?? null,
      description,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await em.flush();

    return entity.id;
  }

  /** Sends `SUGGEST` from `position` once per report text, as `token` or anonymously. */
  async function suggestionsFor(position: Point, descriptions: (string | null)[], token?: string) {
    const answers = [];
    for (const description of descriptions) {
      const response = await server.graphql(
        SUGGEST,
        { input: { categoryId: city.categories.Potholes, ...position, description } },
        token ? { token } : {},
      );
      expect(response.errors).toBeUndefined();
      answers.push(response.data!.duplicateSuggestions);
    }

    return answers;
  }

  let roads: string;
  let parks: string;

  beforeAll(async () => {
    server = await startTestServer();
    city = await seedCases(server.orm, 'du', 'Duplicate City', [
      { category: 'Potholes', createdAt: '2026-01-05T09:00:00Z' },
      { category: 'Graffiti', createdAt: '2026-01-05T09:00:00Z' },
      { category: 'Streetlights', createdAt: '2026-01-05T09:00:00Z' },
    ]);
    const em = server.orm.em.fork();
    roads = em.create(Department, { jurisdiction: city.jurisdictionId, code: 'roads', name: 'Roads' }).id;
    parks = em.create(Department, { jurisdiction: city.jurisdictionId, code: 'parks', name: 'Parks' }).id;
    await em.flush();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('textSimilarity ignores case and spacing', () => {
    expect(textSimilarity('Dziura  w JEZDNI', 'dziura w jezdni')).toBe(1);
    expect(textSimilarity('pothole', null)).toBe(0);
    expect(textSimilarity('pothole on main street', 'broken bench in park')).toBeLessThan(0.5);
  });

  it('suggestions rank by text and distance', async () => {
    const text = 'Duża dziura w jezdni przy przystanku';
    const sameTextFar = await openCaseAtPoint(north(80), text, { department: roads });
    const otherTextNear = await openCaseAtPoint(north(5), 'Zniszczony znak drogowy', { department: roads });
    const sameTextNear = await openCaseAtPoint(north(10), text, { department: roads });
    const outside = await openCaseAtPoint(north(150), text, { department: roads });
    const otherCategory = await openCaseAtPoint(north(1), text, { category: 'Graffiti', department: roads });
    const closed = await openCaseAtPoint(north(1), text, { status: 'RESOLVED', department: roads });

    const response = await server.graphql(
      SUGGEST,
      { input: { categoryId: city.categories.Potholes, ...ORIGIN, description: 'duża dziura w jezdni przy przystanku' } },
      { token: await server.tokenFor('AGENT', 'roads') },
    );

    expect(response.errors).toBeUndefined();
    const ids = response.data!.duplicateSuggestions.edges.map((edge: any) => edge.node.case.id);
    expect(ids).toEqual([sameTextNear, sameTextFar, otherTextNear]);
    expect(ids).not.toContain(outside);
    expect(ids).not.toContain(otherCategory);
    expect(ids).not.toContain(closed);
    const first = response.data!.duplicateSuggestions.edges[0].node;
    expect(first.textSimilarity).toBe(1);
    expect(first.distanceMeters).toBe(10);
  });

  it('suggestions use the configured radius', async () => {
    const wide = await startTestServer({ RATUSZ_DUPLICATE_RADIUS_METERS: '500' });
    try {
      const wideCity = await seedCases(wide.orm, 'dw', 'Wide City', [
        { category: 'Potholes', createdAt: '2026-01-05T09:00:00Z', ...north(300), description: 'dziura' },
      ]);
      const response = await wide.graphql(SUGGEST, {
        input: { categoryId: wideCity.categories.Potholes, ...ORIGIN, description: 'dziura' },
      });

      expect(response.data!.duplicateSuggestions.totalCount).toBe(1);
      // Anonymous callers get the distance to the public coordinates, which is not exactly 300 m.
      expect(response.data!.duplicateSuggestions.edges[0].node.distanceMeters).toBeGreaterThan(250);
    } finally {
      await wide.stop();
    }
  });

  it('suggestions never return descriptions', async () => {
    await openCaseAt(3, PRIVATE_TEXT, 'Streetlights');
    const response = await server.graphql(
      `query Suggest($input: DuplicateQueryInput!) {
        duplicateSuggestions(input: $input) {
          edges { node { case { id number timeline { edges { node { note } } } } } }
        }
      }`,
      { input: { categoryId: city.categories.Streetlights, ...ORIGIN, description: 'dziura' } },
    );

    expect(response.errors).toBeUndefined();
    expect(response.data!.duplicateSuggestions.edges).toHaveLength(1);
    const text = JSON.stringify(response);
    expect(text).not.toContain(JAN_KOWALSKI.lastName);
    expect(text).not.toContain(JAN_KOWALSKI.phone);
    expect(text).not.toContain('dziura w jezdni');
  });

  it('public suggestions ignore private text', async () => {
    const secret = 'Dziura w jezdni przed numerem 5, głęboka na 20 cm';
    const other = 'Latarnia nie świeci od tygodnia';
    const first = await openCaseAtPoint(north(10, TEXT_CELL), secret);
    const second = await openCaseAtPoint(north(-10, TEXT_CELL), other);
    // With exact similarity, one character reveals the length (1 / length), prefixes reveal the
    // text, and a full text puts the matching case first.
    const probes = ['D', 'x', secret.slice(0, 1), secret.slice(0, 12), secret, other, 'a'.repeat(secret.length), null];
    const resident = await newResidentToken();
    const anonymousBefore = await suggestionsFor(TEXT_CELL, probes);
    const residentBefore = await suggestionsFor(TEXT_CELL, probes, resident);

    const em = server.orm.em.fork();
    await em.nativeUpdate(ServiceCase, { id: first }, { description: `${other} i jeszcze dłużej` });
    await em.nativeUpdate(ServiceCase, { id: second }, { description: secret });
    const anonymousAfter = await suggestionsFor(TEXT_CELL, probes);
    const residentAfter = await suggestionsFor(TEXT_CELL, probes, resident);

    expect(anonymousAfter).toEqual(anonymousBefore);
    expect(residentAfter).toEqual(residentBefore);
    for (const answer of [...anonymousBefore, ...residentBefore]) {
      const ids = answer.edges.map((edge: any) => edge.node.case.id);
      expect(ids.sort()).toEqual([first, second].sort());
      for (const edge of answer.edges) {
        expect(edge.node.textSimilarity).toBeNull();
      }
    }
  });

  it('public suggestions hide position within cell', async () => {
    // Both positions round to LOCATION_CELL, about 100 m apart.
    const before = { latitude: LOCATION_CELL.latitude + 0.0004, longitude: LOCATION_CELL.longitude + 0.0004 };
    const after = { latitude: LOCATION_CELL.latitude - 0.0004, longitude: LOCATION_CELL.longitude - 0.0003 };
    const caseId = await openCaseAtPoint(before, 'Dziura');
    // Exact points, and points just inside the radius of one position and outside the other's.
    const probes = [LOCATION_CELL, before, after, north(99, before), north(-99, after), north(120, LOCATION_CELL)];
    const ask = async () => Promise.all(probes.map(async (probe) => (await suggestionsFor(probe, ['Dziura']))[0]));
    const answersBefore = await ask();

    await server.orm.em.fork().nativeUpdate(ServiceCase, { id: caseId }, after);
    const answersAfter = await ask();

    expect(answersAfter).toEqual(answersBefore);
    expect(answersBefore[0].edges.map((edge: any) => edge.node.distanceMeters)).toEqual([0]);
    for (const answer of answersBefore) {
      for (const edge of answer.edges) {
        expect(edge.node.distanceMeters % 10).toBe(0);
      }
    }
  });

  it('public suggestions pick candidates by public cell', async () => {
    // With room for two candidates, the newest two in the search box are compared. The victim's
    // two positions share one rounding cell, and only the first lies inside a box drawn around
    // the exact query point, so a box that ignored the cells would swap the reference case in
    // and out of the result.
    const em = server.orm.em.fork();
    const at = (position: Point, minutes: number, description: string) =>
      em.create(ServiceCase, {
        number: `DU-${Math.random().toString(36).slice(2, 10)}`,
        jurisdiction: city.jurisdictionId,
        category: city.categories.Potholes!,
        status: 'NEW',
        channel: 'WEB',
        ...position,
        description,
        createdAt: new Date(Date.UTC(2026, 0, 6, 9, minutes)),
        updatedAt: new Date(Date.UTC(2026, 0, 6, 9, minutes)),
      });
    const nextCell = { latitude: CAP_CELL.latitude + 0.001, longitude: CAP_CELL.longitude };
    at(nextCell, 0, 'reference');
    const victim = at({ latitude: CAP_CELL.latitude + 0.0002, longitude: CAP_CELL.longitude }, 1, PRIVATE_TEXT);
    at(nextCell, 2, 'filler');
    await em.flush();
    const radius = 100;
    const span = radius / 111_320 + 0.0005;
    const query = { categoryId: city.categories.Potholes!, latitude: CAP_CELL.latitude + 0.00015 + span, longitude: CAP_CELL.longitude };
    const ask = async () => (await suggestDuplicates(server.orm.em.fork(), query, radius, () => false, 2)).map((item) => item.case.id);
    const inside = await ask();

    await server.orm.em.fork().nativeUpdate(ServiceCase, { id: victim.id }, { latitude: CAP_CELL.latitude + 0.0001 });
    const outside = await ask();

    expect(outside).toEqual(inside);
    expect(inside).toHaveLength(1);
  });

  it('staff and reporters get text ranking', async () => {
    const text = 'Zapadnięta studzienka kanalizacyjna';
    const reporter = await newResident();
    const roadsMatch = await openCaseAtPoint(north(40, STAFF_CELL), text, { department: roads });
    const roadsOther = await openCaseAtPoint(north(5, STAFF_CELL), 'Zniszczony znak drogowy', { department: roads });
    const parksMatch = await openCaseAtPoint(north(20, STAFF_CELL), text, { department: parks });
    const ownMatch = await openCaseAtPoint(north(30, STAFF_CELL), text, { reporterAccountId: reporter.accountId });
    const nodesFor = async (token?: string) => {
      const [answer] = await suggestionsFor(STAFF_CELL, [text], token);
      return new Map<string, any>(answer.edges.map((edge: any) => [edge.node.case.id, edge.node]));
    };

    const agent = await nodesFor(await server.tokenFor('AGENT', 'roads'));
    const resident = await nodesFor(reporter.token);
    const anonymous = await nodesFor();

    expect([...agent.keys()][0]).toBe(roadsMatch);
    expect(agent.get(roadsMatch)).toMatchObject({ textSimilarity: 1, distanceMeters: 40 });
    expect(agent.get(roadsOther).textSimilarity).toBeLessThan(0.5);
    expect(agent.get(roadsOther).distanceMeters).toBe(5);
    expect(agent.get(parksMatch).textSimilarity).toBeNull();
    expect(agent.get(ownMatch).textSimilarity).toBeNull();
    expect([...resident.keys()][0]).toBe(ownMatch);
    expect(resident.get(ownMatch)).toMatchObject({ textSimilarity: 1, distanceMeters: 30 });
    expect(resident.get(roadsMatch).textSimilarity).toBeNull();
    for (const node of anonymous.values()) {
      expect(node.textSimilarity).toBeNull();
    }
    expect(anonymous.size).toBe(4);
  });

  it('suggestions reject coordinates out of range', async () => {
    const response = await server.graphql(SUGGEST, {
      input: { categoryId: city.categories.Potholes, latitude: 91, longitude: 0 },
    });

    expect(response.errors?.[0]?.message).toContain('out of range');
  });

  it('support counts once per resident under concurrency', async () => {
    const caseId = await openCaseAt(2000, 'Nie świeci latarnia', 'Streetlights');
    const token = await newResidentToken();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => server.graphql(SUPPORT, { input: { caseId } }, { token })),
    );

    const accepted = responses.filter((response) => response.data?.supportCase.errors.length === 0);
    const rejected = responses.filter(
      (response) => response.data?.supportCase.errors[0]?.code === 'ALREADY_SUPPORTED',
    );
    expect(accepted).toHaveLength(1);
    expect(rejected).toHaveLength(7);
    const rows = await server.orm.em.fork().find(CaseSupport, { serviceCase: caseId });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.residentHash).not.toContain('resident-');
    expect(accepted[0]!.data!.supportCase.case.affectedResidents).toBe(2);
  });

  it('support needs a signed-in resident', async () => {
    const caseId = await openCaseAt(2100, 'Nie świeci latarnia', 'Streetlights');
    const anonymous = await server.graphql(SUPPORT, { input: { caseId } });
    const agent = await server.graphql(SUPPORT, { input: { caseId } }, { as: 'AGENT' });

    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(agent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('support rejects closed cases', async () => {
    const caseId = await openCaseAt(2200, 'Nie świeci latarnia', 'Streetlights', 'RESOLVED');
    const response = await server.graphql(SUPPORT, { input: { caseId } }, { token: await newResidentToken() });

    expect(response.data!.supportCase.errors[0].code).toBe('CASE_NOT_OPEN');
  });

  it('merge closes duplicate and counts residents', async () => {
    const master = await openCaseAt(3000, 'Przewrócone drzewo');
    const duplicate = await openCaseAt(3010, 'Drzewo na chodniku');
    const shared = await newResidentToken();
    const onlyDuplicate = await newResidentToken();
    for (const [caseId, token] of [
      [master, shared],
      [duplicate, shared],
      [duplicate, onlyDuplicate],
    ] as const) {
      const response = await server.graphql(SUPPORT, { input: { caseId } }, { token });
      expect(response.data!.supportCase.errors).toEqual([]);
    }

    const merged = await server.graphql(MERGE, { input: { masterId: master, duplicateId: duplicate } }, { as: 'AGENT' });

    expect(merged.data!.mergeCases.errors).toEqual([]);
    // Master reporter, duplicate reporter and two distinct supporters.
    expect(merged.data!.mergeCases.case.affectedResidents).toBe(4);
    const closed = await server.graphql(CASE, { id: duplicate });
    expect(closed.data!.case.status).toBe('CLOSED');
    expect(closed.data!.case.closeReason).toBe('DUPLICATE');
    expect(closed.data!.case.duplicateOfId).toBe(master);
    const duplicateKinds = closed.data!.case.timeline.edges.map((edge: any) => edge.node.kind);
    expect(duplicateKinds).toContain('MERGED');
    const open = await server.graphql(CASE, { id: master });
    const masterKinds = open.data!.case.timeline.edges.map((edge: any) => edge.node.kind);
    expect(masterKinds).toContain('MERGED');
    expect(open.data!.case.duplicateOfId).toBeNull();
  });

  it('merge rejects invalid pairs', async () => {
    const master = await openCaseAt(4000, 'Zepsuta ławka');
    const resolved = await openCaseAt(4001, 'Zepsuta ławka', 'Potholes', 'RESOLVED');
    const cases: [Record<string, string>, string][] = [
      [{ masterId: master, duplicateId: master }, 'SAME_CASE'],
      [{ masterId: master, duplicateId: resolved }, 'CASE_NOT_OPEN'],
      [{ masterId: master, duplicateId: '00000000-0000-4000-8000-000000000000' }, 'UNKNOWN_CASE'],
    ];
    for (const [input, code] of cases) {
      const response = await server.graphql(MERGE, { input }, { as: 'AGENT' });
      expect(response.data!.mergeCases.errors.map((error: any) => error.code), code).toContain(code);
      expect(response.data!.mergeCases.case, code).toBeNull();
    }
    const entity = await server.orm.em.fork().findOneOrFail(ServiceCase, { id: master });
    expect(entity.status).toBe('NEW');
  });

  it('merge needs a staff role', async () => {
    const master = await openCaseAt(5000, 'Zepsuta ławka');
    const duplicate = await openCaseAt(5001, 'Zepsuta ławka');
    const response = await server.graphql(
      MERGE,
      { input: { masterId: master, duplicateId: duplicate } },
      { token: await newResidentToken() },
    );

    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
