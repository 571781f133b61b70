import { describe, expect, it } from 'vitest';
import {
  parseLocalIsoDateTime,
  parseUsDateTime,
  parseZonedIsoDateTime,
} from '../../src/modules/cases/import/local-time';

const NEW_YORK = 'America/New_York';
const LOS_ANGELES = 'America/Los_Angeles';

describe('parseUsDateTime', () => {
  it('reads a New York winter time as EST', () => {
    expect(parseUsDateTime('02/06/2011 02:02:42 PM', NEW_YORK)?.toISOString()).toBe(
      '2011-02-06T19:02:42.000Z',
    );
  });

  it('reads a New York summer time as EDT', () => {
    expect(parseUsDateTime('07/04/2011 09:15:00 AM', NEW_YORK)?.toISOString()).toBe(
      '2011-07-04T13:15:00.000Z',
    );
  });

  it('reads times either side of the spring change', () => {
    expect(parseUsDateTime('03/13/2011 01:59:59 AM', NEW_YORK)?.toISOString()).toBe(
      '2011-03-13T06:59:59.000Z',
    );
    expect(parseUsDateTime('03/13/2011 03:00:00 AM', NEW_YORK)?.toISOString()).toBe(
      '2011-03-13T07:00:00.000Z',
    );
  });

  it('reads a time skipped in spring with the winter offset', () => {
    expect(parseUsDateTime('03/13/2011 02:30:00 AM', NEW_YORK)?.toISOString()).toBe(
      '2011-03-13T07:30:00.000Z',
    );
  });

  it('reads a time repeated in autumn as the earlier one', () => {
    expect(parseUsDateTime('11/06/2011 01:30:00 AM', NEW_YORK)?.toISOString()).toBe(
      '2011-11-06T05:30:00.000Z',
    );
  });

  it('reads 12 AM as midnight and 12 PM as noon', () => {
    expect(parseUsDateTime('12/30/2017 12:00:00 AM', LOS_ANGELES)?.toISOString()).toBe(
      '2017-12-30T08:00:00.000Z',
    );
    expect(parseUsDateTime('12/30/2017 12:00:00 PM', LOS_ANGELES)?.toISOString()).toBe(
      '2017-12-30T20:00:00.000Z',
    );
  });

  it('rejects impossible and differently shaped dates', () => {
    expect(parseUsDateTime('02/30/2011 10:00:00 AM', NEW_YORK)).toBeUndefined();
    expect(parseUsDateTime('13/01/2011 10:00:00 AM', NEW_YORK)).toBeUndefined();
    expect(parseUsDateTime('03/01/2011 13:00:00 PM', NEW_YORK)).toBeUndefined();
    expect(parseUsDateTime('03/01/2011 00:10:00 AM', NEW_YORK)).toBeUndefined();
    expect(parseUsDateTime('2011-03-01 10:00:00', NEW_YORK)).toBeUndefined();
  });
});

describe('parseLocalIsoDateTime', () => {
  it('pads a short fraction to milliseconds', () => {
    expect(parseLocalIsoDateTime('2010-11-14 19:09:27.72', LOS_ANGELES)?.toISOString()).toBe(
      '2010-11-15T03:09:27.720Z',
    );
  });

  it('reads a summer time as PDT', () => {
    expect(parseLocalIsoDateTime('2010-07-01 12:00:00.5', LOS_ANGELES)?.toISOString()).toBe(
      '2010-07-01T19:00:00.500Z',
    );
  });

  it('accepts a time without seconds', () => {
    expect(parseLocalIsoDateTime('2010-11-12 07:07', LOS_ANGELES)?.toISOString()).toBe(
      '2010-11-12T15:07:00.000Z',
    );
  });

  it('rejects a fragment', () => {
    expect(parseLocalIsoDateTime(':27.7', LOS_ANGELES)).toBeUndefined();
  });
});

describe('parseZonedIsoDateTime', () => {
  it('applies the written offset', () => {
    expect(parseZonedIsoDateTime('2014-07-12T10:58:43-05:00')?.toISOString()).toBe(
      '2014-07-12T15:58:43.000Z',
    );
    expect(parseZonedIsoDateTime('2010-04-14T06:37:38+0130')?.toISOString()).toBe(
      '2010-04-14T05:07:38.000Z',
    );
    expect(parseZonedIsoDateTime('2010-04-14T06:37:38.25Z')?.toISOString()).toBe(
      '2010-04-14T06:37:38.250Z',
    );
  });

  it('rejects a time without an offset', () => {
    expect(parseZonedIsoDateTime('2014-07-12T10:58:43')).toBeUndefined();
  });

  it('rejects an offset out of range', () => {
    expect(parseZonedIsoDateTime('2014-07-12T10:58:43+24:00')).toBeUndefined();
  });
});
