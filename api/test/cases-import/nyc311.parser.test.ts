import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseNyc311Csv } from '../../src/modules/cases/import/nyc311.parser';
import { dataFile, hasData } from '../support/data';
import { catchMalformed, tally } from './helpers';

const HEADER =
  'Unique Key,Created Date,Closed Date,Complaint Type,Status,Borough,Open Data Channel Type,' +
  'Resolution Action Updated Date,Latitude,Longitude';

function csv(...rows: string[]): Buffer {
  return Buffer.from([HEADER, ...rows].join('\n') + '\n');
}

describe.skipIf(!hasData)('parseNyc311Csv on the NYC 2011 extract', () => {
  const file = dataFile('service-requests', 'nyc', '311_subset.micro.csv');
  const content = fs.readFileSync(file);
  const raw = parse(content, { columns: true }) as Record<string, string>[];
  const parsed = parseNyc311Csv(content, file);

  it('accounts for every row', () => {
    expect(raw.length).toBe(2000);
    expect(parsed.records.length).toBe(2000);
    expect(parsed.rejected).toEqual([]);
  });

  it('keeps the counts by category', () => {
    const expected = tally(raw, (row) => row['Complaint Type'] ?? '');
    expect(tally(parsed.records, (record) => record.category)).toEqual(expected);
    expect(Object.keys(expected).length).toBe(90);
  });

  it('keeps the counts by source status', () => {
    expect(tally(parsed.records, (record) => record.sourceStatus)).toEqual({
      Closed: 1956,
      Pending: 24,
      Assigned: 20,
    });
    expect(tally(parsed.records, (record) => record.sourceStatus)).toEqual(
      tally(raw, (row) => row.Status ?? ''),
    );
  });

  it('maps statuses, channels and boroughs', () => {
    expect(tally(parsed.records, (record) => record.status)).toEqual({
      CLOSED: 1956,
      NEW: 24,
      ACKNOWLEDGED: 20,
    });
    expect(tally(parsed.records, (record) => record.channel)).toEqual({
      PHONE: 1733,
      IMPORT: 207,
      WEB: 60,
    });
    expect(tally(parsed.records, (record) => record.district ?? '(none)')).toEqual({
      Brooklyn: 539,
      Queens: 491,
      Manhattan: 446,
      Bronx: 309,
      'Staten Island': 139,
      '(none)': 76,
    });
  });

  it('reads the first row in full', () => {
    expect(parsed.records[0]).toEqual({
      line: 2,
      externalId: '19937896',
      category: 'DOF Property - Payment Issue',
      sourceStatus: 'Closed',
      status: 'CLOSED',
      district: 'Manhattan',
      createdAt: new Date('2011-03-01T19:27:57.000Z'),
      updatedAt: new Date('2011-03-14T19:59:20.000Z'),
      closedAt: new Date('2011-03-14T19:59:20.000Z'),
      channel: 'PHONE',
    });
  });

  it('reads a winter row as EST and a November row as EDT', () => {
    const winter = parsed.records.find((record) => record.externalId === '19944918');
    const summer = parsed.records.find((record) => record.externalId === '21801941');
    expect(winter?.createdAt.toISOString()).toBe('2011-02-06T19:02:42.000Z');
    expect(summer?.createdAt.toISOString()).toBe('2011-11-03T00:43:00.000Z');
  });

  it('leaves out missing coordinates', () => {
    const located = parsed.records.filter((record) => record.latitude !== undefined);
    expect(located.length).toBe(1402);
    expect(parsed.records[1]?.latitude).toBe(40.660811976282695);
    expect(parsed.records[1]?.longitude).toBe(-73.99859430999363);
  });

  it('warns about the row closed before it was created', () => {
    expect(parsed.warnings).toEqual([
      {
        line: 1604,
        field: 'Closed Date',
        message:
          'closed at 1900-01-01T05:00:00.000Z, before it was created at 2011-03-02T15:40:12.000Z; kept as written',
      },
    ]);
  });

  it('carries no address field', () => {
    const keys = new Set(parsed.records.flatMap((record) => Object.keys(record)));
    expect([...keys].filter((key) => /address|street|zip|descri/i.test(key))).toEqual([]);
  });
});

describe('parseNyc311Csv on malformed input', () => {
  const row = '1,03/01/2011 02:27:57 PM,,Noise,Closed,BROOKLYN,PHONE,,40.7,-73.9';

  it('names a missing column', () => {
    const error = catchMalformed(() =>
      parseNyc311Csv(Buffer.from('Unique Key,Status\n1,Closed\n'), 'nyc.csv'),
    );
    expect(error.file).toBe('nyc.csv');
    expect(error.line).toBe(1);
    expect(error.field).toBe('Complaint Type');
    expect(error.message).toContain('missing columns "Complaint Type", "Created Date", ');
  });

  it('names a ragged row', () => {
    const error = catchMalformed(() =>
      parseNyc311Csv(csv(row, '2,03/01/2011 02:27:57 PM,,Noise'), 'nyc.csv'),
    );
    expect(error.file).toBe('nyc.csv');
    expect(error.line).toBe(3);
    expect(error.field).toBe('Status');
    expect(error.reason).toBe(
      'row has 4 fields but the header has 10; quote values that contain commas',
    );
  });

  it('names an unclosed quote', () => {
    const error = catchMalformed(() => parseNyc311Csv(csv(row, '"2,03/01/2011'), 'nyc.csv'));
    expect(error.file).toBe('nyc.csv');
    expect(error.line).toBe(3);
    expect(error.reason).toContain('invalid CSV');
  });

  it('rejects a row with an unknown status and keeps the rest', () => {
    const parsed = parseNyc311Csv(
      csv(row, row.replace('1,', '2,').replace('Closed', 'Done')),
      'nyc.csv',
    );
    expect(parsed.records.map((record) => record.externalId)).toEqual(['1']);
    expect(parsed.rejected).toEqual([
      {
        line: 3,
        field: 'Status',
        reason: 'unknown status "Done"; expected one of Closed, Pending, Assigned, Open, Started',
      },
    ]);
  });

  it('rejects unreadable required fields and a repeated id', () => {
    const parsed = parseNyc311Csv(
      csv(
        row,
        row.replace('1,03/01/2011', '2,2011-03-01'),
        ',03/01/2011 02:27:57 PM,,,Closed,,,,,',
        row,
      ),
      'nyc.csv',
    );
    expect(parsed.rejected).toEqual([
      {
        line: 3,
        field: 'Created Date',
        reason:
          'invalid Created Date "2011-03-01 02:27:57 PM"; expected MM/DD/YYYY hh:mm:ss AM (New York local time)',
      },
      {
        line: 4,
        field: 'Unique Key',
        reason: 'Unique Key is missing; Complaint Type is missing',
      },
      {
        line: 5,
        field: 'Unique Key',
        reason: 'Unique Key "1" repeats the request on line 2; only the first is kept',
      },
    ]);
  });

  it('warns about unreadable optional fields', () => {
    const parsed = parseNyc311Csv(
      csv('1,03/01/2011 02:27:57 PM,soon,Noise,Closed,Unspecified,ONLINE,,north,-73.9'),
      'nyc.csv',
    );
    expect(parsed.records[0]).toEqual({
      line: 2,
      externalId: '1',
      category: 'Noise',
      sourceStatus: 'Closed',
      status: 'CLOSED',
      createdAt: new Date('2011-03-01T19:27:57.000Z'),
      channel: 'WEB',
    });
    expect(parsed.warnings).toEqual([
      {
        line: 2,
        field: 'Latitude',
        message: 'invalid Latitude/Longitude "north", "-73.9"; location left empty',
      },
      {
        line: 2,
        field: 'Closed Date',
        message:
          'invalid Closed Date "soon"; expected MM/DD/YYYY hh:mm:ss AM (New York local time); left empty',
      },
    ]);
  });
});
