import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  calendarProblem,
  caseDeadlines,
  DEFAULT_WORKING_HOURS,
  isKnownHolidayRegion,
  publicHolidays,
  resumeDeadline,
  type BusinessCalendar,
} from './business-hours';

/** Warsaw, Monday to Friday 08:00-16:00, Polish public holidays. */
const warsaw: BusinessCalendar = {
  timeZone: 'Europe/Warsaw',
  ...DEFAULT_WORKING_HOURS,
  isHoliday: publicHolidays('PL'),
};

const at = (iso: string) => new Date(iso);

describe('publicHolidays', () => {
  const isHoliday = publicHolidays('PL');

  it('includes Polish public holidays', () => {
    expect(isHoliday('2026-11-11')).toBe(true);
    expect(isHoliday('2027-05-03')).toBe(true);
    expect(isHoliday('2026-04-06')).toBe(true);
    expect(isHoliday('2026-01-06')).toBe(true);
  });

  it('treats ordinary days as working days', () => {
    expect(isHoliday('2026-11-12')).toBe(false);
    expect(isHoliday('2026-04-07')).toBe(false);
  });

  it('checks countries and regions', () => {
    expect(isKnownHolidayRegion('PL')).toBe(true);
    expect(isKnownHolidayRegion('DE', 'BY')).toBe(true);
    expect(isKnownHolidayRegion('XX')).toBe(false);
    expect(isKnownHolidayRegion('PL', 'NOPE')).toBe(false);
  });
});

describe('addBusinessMinutes', () => {
  it('counts within one working day', () => {
    // 09:00 in Warsaw in winter is 08:00 UTC.
    expect(addBusinessMinutes(at('2026-12-01T08:00:00Z'), 120, warsaw)).toEqual(
      at('2026-12-01T10:00:00Z'),
    );
  });

  it('starts counting at opening time when opened at night', () => {
    expect(addBusinessMinutes(at('2026-12-01T22:00:00Z'), 60, warsaw)).toEqual(
      at('2026-12-02T08:00:00Z'),
    );
  });

  it('skips a weekend', () => {
    // Friday 4 December 2026 15:00 local plus 2 hours: 1 hour on Friday, 1 hour on Monday.
    expect(addBusinessMinutes(at('2026-12-04T14:00:00Z'), 120, warsaw)).toEqual(
      at('2026-12-07T08:00:00Z'),
    );
  });

  it('skips Independence Day on 11 November', () => {
    // Tuesday 10 November 2026 15:00 local plus 2 hours lands on Thursday 12 November 09:00.
    expect(addBusinessMinutes(at('2026-11-10T14:00:00Z'), 120, warsaw)).toEqual(
      at('2026-11-12T08:00:00Z'),
    );
  });

  it('skips Constitution Day on 3 May', () => {
    // Friday 30 April 2027 15:00 local: the weekend and Monday 3 May are off.
    expect(addBusinessMinutes(at('2027-04-30T13:00:00Z'), 120, warsaw)).toEqual(
      at('2027-05-04T07:00:00Z'),
    );
  });

  it('skips Easter Monday', () => {
    // Thursday 2 April 2026 15:00 local; Friday counts 8 hours, Easter Monday 6 April is off.
    expect(addBusinessMinutes(at('2026-04-02T13:00:00Z'), 10 * 60, warsaw)).toEqual(
      at('2026-04-07T07:00:00Z'),
    );
  });

  it('keeps local hours across the spring DST change', () => {
    // Friday 27 March 2026 15:00 CET (14:00 UTC); Monday 30 March opens at 08:00 CEST (06:00 UTC).
    expect(addBusinessMinutes(at('2026-03-27T14:00:00Z'), 120, warsaw)).toEqual(
      at('2026-03-30T07:00:00Z'),
    );
  });

  it('keeps local hours across the autumn DST change', () => {
    // Friday 23 October 2026 15:00 CEST (13:00 UTC); Monday 26 October opens at 08:00 CET (07:00 UTC).
    expect(addBusinessMinutes(at('2026-10-23T13:00:00Z'), 120, warsaw)).toEqual(
      at('2026-10-26T08:00:00Z'),
    );
  });

  it('returns the start for zero minutes', () => {
    expect(addBusinessMinutes(at('2026-12-05T10:00:00Z'), 0, warsaw)).toEqual(
      at('2026-12-05T10:00:00Z'),
    );
  });

  it('rejects a calendar without working days', () => {
    const never = { ...warsaw, isHoliday: () => true };
    expect(() => addBusinessMinutes(at('2026-12-01T08:00:00Z'), 60, never)).toThrow(
      /No working time/,
    );
  });
});

describe('businessMinutesBetween', () => {
  it('counts only working time', () => {
    expect(
      businessMinutesBetween(at('2026-12-04T14:00:00Z'), at('2026-12-07T08:00:00Z'), warsaw),
    ).toBe(120);
  });

  it('is negative backwards', () => {
    expect(
      businessMinutesBetween(at('2026-12-07T08:00:00Z'), at('2026-12-04T14:00:00Z'), warsaw),
    ).toBe(-120);
  });

  it('inverts addBusinessMinutes across a holiday', () => {
    const start = at('2026-11-10T09:30:00Z');
    const end = addBusinessMinutes(start, 1_000, warsaw);
    expect(businessMinutesBetween(start, end, warsaw)).toBe(1_000);
  });
});

describe('caseDeadlines', () => {
  it('sets warning and breach times', () => {
    const deadlines = caseDeadlines(
      at('2026-12-01T08:00:00Z'),
      { targetHours: 16, warningHours: 8 },
      warsaw,
    );
    expect(deadlines.warningAt).toEqual(at('2026-12-02T08:00:00Z'));
    expect(deadlines.dueAt).toEqual(at('2026-12-03T08:00:00Z'));
  });

  it('leaves out the warning without a target', () => {
    const deadlines = caseDeadlines(
      at('2026-12-01T08:00:00Z'),
      { targetHours: 1, warningHours: null },
      warsaw,
    );
    expect(deadlines.warningAt).toBeNull();
  });
});

describe('resumeDeadline', () => {
  it('adds the paused working time', () => {
    // Due Wednesday 12:00 local; paused Tuesday 10:00 with 10 working hours left; resumed
    // Thursday 14:00, so 2 hours on Thursday and 8 on Friday.
    const due = at('2026-12-02T11:00:00Z');
    const resumed = resumeDeadline(
      due,
      at('2026-12-01T09:00:00Z'),
      at('2026-12-03T13:00:00Z'),
      warsaw,
    );
    expect(resumed).toEqual(at('2026-12-04T15:00:00Z'));
  });

  it('counts a pause over the weekend as no time', () => {
    const due = at('2026-12-07T08:00:00Z');
    const resumed = resumeDeadline(
      due,
      at('2026-12-04T15:00:00Z'),
      at('2026-12-06T12:00:00Z'),
      warsaw,
    );
    expect(resumed).toEqual(due);
  });

  it('keeps a deadline that passed before the pause', () => {
    const due = at('2026-12-01T08:00:00Z');
    expect(
      resumeDeadline(due, at('2026-12-02T08:00:00Z'), at('2026-12-03T08:00:00Z'), warsaw),
    ).toEqual(due);
  });
});

describe('calendarProblem', () => {
  it('accepts the default calendar', () => {
    expect(calendarProblem({ timeZone: 'Europe/Warsaw', ...DEFAULT_WORKING_HOURS })).toBeNull();
  });

  it('rejects an unknown time zone', () => {
    expect(calendarProblem({ timeZone: 'Mars/Olympus', ...DEFAULT_WORKING_HOURS })).toMatch(
      /Mars\/Olympus/,
    );
  });

  it('rejects an end before the start', () => {
    expect(
      calendarProblem({ timeZone: 'UTC', weekdays: [1], startMinute: 600, endMinute: 500 }),
    ).toMatch(/start/);
  });

  it('rejects weekday 8', () => {
    expect(
      calendarProblem({ timeZone: 'UTC', weekdays: [8], startMinute: 0, endMinute: 60 }),
    ).toMatch(/weekdays/);
  });
});
