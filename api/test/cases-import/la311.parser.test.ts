import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseLa311Csv } from '../../src/modules/cases/import/la311.parser';
import { dataFile, hasData } from '../support/data';
import { catchMalformed, tally } from './helpers';

/** Rewrites `MM/DD/YYYY hh:mm:ss AM` as `YYYY-MM-DD HH:mm:ss`, which sorts as text. */
function wallClock(text: string): string {
  const [date = '', time = '', meridiem = ''] = text.split(' ');
  const [month, day, year] = date.split('/');
  const [hour = '0', minute, second] = time.split(':');
  const hour24 = (Number(hour) % 12) + (meridiem === 'PM' ? 12 : 0);

  return `${year}-${month}-${day} ${String(hour24).padStart(2, '0')}:${minute}:${second}`;
}

describe.skipIf(!hasData)('parseLa311Csv on the MyLA311 December 2017 extract', () => {
  const file = dataFile(
    'service-requests',
    'los-angeles',
    'MyLA311_Service_Request_Data_2017_Subset.csv',
  );
  const content = fs.readFileSync(file);
  const raw = parse(content, { columns: true }) as Record<string, string>[];
  const parsed = parseLa311Csv(content, file);

  it('accounts for every row', () => {
    expect(raw.length).toBe(9999);
    expect(parsed.records.length).toBe(9999);
    expect(parsed.rejected).toEqual([]);
  });

  it('keeps the counts by category', () => {
    const expected = tally(raw, (row) => row.RequestType ?? '');
    expect(tally(parsed.records, (record) => record.category)).toEqual(expected);
    expect(Object.keys(expected).length).toBe(12);
    expect(expected['Bulky Items']).toBe(4432);
  });

  it('keeps the counts by source status', () => {
    expect(tally(parsed.records, (record) => record.sourceStatus)).toEqual(
      tally(raw, (row) => row.Status ?? ''),
    );
    expect(tally(parsed.records, (record) => record.sourceStatus)).toEqual({
      Closed: 9739,
      Cancelled: 246,
      'Referred Out': 9,
      Open: 5,
    });
  });

  it('maps statuses and channels', () => {
    expect(tally(parsed.records, (record) => record.status)).toEqual({ CLOSED: 9994, NEW: 5 });
    expect(tally(parsed.records, (record) => record.channel)).toEqual({
      PHONE: 4188,
      MOBILE_APP: 2131,
      IMPORT: 2026,
      WEB: 1621,
      EMAIL: 33,
    });
  });

  it('names council districts and leaves out empty ones', () => {
    const districts = tally(parsed.records, (record) => record.district ?? '(none)');
    expect(districts['Council District 13']).toBe(1031);
    expect(districts['(none)']).toBe(4);
    expect(Object.keys(districts).length).toBe(16);
  });

  it('reads the first row in full', () => {
    expect(parsed.records[0]).toEqual({
      line: 2,
      externalId: '1-870704831',
      category: 'Homeless Encampment',
      sourceStatus: 'Closed',
      status: 'CLOSED',
      district: 'Council District 13',
      latitude: 34.073216645,
      longitude: -118.266861909,
      createdAt: new Date('2018-01-01T07:59:58.000Z'),
      updatedAt: new Date('2018-04-09T16:25:28.000Z'),
      closedAt: new Date('2018-04-09T16:18:35.000Z'),
      channel: 'PHONE',
    });
  });

  it('leaves out missing coordinates', () => {
    const located = parsed.records.filter((record) => record.latitude !== undefined);
    expect(located.length).toBe(9999 - 1753);
  });

  it('warns about the 12 rows closed before they were created', () => {
    const closedEarlyLines = raw.flatMap((row, index) =>
      row.ClosedDate && wallClock(row.ClosedDate) < wallClock(row.CreatedDate ?? '')
        ? [index + 2]
        : [],
    );
    expect(closedEarlyLines.length).toBe(12);
    expect(parsed.warnings.map((warning) => warning.line)).toEqual(closedEarlyLines);
    expect(parsed.warnings.every((warning) => warning.field === 'ClosedDate')).toBe(true);
    expect(parsed.warnings[0]).toEqual({
      line: 1015,
      field: 'ClosedDate',
      message:
        'closed at 2017-12-30T08:00:00.000Z, before it was created at 2017-12-31T01:16:06.000Z; kept as written',
    });
  });
});

describe('parseLa311Csv on malformed input', () => {
  const header =
    'SRNumber,CreatedDate,UpdatedDate,RequestType,Status,RequestSource,CD,ClosedDate,Latitude,Longitude';
  const row = '1-1,12/31/2017 11:59:58 PM,,Bulky Items,Closed,Call,13,,0,0';

  it('names a missing column', () => {
    const error = catchMalformed(() =>
      parseLa311Csv(Buffer.from(header.replace(',CD', '') + '\n'), 'la.csv'),
    );
    expect(error.file).toBe('la.csv');
    expect(error.line).toBe(1);
    expect(error.field).toBe('CD');
  });

  it('names a row with more fields than the header', () => {
    const error = catchMalformed(() =>
      parseLa311Csv(Buffer.from(`${header}\n${row},extra\n`), 'la.csv'),
    );
    expect(error.file).toBe('la.csv');
    expect(error.line).toBe(2);
    expect(error.field).toBe('column 11');
  });

  it('rejects an unknown status naming the accepted ones', () => {
    const parsed = parseLa311Csv(
      Buffer.from(`${header}\n${row.replace('Closed', 'Resolved')}\n`),
      'la.csv',
    );
    expect(parsed.rejected).toEqual([
      {
        line: 2,
        field: 'Status',
        reason:
          'unknown status "Resolved"; expected one of Closed, Cancelled, Referred Out, Open, Pending',
      },
    ]);
  });

  it('leaves out a (0, 0) location', () => {
    const parsed = parseLa311Csv(Buffer.from(`${header}\n${row}\n`), 'la.csv');
    expect(parsed.records[0]?.latitude).toBeUndefined();
    expect(parsed.records[0]?.longitude).toBeUndefined();
    expect(parsed.warnings).toEqual([]);
  });
});
