/**
 * Deadline arithmetic in business hours: working hours on working weekdays in one time zone,
 * minus public holidays. Local times are read with Luxon, so daylight-saving changes move the
 * UTC instants of the working day and never its local hours.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

/** When a jurisdiction works. */
export type BusinessCalendar = {
  /** IANA time zone of the working hours, such as Europe/Warsaw. */
  timeZone: string;
  /** ISO weekdays that are working days: 1 is Monday and 7 is Sunday. */
  weekdays: readonly number[];
  /** Local start of the working day, in minutes after midnight. */
  startMinute: number;
  /** Local end of the working day, in minutes after midnight; later than `startMinute`. */
  endMinute: number;
  /** Returns whether the local date (YYYY-MM-DD) is a public holiday. */
  isHoliday: (localDate: string) => boolean;
};

/** Default time zone of a jurisdiction's calendar. */
export const DEFAULT_TIME_ZONE = 'Europe/Warsaw';

/** Default country (ISO 3166-1 alpha-2) whose public holidays are days off. */
export const DEFAULT_HOLIDAY_COUNTRY = 'PL';

/** Default working day: Monday to Friday, 08:00 to 16:00 local time. */
export const DEFAULT_WORKING_HOURS = {
  weekdays: [1, 2, 3, 4, 5],
  startMinute: 8 * 60,
  endMinute: 16 * 60,
};

/** Days searched for working time before giving up; a calendar with no working day never ends. */
const MAX_SEARCH_DAYS = 3_660;

const MINUTE_MS = 60_000;

/** Returns why a calendar cannot be used, or null when it is valid. */
export function calendarProblem(calendar: Omit<BusinessCalendar, 'isHoliday'>): string | null {
  if (!DateTime.local().setZone(calendar.timeZone).isValid) {
    return `time zone ${JSON.stringify(calendar.timeZone)} is unknown: pass an IANA name such as Europe/Warsaw`;
  }
  if (
    calendar.weekdays.length === 0 ||
    calendar.weekdays.some((day) => !Number.isInteger(day) || day < 1 || day > 7)
  ) {
    return 'working weekdays must be a non-empty list of whole numbers from 1 (Monday) to 7 (Sunday)';
  }
  const minuteOfDay = (value: number) => Number.isInteger(value) && value >= 0 && value <= 24 * 60;
  if (
    !minuteOfDay(calendar.startMinute) ||
    !minuteOfDay(calendar.endMinute) ||
    calendar.startMinute >= calendar.endMinute
  ) {
    return `working hours ${calendar.startMinute}-${calendar.endMinute} are invalid: the start must be before the end, both in minutes from 0 to 1440`;
  }

  return null;
}

const holidayCache = new Map<string, Set<string>>();
const holidayRules = new Map<string, Holidays>();

/**
 * Returns a holiday test for the public holidays of `country` (and optionally one of its
 * regions) from the date-holidays data set. Only holidays of type "public" count, so
 * observances and optional days stay working days.
 */
export function publicHolidays(
  country: string,
  region?: string | null,
): (localDate: string) => boolean {
  // Loading a country's rules takes milliseconds, and deadlines are computed per request.
  const regionKey = `${country}/${region ?? ''}`;
  let holidays = holidayRules.get(regionKey);
  if (!holidays) {
    holidays = region ? new Holidays(country, region) : new Holidays(country);
    holidayRules.set(regionKey, holidays);
  }

  return (localDate: string) => {
    const year = localDate.slice(0, 4);
    const key = `${regionKey}/${year}`;
    let dates = holidayCache.get(key);
    if (!dates) {
      dates = new Set(
        holidays
          .getHolidays(Number(year))
          .filter((holiday) => holiday.type === 'public')
          .map((holiday) => holiday.date.slice(0, 10)),
      );
      holidayCache.set(key, dates);
    }

    return dates.has(localDate);
  };
}

/** Returns whether the date-holidays data set contains `country` (and `region`, when given). */
export function isKnownHolidayRegion(country: string, region?: string | null): boolean {
  const countries = new Holidays().getCountries();
  if (!(country in countries)) {
    return false;
  }

  return !region || region in (new Holidays().getStates(country) ?? {});
}

/** Returns the working window of the local day `day`, or null when it is not a working day. */
function workingWindow(day: DateTime, calendar: BusinessCalendar): [number, number] | null {
  if (!calendar.weekdays.includes(day.weekday) || calendar.isHoliday(day.toISODate()!)) {
    return null;
  }
  const start = day.plus({ minutes: calendar.startMinute }).toMillis();
  const end = day.plus({ minutes: calendar.endMinute }).toMillis();

  return [start, end];
}

function localDay(instant: number, calendar: BusinessCalendar): DateTime {
  return DateTime.fromMillis(instant, { zone: calendar.timeZone }).startOf('day');
}

/**
 * Returns the instant that lies `minutes` of working time after `start`. Time outside working
 * hours, on days off and on public holidays does not count. Zero minutes returns `start`.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (minutes <= 0) {
    return start;
  }
  let remaining = minutes * MINUTE_MS;
  let day = localDay(start.getTime(), calendar);
  for (let searched = 0; searched < MAX_SEARCH_DAYS; searched += 1) {
    const window = workingWindow(day, calendar);
    if (window) {
      const from = Math.max(start.getTime(), window[0]);
      const available = window[1] - from;
      if (available > 0) {
        if (remaining <= available) {
          return new Date(from + remaining);
        }
        remaining -= available;
      }
    }
    day = day.plus({ days: 1 });
  }
  throw new Error(
    `No working time found within ${MAX_SEARCH_DAYS} days: check the calendar's weekdays and holidays.`,
  );
}

/**
 * Returns the working minutes between `from` and `to`, negative when `to` is earlier. Only the
 * overlap with working windows counts.
 */
export function businessMinutesBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  if (to.getTime() < from.getTime()) {
    return -businessMinutesBetween(to, from, calendar);
  }
  let total = 0;
  let day = localDay(from.getTime(), calendar);
  const last = localDay(to.getTime(), calendar).toMillis();
  while (day.toMillis() <= last) {
    const window = workingWindow(day, calendar);
    if (window) {
      total += Math.max(0, Math.min(window[1], to.getTime()) - Math.max(window[0], from.getTime()));
    }
    day = day.plus({ days: 1 });
  }

  return total / MINUTE_MS;
}

/** Business-hour targets of a category, in hours of working time. */
export type DeadlineTargets = { targetHours: number; warningHours: number | null };

/** Warning and breach instants of one case. */
export type CaseDeadlines = { warningAt: Date | null; dueAt: Date };

/**
 * Returns the warning and breach instants of a case opened at `openedAt`. Without a warning
 * target the case gets no warning.
 */
export function caseDeadlines(
  openedAt: Date,
  targets: DeadlineTargets,
  calendar: BusinessCalendar,
): CaseDeadlines {
  return {
    dueAt: addBusinessMinutes(openedAt, targets.targetHours * 60, calendar),
    warningAt:
      targets.warningHours === null
        ? null
        : addBusinessMinutes(openedAt, targets.warningHours * 60, calendar),
  };
}

/**
 * Moves a deadline on after the clock was paused from `pausedAt` to `resumedAt`: the working
 * time that was left at `pausedAt` is counted again from `resumedAt`. A deadline that had
 * passed before the pause stays where it was.
 */
export function resumeDeadline(
  deadline: Date,
  pausedAt: Date,
  resumedAt: Date,
  calendar: BusinessCalendar,
): Date {
  if (deadline.getTime() <= pausedAt.getTime()) {
    return deadline;
  }

  return addBusinessMinutes(
    resumedAt,
    businessMinutesBetween(pausedAt, deadline, calendar),
    calendar,
  );
}
