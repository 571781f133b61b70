import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOpen311Json } from '../../src/modules/cases/import/open311.parser';
import { dataFile, hasData } from '../support/data';
import { catchMalformed, tally } from './helpers';

describe.skipIf(!hasData)('parseOpen311Json on the Chicago GeoReport v2 sample', () => {
  const file = dataFile('service-requests', 'chicago', 'service_requests.json');
  const content = fs.readFileSync(file);
  const raw = JSON.parse(content.toString('utf8')) as Record<string, string>[];
  const parsed = parseOpen311Json(content, file);

  it('accounts for every request', () => {
    expect(raw.length).toBe(2);
    expect(parsed.records.length).toBe(2);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps the counts by category and status', () => {
    expect(tally(parsed.records, (record) => record.category)).toEqual(
      tally(raw, (request) => request.service_name ?? ''),
    );
    expect(tally(parsed.records, (record) => record.sourceStatus)).toEqual(
      tally(raw, (request) => request.status ?? ''),
    );
  });

  it('reads the first request in full', () => {
    expect(parsed.records[0]).toEqual({
      line: 1,
      externalId: '14-01100669',
      category: 'Alley Light Out',
      categoryCode: '4ffa9cad6018277d4000007b',
      sourceStatus: 'open',
      status: 'NEW',
      latitude: 41.858724777757864,
      longitude: -87.66475146237676,
      createdAt: new Date('2014-07-12T15:58:43.000Z'),
      updatedAt: new Date('2014-07-12T16:08:21.000Z'),
      channel: 'OPEN311',
    });
  });
});

describe('parseOpen311Json on other input', () => {
  const request = {
    service_request_id: '42',
    status: 'closed',
    service_name: 'Pothole',
    service_code: '001',
    description: 'outside number 5',
    address: '5 Main St',
    requested_datetime: '2014-01-02T08:00:00Z',
    updated_datetime: '2014-01-03T09:30:00-05:00',
    lat: 41.8,
    long: -87.6,
  };

  it('takes the closing time from updated_datetime', () => {
    const parsed = parseOpen311Json(Buffer.from(JSON.stringify([request])), 'open311.json');
    expect(parsed.records).toEqual([
      {
        line: 1,
        externalId: '42',
        category: 'Pothole',
        categoryCode: '001',
        sourceStatus: 'closed',
        status: 'CLOSED',
        latitude: 41.8,
        longitude: -87.6,
        createdAt: new Date('2014-01-02T08:00:00.000Z'),
        updatedAt: new Date('2014-01-03T14:30:00.000Z'),
        closedAt: new Date('2014-01-03T14:30:00.000Z'),
        channel: 'OPEN311',
      },
    ]);
  });

  it('keeps the first value of a repeated key with a warning', () => {
    const text = JSON.stringify([request]).replace(
      '"status":"closed"',
      '"status":"closed","status":"open"',
    );
    const parsed = parseOpen311Json(Buffer.from(text), 'open311.json');
    expect(parsed.records[0]?.sourceStatus).toBe('closed');
    expect(parsed.warnings).toEqual([
      { line: 1, field: 'status', message: 'key "status" repeats; the first value is kept' },
    ]);
  });

  it('rejects a time without an offset and an unknown status', () => {
    const noOffset = { ...request, requested_datetime: '2014-01-02T08:00:00' };
    const capitalised = { ...request, service_request_id: '43', status: 'Open' };
    const parsed = parseOpen311Json(
      Buffer.from(JSON.stringify([noOffset, capitalised])),
      'open311.json',
    );
    expect(parsed.records).toEqual([]);
    expect(parsed.rejected).toEqual([
      {
        line: 1,
        field: 'requested_datetime',
        reason:
          'invalid requested_datetime "2014-01-02T08:00:00"; expected ISO 8601 with an offset, such as 2014-07-12T10:58:43-05:00',
      },
      {
        line: 2,
        field: 'status',
        reason: 'unknown status "Open"; expected one of open, closed',
      },
    ]);
  });

  it('names the line of a syntax error', () => {
    const error = catchMalformed(() =>
      parseOpen311Json(Buffer.from('[\n{"status": "open"}\n{}]'), 'open311.json'),
    );
    expect(error.file).toBe('open311.json');
    expect(error.line).toBe(3);
    expect(error.reason).toContain('invalid JSON');
  });

  it('names text that is not JSON', () => {
    const error = catchMalformed(() =>
      parseOpen311Json(Buffer.from('service_request_id,status\n'), 'open311.json'),
    );
    expect(error.file).toBe('open311.json');
    expect(error.line).toBe(1);
    expect(error.reason).toContain('invalid JSON');
  });

  it('rejects a wrapped object', () => {
    const text = JSON.stringify({ service_requests: [request] }, null, 2);
    const error = catchMalformed(() => parseOpen311Json(Buffer.from(text), 'open311.json'));
    expect(error.file).toBe('open311.json');
    expect(error.line).toBe(1);
    expect(error.field).toBe('$');
    expect(error.reason).toBe('expected a JSON array of GeoReport v2 requests, found an object');
  });

  it('names an element that is not an object', () => {
    const text = `[\n${JSON.stringify(request)},\n  null\n]`;
    const error = catchMalformed(() => parseOpen311Json(Buffer.from(text), 'open311.json'));
    expect(error.line).toBe(3);
    expect(error.field).toBe('$[1]');
    expect(error.reason).toBe('expected a service request object, found null');
  });

  it('names an empty file', () => {
    const error = catchMalformed(() => parseOpen311Json(Buffer.from(''), 'open311.json'));
    expect(error.file).toBe('open311.json');
    expect(error.line).toBe(1);
    expect(error.reason).toBe('JSON document is empty or truncated');
  });
});
