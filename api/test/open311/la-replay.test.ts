import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { changeCaseStatus } from '../../src/modules/cases/case-lifecycle.service';
import { dataFile, hasData } from '../support/data';
import { startTestServer, type TestServer } from '../support/server';
import { createKey, createService, getOpen311, postRequest, seedJurisdiction } from './support';

const LA_FILE = ['service-requests', 'los-angeles', 'MyLA311_Service_Request_Data_2017_Subset.csv'];

/**
 * Every row is replayed when RATUSZ_OPEN311_REPLAY=all, as `.ci/run` sets it, and every tenth
 * row otherwise, to keep a local `npm test` short: all 9,999 rows took about 2 minutes on SQLite
 * and 3.5 minutes on PostgreSQL on a loaded two-core machine.
 */
const REPLAY_ALL = process.env.RATUSZ_OPEN311_REPLAY === 'all';
const ROW_STEP = REPLAY_ALL ? 1 : 10;

if (!REPLAY_ALL) {
  console.warn(
    'Open311 replay uses every tenth Los Angeles row: set RATUSZ_OPEN311_REPLAY=all to replay all 9,999.',
  );
}

/** MyLA311 statuses as case statuses: Closed was fixed, Cancelled and Referred Out were not. */
const LA_STATUS = {
  Open: 'NEW',
  Closed: 'RESOLVED',
  Cancelled: 'CLOSED',
  'Referred Out': 'CLOSED',
} as const;
/** Why a MyLA311 status closed a case without a fix. */
const LA_CLOSE_REASON = {
  Cancelled: 'NO_FURTHER_ACTION',
  'Referred Out': 'REFERRED_ELSEWHERE',
} as const;
/** The same statuses as GeoReport v2 statuses and FixMyStreet extended statuses. */
const OPEN311_STATUS = {
  Open: 'open',
  Closed: 'closed',
  Cancelled: 'closed',
  'Referred Out': 'closed',
} as const;
const EXTENDED_STATUS = {
  Open: 'open',
  Closed: 'fixed',
  Cancelled: 'closed',
  'Referred Out': 'closed',
} as const;

type LaRow = {
  SRNumber: string;
  RequestType: string;
  Status: keyof typeof LA_STATUS;
  Latitude: string;
  Longitude: string;
  Address: string;
};

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  }

  return counts;
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function inPool<T>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** Reads every page of an Open311 list. */
async function readAll(server: TestServer, path: string): Promise<any[]> {
  const all: any[] = [];
  for (let page = 1; ; page += 1) {
    const response = await getOpen311(
      server,
      `${path}${path.includes('?') ? '&' : '?'}page_size=1000&page=${page}`,
    );
    expect(response.status).toBe(200);
    const items = (await response.json()) as any[];
    all.push(...items);
    if (items.length < 1000) {
      return all;
    }
  }
}

describe.skipIf(!hasData)('Los Angeles 2017 replay through Open311', () => {
  let server: TestServer;
  let rows: LaRow[];
  const codes = new Map<string, string>();

  beforeAll(async () => {
    const all = parse(fs.readFileSync(dataFile(...LA_FILE)), {
      columns: true,
      skip_empty_lines: true,
    }) as LaRow[];
    expect(all).toHaveLength(9_999);
    rows = all.filter((_, index) => index % ROW_STEP === 0);
    server = await startTestServer();
    const jurisdictionId = await seedJurisdiction(server, 'la', 'Los Angeles');
    const types = [...new Set(rows.map((row) => row.RequestType))].sort();
    for (const [index, type] of types.entries()) {
      // Codes with leading zeros check that service codes stay strings end to end.
      const code = String(index + 1).padStart(3, '0');
      codes.set(type, code);
      await createService(server, jurisdictionId, {
        serviceCode: code,
        name: type,
        group: 'MyLA311',
      });
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  it(
    'returns the file counts per service and status',
    { timeout: REPLAY_ALL ? 3_600_000 : 900_000 },
    async () => {
      const key = (await createKey(server)).secret;
      const ids: string[] = new Array(rows.length);
      const failures: string[] = [];
      await inPool(rows, 8, async (row, index) => {
        const location: Record<string, string> = row.Latitude
          ? { lat: row.Latitude, long: row.Longitude }
          : { address_string: row.Address };
        const fields = {
          api_key: key,
          service_code: codes.get(row.RequestType) as string,
          ...location,
        };
        const response = await postRequest(server, fields).catch(
          (error: Error & { cause?: { code?: string } }) => {
            // undici can reuse a keep-alive socket just as the server closes it; the request was
            // never received then, so it is sent once more.
            if (error.cause?.code === 'ECONNRESET') {
              return postRequest(server, fields);
            }
            throw error;
          },
        );
        const body = (await response.json()) as any[];
        if (response.status !== 201) {
          failures.push(`${row.SRNumber}: ${response.status} ${JSON.stringify(body)}`);

          return;
        }
        ids[index] = body[0].service_request_id;
      });
      expect(failures).toEqual([]);

      // Staff change each status through the case lifecycle, which writes the public timeline
      // that the updates feed reads.
      const em = server.orm.em.fork();
      const caseIds = new Map<string, string>();
      for (let start = 0; start < ids.length; start += 500) {
        const found = await em.find(
          ServiceCase,
          { number: { $in: ids.slice(start, start + 500) } },
          { fields: ['id', 'number'] },
        );
        for (const item of found) {
          caseIds.set(item.number, item.id);
        }
      }
      const changed = rows.filter((row) => row.Status !== 'Open').length;
      const changeFailures: string[] = [];
      await inPool(rows, 1, async (row, index) => {
        if (row.Status === 'Open') {
          return;
        }
        const result = await changeCaseStatus(
          { em: server.orm.em.fork(), events: server.events },
          {
            caseId: caseIds.get(ids[index] as string) as string,
            status: LA_STATUS[row.Status],
            closeReason: row.Status === 'Closed' ? undefined : LA_CLOSE_REASON[row.Status],
          },
        );
        if (result.errors.length > 0) {
          changeFailures.push(`${row.SRNumber}: ${JSON.stringify(result.errors)}`);
        }
      });
      expect(changeFailures).toEqual([]);

      const requests = await readAll(server, 'requests.json');
      expect(requests).toHaveLength(rows.length);
      const serviceOf = (row: LaRow) => codes.get(row.RequestType) as string;
      expect(countBy(requests, (item) => item.service_code)).toEqual(countBy(rows, serviceOf));
      expect(countBy(requests, (item) => `${item.service_code} ${item.status}`)).toEqual(
        countBy(rows, (row) => `${serviceOf(row)} ${OPEN311_STATUS[row.Status]}`),
      );
      if (REPLAY_ALL) {
        expect(countBy(requests, (item) => item.status)).toEqual({ open: 5, closed: 9_994 });
      }
      const names = new Map([...codes].map(([name, code]) => [code, name]));
      expect(requests.every((item) => names.get(item.service_code) === item.service_name)).toBe(
        true,
      );

      // The feed has the opening of every request and one update per status change, oldest
      // first, so the last update of each request carries its current status.
      const updates = await readAll(server, 'servicerequestupdates.json');
      expect(updates).toHaveLength(rows.length + changed);
      const latest = new Map(updates.map((item) => [item.service_request_id, item]));
      expect(latest.size).toBe(rows.length);
      const serviceById = new Map(
        requests.map((item) => [item.service_request_id, item.service_code]),
      );
      expect(
        countBy(
          [...latest.values()],
          (item) => `${serviceById.get(item.service_request_id)} ${item.status}`,
        ),
      ).toEqual(countBy(rows, (row) => `${serviceOf(row)} ${EXTENDED_STATUS[row.Status]}`));
      if (REPLAY_ALL) {
        expect(countBy([...latest.values()], (item) => item.status)).toEqual({
          open: 5,
          fixed: 9_739,
          closed: 255,
        });
      }
    },
  );
});
