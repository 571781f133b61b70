import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestServer,
  type GraphQLResponse,
  type StaffOrResidentRole,
  type TestServer,
} from '../support/server';
import { seedCases, type SeededCity } from './fixtures';

const CASE_FIELDS = `id number status sourceStatus channel latitude longitude createdAt updatedAt closedAt
  jurisdiction { code name } category { name jurisdiction { code } } district { name }`;

const CASES = `query Cases($filter: CaseFilter, $first: Int, $after: String) {
  cases(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { number } }
  }
}`;

const OPEN_CASE = `mutation Open($input: OpenCaseInput!) {
  openCase(input: $input) { case { ${CASE_FIELDS} } errors { code field message } }
}`;

const SECRET = 'resident-secret-text';

describe('cases API', () => {
  let server: TestServer;
  let city: SeededCity;
  let other: SeededCity;
  const responses: unknown[] = [];

  async function graphql(
    query: string,
    variables?: Record<string, unknown>,
    options?: { as?: StaffOrResidentRole },
  ): Promise<GraphQLResponse> {
    const response = await server.graphql(query, variables, options);
    responses.push(response);

    return response;
  }

  async function numbers(filter: Record<string, unknown>): Promise<string[]> {
    const response = await graphql(CASES, { filter, first: 100 });

    return response.data?.cases.edges.map((edge: { node: { number: string } }) => edge.node.number);
  }

  beforeAll(async () => {
    server = await startTestServer();
    city = await seedCases(server.orm, 'tc', 'Test City', [
      {
        category: 'Potholes',
        district: 'North',
        createdAt: '2024-01-10T08:00:00Z',
        latitude: 40.7,
        longitude: -74,
        description: SECRET,
      },
      {
        category: 'Potholes',
        district: 'South',
        status: 'CLOSED',
        channel: 'PHONE',
        createdAt: '2024-02-05T08:00:00Z',
      },
      {
        category: 'Graffiti',
        district: 'North',
        status: 'IN_PROGRESS',
        channel: 'MOBILE_APP',
        createdAt: '2024-02-20T08:00:00Z',
      },
    ]);
    other = await seedCases(server.orm, 'oc', 'Other City', [
      { category: 'Noise', createdAt: '2024-03-01T08:00:00Z', description: SECRET },
    ]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('lists jurisdictions in code order', async () => {
    const response = await graphql(
      '{ jurisdictions { totalCount edges { node { id code name } } } }',
    );

    expect(response).toEqual({
      data: {
        jurisdictions: {
          totalCount: 2,
          edges: [
            { node: { id: other.jurisdictionId, code: 'oc', name: 'Other City' } },
            { node: { id: city.jurisdictionId, code: 'tc', name: 'Test City' } },
          ],
        },
      },
    });
  });

  it('lists categories of one jurisdiction', async () => {
    const response = await graphql(
      'query C($j: ID) { categories(jurisdictionId: $j) { totalCount edges { node { id code name jurisdiction { code } } } } }',
      { j: city.jurisdictionId },
    );

    expect(response).toEqual({
      data: {
        categories: {
          totalCount: 2,
          edges: [
            {
              node: {
                id: city.categories.Graffiti,
                code: 'graffiti',
                name: 'Graffiti',
                jurisdiction: { code: 'tc' },
              },
            },
            {
              node: {
                id: city.categories.Potholes,
                code: 'potholes',
                name: 'Potholes',
                jurisdiction: { code: 'tc' },
              },
            },
          ],
        },
      },
    });
  });

  it('returns one case with its references', async () => {
    const response = await graphql(`query One($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`, {
      id: city.cases[0],
    });

    expect(response).toEqual({
      data: {
        case: {
          id: city.cases[0],
          number: 'TC-T1',
          status: 'NEW',
          sourceStatus: null,
          channel: 'WEB',
          latitude: 40.7,
          longitude: -74,
          createdAt: '2024-01-10T08:00:00.000Z',
          updatedAt: '2024-01-10T08:00:00.000Z',
          closedAt: null,
          jurisdiction: { code: 'tc', name: 'Test City' },
          category: { name: 'Potholes', jurisdiction: { code: 'tc' } },
          district: { name: 'North' },
        },
      },
    });
  });

  it('returns null for an unknown case', async () => {
    const response = await graphql('{ case(id: "not-a-case") { id } }');

    expect(response).toEqual({ data: { case: null } });
  });

  it('pages with first and after', async () => {
    const first = await graphql(CASES, {
      filter: { jurisdictionId: city.jurisdictionId },
      first: 2,
    });
    const endCursor = first.data?.cases.pageInfo.endCursor;
    const second = await graphql(CASES, {
      filter: { jurisdictionId: city.jurisdictionId },
      first: 2,
      after: endCursor,
    });

    expect(first).toEqual({
      data: {
        cases: {
          totalCount: 3,
          pageInfo: {
            hasNextPage: true,
            hasPreviousPage: false,
            startCursor: expect.any(String),
            endCursor,
          },
          edges: [
            { cursor: expect.any(String), node: { number: 'TC-T3' } },
            { cursor: endCursor, node: { number: 'TC-T2' } },
          ],
        },
      },
    });
    expect(second).toEqual({
      data: {
        cases: {
          totalCount: 3,
          pageInfo: {
            hasNextPage: false,
            hasPreviousPage: true,
            startCursor: expect.any(String),
            endCursor: expect.any(String),
          },
          edges: [{ cursor: expect.any(String), node: { number: 'TC-T1' } }],
        },
      },
    });
  });

  it('rejects a page larger than 100', async () => {
    const response = await graphql(CASES, { first: 101 });

    expect(response.data).toBeNull();
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('filters by each condition', async () => {
    expect(await numbers({ jurisdictionId: other.jurisdictionId })).toEqual(['OC-T1']);
    expect(await numbers({ categoryIds: [city.categories.Potholes] })).toEqual(['TC-T2', 'TC-T1']);
    expect(await numbers({ districtIds: [city.districts.North] })).toEqual(['TC-T3', 'TC-T1']);
    expect(await numbers({ statuses: ['CLOSED', 'IN_PROGRESS'] })).toEqual(['TC-T3', 'TC-T2']);
    expect(await numbers({ channels: ['PHONE'] })).toEqual(['TC-T2']);
    expect(
      await numbers({ createdFrom: '2024-02-05T08:00:00Z', createdTo: '2024-03-01T08:00:00Z' }),
    ).toEqual(['TC-T3', 'TC-T2']);
  });

  it('rejects a malformed id in a filter', async () => {
    const response = await graphql(CASES, { filter: { categoryIds: ['potholes'] } });

    expect(response.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      [
        'BAD_USER_INPUT',
        'categoryIds "potholes" is not a valid id: pass an id returned by this API.',
      ],
    ]);
  });

  it('opens numbered cases', async () => {
    const input = {
      jurisdictionId: other.jurisdictionId,
      categoryId: other.categories.Noise,
      latitude: 52.23,
      longitude: 21.01,
      channel: 'EMAIL',
      description: SECRET,
    };
    const year = new Date().getUTCFullYear();

    const first = await graphql(OPEN_CASE, { input });
    const second = await graphql(OPEN_CASE, {
      input: { ...input, latitude: null, longitude: null },
    });

    expect(first).toEqual({
      data: {
        openCase: {
          case: {
            id: expect.any(String),
            number: `OC-${year}-000001`,
            status: 'NEW',
            sourceStatus: null,
            channel: 'EMAIL',
            latitude: 52.23,
            longitude: 21.01,
            createdAt: expect.any(String),
            updatedAt: expect.any(String),
            closedAt: null,
            jurisdiction: { code: 'oc', name: 'Other City' },
            category: { name: 'Noise', jurisdiction: { code: 'oc' } },
            district: null,
          },
          errors: [],
        },
      },
    });
    expect(second.data?.openCase.case.number).toBe(`OC-${year}-000002`);
  });

  it('rejects invalid coordinates and writes nothing', async () => {
    const before = await graphql(CASES, { filter: { jurisdictionId: city.jurisdictionId } });

    const response = await graphql(OPEN_CASE, {
      input: {
        jurisdictionId: city.jurisdictionId,
        categoryId: city.categories.Potholes,
        latitude: 91,
        longitude: -180.5,
        channel: 'WEB',
      },
    });
    const after = await graphql(CASES, { filter: { jurisdictionId: city.jurisdictionId } });

    expect(response).toEqual({
      data: {
        openCase: {
          case: null,
          errors: [
            {
              code: 'INVALID_LATITUDE',
              field: ['input', 'latitude'],
              message: 'latitude 91 is out of range: pass degrees from -90 to 90.',
            },
            {
              code: 'INVALID_LONGITUDE',
              field: ['input', 'longitude'],
              message: 'longitude -180.5 is out of range: pass degrees from -180 to 180.',
            },
          ],
        },
      },
    });
    expect(after.data?.cases.totalCount).toBe(before.data?.cases.totalCount);
  });

  it('rejects a category of another jurisdiction', async () => {
    const response = await graphql(OPEN_CASE, {
      input: {
        jurisdictionId: city.jurisdictionId,
        categoryId: other.categories.Noise,
        latitude: 10,
        channel: 'WEB',
      },
    });

    expect(response.data?.openCase).toEqual({
      case: null,
      errors: [
        {
          code: 'INCOMPLETE_LOCATION',
          field: ['input', 'longitude'],
          message: 'longitude is missing: pass both latitude and longitude, or neither.',
        },
        {
          code: 'CATEGORY_NOT_IN_JURISDICTION',
          field: ['input', 'categoryId'],
          message: `The category "${other.categories.Noise}" belongs to another jurisdiction: pick one of this jurisdiction's categories.`,
        },
      ],
    });
  });

  it('closes and reopens a case', async () => {
    const change = `mutation Change($input: ChangeCaseStatusInput!) {
      changeCaseStatus(input: $input) { case { number status closedAt } errors { code } }
    }`;

    const closed = await graphql(
      change,
      { input: { caseId: city.cases[2], status: 'RESOLVED' } },
      { as: 'AGENT' },
    );
    const reopened = await graphql(
      change,
      {
        input: { caseId: city.cases[2], status: 'IN_PROGRESS' },
      },
      { as: 'AGENT' },
    );
    const unknown = await graphql(
      change,
      {
        input: { caseId: other.categories.Noise, status: 'CLOSED' },
      },
      { as: 'AGENT' },
    );

    expect(closed).toEqual({
      data: {
        changeCaseStatus: {
          case: { number: 'TC-T3', status: 'RESOLVED', closedAt: expect.any(String) },
          errors: [],
        },
      },
    });
    expect(reopened).toEqual({
      data: {
        changeCaseStatus: {
          case: { number: 'TC-T3', status: 'IN_PROGRESS', closedAt: null },
          errors: [],
        },
      },
    });
    expect(unknown).toEqual({
      data: { changeCaseStatus: { case: null, errors: [{ code: 'UNKNOWN_CASE' }] } },
    });
  });

  it('has no description field', async () => {
    const response = await graphql('{ cases { edges { node { description } } } }');

    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('never returns the description text', () => {
    expect(responses.length).toBeGreaterThan(10);
    expect(JSON.stringify(responses)).not.toContain(SECRET);
  });
});
