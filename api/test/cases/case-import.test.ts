import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { la311Importer } from '../../src/modules/cases/la311.importer';
import { nyc311Importer } from '../../src/modules/cases/nyc311.importer';
import { open311Importer } from '../../src/modules/cases/open311.importer';
import { sf311Importer } from '../../src/modules/cases/sf311.importer';
import { importFile } from '../../src/modules/imports/import.service';
import { MalformedFileError, type Importer } from '../../src/modules/imports/importer';
import { dataFile, hasData } from '../support/data';
import { startTestServer, type TestServer, testLogger } from '../support/server';

// Status mapping of each source, as documented for the importers.
const NYC_STATUSES: Record<string, string> = {
  Closed: 'CLOSED',
  Pending: 'NEW',
  Assigned: 'ACKNOWLEDGED',
  Open: 'NEW',
  Started: 'IN_PROGRESS',
};
const LA_STATUSES: Record<string, string> = {
  Closed: 'CLOSED',
  Cancelled: 'CLOSED',
  'Referred Out': 'CLOSED',
  Open: 'NEW',
  Pending: 'NEW',
};
const SF_STATUSES: Record<string, string> = { Open: 'NEW', Closed: 'CLOSED' };
const GEOREPORT_STATUSES: Record<string, string> = { open: 'NEW', closed: 'CLOSED' };

const COUNTS = `query Counts($by: CaseCountDimension!, $filter: CaseFilter) {
  caseCounts(by: $by, filter: $filter) { label key count }
}`;

/** A source row reduced to what the counts compare: its category name and mapped status. */
type SourceRow = { category: string; status: string };

type Source = {
  name: string;
  importer: Importer;
  file: string[];
  options?: Record<string, string>;
  rows: () => SourceRow[];
};

function csvRows(
  file: string[],
  categoryColumn: string,
  statuses: Record<string, string>,
): SourceRow[] {
  const records = parse(fs.readFileSync(dataFile(...file)), { columns: true }) as Record<
    string,
    string
  >[];

  return records.map((record) => ({
    category: record[categoryColumn]!,
    status: statuses[record.Status!] ?? `unmapped ${record.Status}`,
  }));
}

function georeportRows(
  requests: Record<string, unknown>[],
  statuses: Record<string, string>,
): SourceRow[] {
  return requests.map((request) => ({
    category: String(request.service_name),
    status: statuses[String(request.status)] ?? `unmapped ${String(request.status)}`,
  }));
}

const SOURCES: Source[] = [
  {
    name: 'NYC 311',
    importer: nyc311Importer,
    file: ['service-requests', 'nyc', '311_subset.micro.csv'],
    rows: () =>
      csvRows(['service-requests', 'nyc', '311_subset.micro.csv'], 'Complaint Type', NYC_STATUSES),
  },
  {
    name: 'MyLA311',
    importer: la311Importer,
    file: ['service-requests', 'los-angeles', 'MyLA311_Service_Request_Data_2017_Subset.csv'],
    rows: () =>
      csvRows(
        ['service-requests', 'los-angeles', 'MyLA311_Service_Request_Data_2017_Subset.csv'],
        'RequestType',
        LA_STATUSES,
      ),
  },
  {
    name: 'San Francisco Open311',
    importer: sf311Importer,
    file: ['service-requests', 'san-francisco', 'ServiceRequests_Complete.json'],
    rows: () => {
      const { requests } = JSON.parse(
        fs.readFileSync(
          dataFile('service-requests', 'san-francisco', 'ServiceRequests_Complete.json'),
          'utf8',
        ),
      ) as { requests: Record<string, unknown>[] };

      // The export's last-but-one object is garbage (every field "null") and is rejected.
      return georeportRows(
        requests.filter((request) => request.service_request_id !== 'null'),
        SF_STATUSES,
      );
    },
  },
  {
    name: 'Chicago GeoReport v2',
    importer: open311Importer,
    file: ['service-requests', 'chicago', 'service_requests.json'],
    options: { jurisdiction: 'chicago', 'jurisdiction-name': 'Chicago' },
    rows: () =>
      georeportRows(
        JSON.parse(
          fs.readFileSync(dataFile('service-requests', 'chicago', 'service_requests.json'), 'utf8'),
        ),
        GEOREPORT_STATUSES,
      ),
  },
];

function tally(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }

  return [...counts].sort(([a], [b]) => a.localeCompare(b));
}

describe.skipIf(!hasData)('311 importers on the real extracts', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function importSource(source: Source, file = dataFile(...source.file)) {
    const report = await importFile(server.orm, source.importer, file, {
      config: server.config,
      logger: testLogger(server.config),
      options: source.options,
    });
    // Parsing blocks the event loop that this test's HTTP client shares with the server, so the
    // server may close an idle keep-alive socket that the client is about to reuse. A short
    // pause lets both sides process the expired keep-alive timers first.
    await new Promise((resolve) => setTimeout(resolve, 50));

    return report;
  }

  let copies = 0;

  function copyOf(source: Source): string {
    copies += 1;
    const copy = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-311-')),
      path.basename(source.file.at(-1)!),
    );
    // Trailing newlines change the SHA-256 but not the content, so the file is imported again.
    fs.writeFileSync(
      copy,
      `${fs.readFileSync(dataFile(...source.file), 'utf8')}${'\n'.repeat(copies)}`,
    );

    return copy;
  }

  async function countsOf(
    by: string,
    jurisdictionId: string | undefined,
  ): Promise<[string, number][]> {
    const response = await server.graphql(COUNTS, { by, filter: { jurisdictionId } });
    const groups = response.data?.caseCounts as { label: string; key: string; count: number }[];

    return groups
      .map((group): [string, number] => [by === 'STATUS' ? group.key : group.label, group.count])
      .sort(([a], [b]) => a.localeCompare(b));
  }

  for (const source of SOURCES) {
    it(`imports ${source.name} with the file's category and status counts`, async () => {
      const rows = source.rows();

      const report = await importSource(source);
      const again = await importSource(source);

      expect(report.imported).toBe(rows.length);
      expect(await countsOf('CATEGORY', report.targetId)).toEqual(
        tally(rows.map((row) => row.category)),
      );
      expect(await countsOf('STATUS', report.targetId)).toEqual(
        tally(rows.map((row) => row.status)),
      );
      expect(again.alreadyImported).toBe(true);
      expect(await countsOf('CATEGORY', report.targetId)).toEqual(
        tally(rows.map((row) => row.category)),
      );
    });
  }

  it('reports the garbage San Francisco record as rejected', async () => {
    const report = await importSource(SOURCES[2]!, copyOf(SOURCES[2]!));

    expect(report.imported).toBe(0);
    expect(
      report.rejected.filter((row) => !row.reason.startsWith('already imported as SF-')),
    ).toEqual([
      {
        line: 698,
        field: 'requested_datetime',
        reason: expect.stringContaining('invalid requested_datetime ":27.7"'),
      },
    ]);
    expect(report.rejected).toHaveLength(1001);
  });

  it('skips requests imported from another file', async () => {
    const chicago = SOURCES[3]!;
    const copy = copyOf(chicago);
    const ids = (JSON.parse(fs.readFileSync(copy, 'utf8')) as { service_request_id: string }[]).map(
      (request) => request.service_request_id,
    );

    const report = await importSource(chicago, copy);

    expect(report.alreadyImported).toBe(false);
    expect(report.imported).toBe(0);
    expect(report.rejected).toEqual(
      ids.map((id, index) => ({ line: index + 1, reason: `already imported as CHICAGO-${id}` })),
    );
  });

  it('requires a jurisdiction for Open311 files', async () => {
    const chicago = SOURCES[3]!;

    const attempt = importSource({ ...chicago, options: {} }, copyOf(chicago));

    await expect(attempt).rejects.toThrow(MalformedFileError);
    await expect(attempt).rejects.toThrow(/open311 needs --jurisdiction=<code>/);
  });
});
