/** A wall-clock date and time with no zone, as 311 extracts write them. Month is 1 to 12. */
export type LocalDateTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
};

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }

  return formatter;
}

/** Returns the zone's offset from UTC in milliseconds at an instant (negative west of Greenwich). */
function zoneOffset(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );

  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/** Returns the wall-clock time as if it were UTC, in milliseconds since the epoch. */
function wallClockMs(local: LocalDateTime): number {
  return Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.millisecond,
  );
}

/**
 * Converts a wall-clock time in an IANA zone to an instant. Around a daylight-saving change it
 * follows Temporal's `compatible` disambiguation. A time that occurs twice (clocks set back) is
 * the earlier instant. A time skipped by clocks set forward is read with the offset in force
 * before the change, so it lands after the gap.
 */
export function zonedTimeToInstant(local: LocalDateTime, timeZone: string): Date {
  const wall = wallClockMs(local);
  // NOTE: this assumes the zone changes its offset at most once within a day either side, which
  // is true for the US zones these extracts use.
  const offsetBefore = zoneOffset(wall - DAY_MS, timeZone);
  const offsetAfter = zoneOffset(wall + DAY_MS, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter]
    .filter((instant) => instant + zoneOffset(instant, timeZone) === wall)
    .sort((a, b) => a - b);

  return new Date(candidates[0] ?? wall - offsetBefore);
}

function isValidLocal(local: LocalDateTime): boolean {
  const probe = new Date(Date.UTC(local.year, local.month - 1, local.day));

  return (
    probe.getUTCFullYear() === local.year &&
    probe.getUTCMonth() === local.month - 1 &&
    probe.getUTCDate() === local.day &&
    local.hour < 24 &&
    local.minute < 60 &&
    local.second < 60
  );
}

const US_DATE_TIME = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/;

/**
 * Parses `MM/DD/YYYY hh:mm:ss AM` (NYC and LA 311 exports) as a wall-clock time in `timeZone`.
 * Returns undefined for any other shape or an impossible date.
 */
export function parseUsDateTime(text: string, timeZone: string): Date | undefined {
  const match = US_DATE_TIME.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [, month, day, year, hour12, minute, second, meridiem] = match;
  const hour = Number(hour12);
  if (hour < 1 || hour > 12) {
    return undefined;
  }
  const local: LocalDateTime = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: (hour % 12) + (meridiem === 'PM' ? 12 : 0),
    minute: Number(minute),
    second: Number(second),
    millisecond: 0,
  };

  return isValidLocal(local) ? zonedTimeToInstant(local, timeZone) : undefined;
}

/** Reads groups 1 to 7 (year to fraction) of the ISO patterns below; digits past ms are dropped. */
function isoLocalParts(match: RegExpExecArray): LocalDateTime {
  return {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6] ?? 0),
    millisecond: Number((match[7] ?? '').slice(0, 3).padEnd(3, '0')),
  };
}

const ISO_LOCAL_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * Parses `YYYY-MM-DD hh:mm[:ss[.f]]` with no zone (San Francisco's 2010 export) as a wall-clock
 * time in `timeZone`. The fraction has one to three digits: `.72` is 720 ms.
 */
export function parseLocalIsoDateTime(text: string, timeZone: string): Date | undefined {
  const match = ISO_LOCAL_DATE_TIME.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const local = isoLocalParts(match);

  return isValidLocal(local) ? zonedTimeToInstant(local, timeZone) : undefined;
}

const ISO_ZONED_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses an ISO 8601 date-time that carries its offset (`Z` or `±hh:mm`), as GeoReport v2
 * requires. A time without an offset is ambiguous, so it returns undefined.
 */
export function parseZonedIsoDateTime(text: string): Date | undefined {
  const match = ISO_ZONED_DATE_TIME.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const local = isoLocalParts(match);
  if (!isValidLocal(local)) {
    return undefined;
  }
  const zone = match[8] ?? 'Z';
  const offsetMinutes = zone === 'Z' ? 0 : parseOffsetMinutes(zone);
  if (offsetMinutes === undefined) {
    return undefined;
  }
  const wall = wallClockMs(local);

  return new Date(wall - offsetMinutes * 60_000);
}

/** Returns `±hh:mm` or `±hhmm` in minutes east of UTC, or undefined when out of range. */
function parseOffsetMinutes(zone: string): number | undefined {
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) {
    return undefined;
  }
  const total = hours * 60 + minutes;

  return zone.startsWith('-') ? -total : total;
}
