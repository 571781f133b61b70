import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSf311Json } from '../../src/modules/cases/import/sf311.parser';
import { dataFile, hasData } from '../support/data';
import { catchMalformed, tally } from './helpers';

type RawMember = [key: string, value: string];

/**
 * Splits the export into its flat request objects with a regular expression, keeping repeated
 * keys in order, so the test does not share the parser's tokenizer.
 */
function scanRequests(text: string): RawMember[][] {
  return [...text.matchAll(/\{[^{}]*\}/g)].map((block) =>
    [...block[0].matchAll(/"(\w+)" : ("[^"]*"|[-\d.]+)/g)].map(
      ([, key = '', value = '']): RawMember => [key, value.replace(/^"|"$/g, '')],
    ),
  );
}

function first(members: RawMember[], key: string): string | undefined {
  return members.find(([name]) => name === key)?.[1];
}

/** Formats an instant as San Francisco wall-clock time, `YYYY-MM-DD hh:mm:ss.fff`. */
function sanFranciscoWallClock(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Los_Angeles',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const millis = String(instant.getUTCMilliseconds()).padStart(3, '0');

  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}.${millis}`;
}

describe.skipIf(!hasData)('parseSf311Json on the San Francisco 2010 export', () => {
  const file = dataFile('service-requests', 'san-francisco', 'ServiceRequests_Complete.json');
  const content = fs.readFileSync(file);
  const raw = scanRequests(content.toString('utf8'));
  const parsed = parseSf311Json(content, file);
  const byId = new Map(parsed.records.map((record) => [record.externalId, record]));

  it('accounts for every object', () => {
    expect(raw.length).toBe(1001);
    expect(parsed.records.length + parsed.rejected.length).toBe(1001);
    expect(parsed.records.length).toBe(1000);
  });

  it('rejects the garbage object by its index', () => {
    expect(first(raw[697] ?? [], 'requested_datetime')).toBe(':27.7');
    expect(parsed.rejected).toEqual([
      {
        line: 698,
        field: 'requested_datetime',
        reason:
          'invalid requested_datetime ":27.7"; expected YYYY-MM-DD hh:mm:ss.fff (San Francisco local time); ' +
          'service_request_id is missing; service_name is missing; missing status; expected one of Open, Closed',
      },
    ]);
  });

  it('keeps the counts by category and status', () => {
    const kept = raw.filter((_, index) => index !== 697);
    const categories = tally(kept, (members) => first(members, 'service_name') ?? '');
    expect(tally(parsed.records, (record) => record.category)).toEqual(categories);
    // 79 names: a count of 80 includes the garbage object's "null".
    expect(Object.keys(categories).length).toBe(79);
    expect(tally(parsed.records, (record) => record.sourceStatus)).toEqual(
      tally(kept, (members) => first(members, 'status') ?? ''),
    );
    expect(tally(parsed.records, (record) => record.sourceStatus)).toEqual({
      Open: 673,
      Closed: 327,
    });
  });

  it('keeps every first-occurrence updated_datetime', () => {
    const stamped = raw.filter((members) => first(members, 'updated_datetime') !== 'null');
    expect(stamped.length).toBe(327);
    for (const members of stamped) {
      const record = byId.get(first(members, 'service_request_id') ?? '');
      const written = first(members, 'updated_datetime') ?? '';
      const [wholeSeconds = '', fraction = ''] = written.split('.');
      expect(record?.updatedAt).toBeInstanceOf(Date);
      expect(sanFranciscoWallClock(record?.updatedAt ?? new Date(0))).toBe(
        `${wholeSeconds}.${fraction.padEnd(3, '0')}`,
      );
    }
    expect(parsed.records.filter((record) => record.updatedAt).length).toBe(327);
  });

  it('reads a closed request in full', () => {
    expect(byId.get('769888')).toEqual({
      line: 1000,
      externalId: '769888',
      category: 'Sidewalk_Cleaning',
      categoryCode: '24',
      sourceStatus: 'Closed',
      status: 'CLOSED',
      latitude: 37.77418,
      longitude: -122.42918,
      createdAt: new Date('2010-11-11T15:13:51.887Z'),
      updatedAt: new Date('2010-11-13T22:09:37.483Z'),
      closedAt: new Date('2010-11-13T22:09:37.483Z'),
      channel: 'OPEN311',
    });
  });

  it('reads a two-digit fraction and an open request', () => {
    expect(byId.get('770383')?.updatedAt?.toISOString()).toBe('2010-11-15T03:09:27.720Z');
    expect(byId.get('771970')).toEqual({
      line: 1,
      externalId: '771970',
      category: 'Lifted_sidewalk_other',
      categoryCode: '71',
      sourceStatus: 'Open',
      status: 'NEW',
      latitude: 37.774456,
      longitude: -122.4134,
      createdAt: new Date('2010-11-15T09:05:25.727Z'),
      channel: 'OPEN311',
    });
  });

  it('keeps the request whose time was cut to minutes', () => {
    expect(byId.get('770489')?.createdAt.toISOString()).toBe('2010-11-12T15:07:00.000Z');
  });

  it('leaves out (0, 0) locations', () => {
    const atZero = raw.filter(
      (members) => first(members, 'lat') === '0' && first(members, 'lon') === '0',
    );
    expect(atZero.length).toBe(55);
    const unlocated = parsed.records.filter((record) => record.latitude === undefined);
    expect(unlocated.map((record) => record.externalId).sort()).toEqual(
      atZero.map((members) => first(members, 'service_request_id')).sort(),
    );
  });
});

describe('parseSf311Json on malformed input', () => {
  const request =
    '{"service_request_id": 1, "status": "Open", "service_name": "Graffiti", "service_code": 5, ' +
    '"requested_datetime": "2010-11-15 01:05:25.727", "lat": 0, "lon": 0}';

  it('names the line of a syntax error', () => {
    const error = catchMalformed(() =>
      parseSf311Json(Buffer.from('{"requests": [\n  {"status": "Open"},\n  oops\n]}'), 'sf.json'),
    );
    expect(error.file).toBe('sf.json');
    expect(error.line).toBe(3);
    expect(error.reason).toContain('invalid JSON');
  });

  it('names a truncated document', () => {
    const error = catchMalformed(() =>
      parseSf311Json(Buffer.from(`{"requests": [\n${request}`), 'sf.json'),
    );
    expect(error.file).toBe('sf.json');
    expect(error.line).toBe(2);
  });

  it('rejects a top-level array', () => {
    const error = catchMalformed(() => parseSf311Json(Buffer.from(`[${request}]`), 'sf.json'));
    expect(error.file).toBe('sf.json');
    expect(error.line).toBe(1);
    expect(error.field).toBe('$.requests');
    expect(error.reason).toBe(
      'expected an object {"requests": [...]} as San Francisco\'s 2010 export writes it; found an array',
    );
  });

  it('names a request that is not an object', () => {
    const error = catchMalformed(() =>
      parseSf311Json(Buffer.from(`{"requests": [\n${request},\n"771970"\n]}`), 'sf.json'),
    );
    expect(error.line).toBe(3);
    expect(error.field).toBe('$.requests[1]');
    expect(error.reason).toBe('expected a service request object, found a string');
  });

  it('names a field holding an object', () => {
    const nested = request.replace('"lat": 0', '"lat": {"deg": 37}');
    const error = catchMalformed(() =>
      parseSf311Json(Buffer.from(`{"requests": [${nested}]}`), 'sf.json'),
    );
    expect(error.field).toBe('$.requests[0].lat');
    expect(error.reason).toBe('expected a string or number, found an object');
  });

  it('rejects an unknown status and keeps the rest', () => {
    const other = request.replace('"Open"', '"Pending"').replace('": 1,', '": 2,');
    const parsed = parseSf311Json(Buffer.from(`{"requests": [${request}, ${other}]}`), 'sf.json');
    expect(parsed.records.map((record) => record.externalId)).toEqual(['1']);
    expect(parsed.rejected).toEqual([
      {
        line: 2,
        field: 'status',
        reason: 'unknown status "Pending"; expected one of Open, Closed',
      },
    ]);
  });
});
