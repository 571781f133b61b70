import type { Lang } from './i18n';

/**
 * Every number, amount, date and percentage the dashboard shows goes through this module, so
 * both languages follow the same Intl rules on the server and in the browser.
 */

const LOCALES: Record<Lang, string> = { en: 'en-GB', pl: 'pl-PL' };

/**
 * Dates are shown in UTC. The server renders the first paint and the browser re-renders live
 * updates, and a fixed zone keeps both renders identical whatever zone each machine runs in.
 */
const TIME_ZONE = 'UTC';

/** Amounts from the API are integer minor units, 1/100 of the currency unit. */
const MINOR_UNITS_PER_UNIT = 100;

/** Returns the BCP 47 locale used for a dashboard language. */
export function localeOf(lang: Lang): string {
  return LOCALES[lang];
}

/** Formats a count or measure, e.g. 12,345 in English and 12 345 in Polish. */
export function formatNumber(lang: Lang, value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits }).format(value);
}

/**
 * Formats an amount given in integer minor units as money in `currency` (ISO 4217). Whole
 * amounts are shown without decimals because budgets and project costs are nearly always whole.
 */
export function formatMoney(lang: Lang, minorUnits: number, currency: string): string {
  const whole = minorUnits % MINOR_UNITS_PER_UNIT === 0;
  const digits = whole ? 0 : 2;

  return new Intl.NumberFormat(LOCALES[lang], {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minorUnits / MINOR_UNITS_PER_UNIT);
}

/** Formats a share from 0 to 1 as a percentage, e.g. 0.125 as 12.5%. */
export function formatPercent(lang: Lang, share: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits }).format(
    share,
  );
}

/** Formats the calendar date of an ISO 8601 timestamp, in UTC. */
export function formatDate(lang: Lang, iso: string | Date): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    dateStyle: 'medium',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

/** Formats an ISO 8601 timestamp with date, time to the second and the zone name (UTC). */
export function formatDateTime(lang: Lang, iso: string | Date): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    dateStyle: 'medium',
    timeStyle: 'long',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

/** Formats only the time of day of a timestamp, in UTC, for the live-status indicator. */
export function formatTime(lang: Lang, iso: string | Date): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeStyle: 'long', timeZone: TIME_ZONE }).format(
    new Date(iso),
  );
}
