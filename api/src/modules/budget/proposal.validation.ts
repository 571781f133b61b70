import { userError, type UserError } from '../../platform/graphql/user-error';

/** Maximum lengths of a proposal's text fields, in characters. */
export const PROPOSAL_LIMITS = {
  title: 200,
  description: 10_000,
  category: 100,
  district: 100,
  department: 200,
  reason: 5_000,
  appealText: 10_000,
} as const;

/** Control characters other than tab, line feed and carriage return. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAKS = /[\r\n]/;

/**
 * Checks a required text field: visible characters, at most `max` of them, no control
 * characters, and no line breaks unless `multiline`. Returns the errors for field `field`.
 */
export function checkText(
  field: string,
  value: string,
  max: number,
  multiline = false,
): UserError[] {
  if (value.trim().length === 0) {
    return [userError('REQUIRED', `The ${field} is empty: write at least one word.`, [field])];
  }
  if (value.length > max) {
    return [
      userError(
        'TOO_LONG',
        `The ${field} is ${value.length} characters long: the maximum is ${max}.`,
        [field],
      ),
    ];
  }
  if (CONTROL_CHARACTERS.test(value) || (!multiline && LINE_BREAKS.test(value))) {
    const allowed = multiline
      ? 'line breaks are allowed, other control characters are not'
      : 'write it on one line';

    return [
      userError('INVALID_TEXT', `The ${field} contains control characters: ${allowed}.`, [field]),
    ];
  }

  return [];
}

/** Checks an optional text field the same way as `checkText`; null and undefined pass. */
export function checkOptionalText(field: string, value: string | null | undefined, max: number) {
  return value === null || value === undefined ? [] : checkText(field, value, max);
}

/**
 * Checks a cost in minor units: a whole number above zero and at most the edition's budget,
 * because a project that costs more than the whole budget can never be funded.
 */
export function checkCost(field: string, cost: number, budget: number, currency: string) {
  if (!Number.isSafeInteger(cost) || cost <= 0) {
    return [
      userError(
        'INVALID_COST',
        `The ${field} ${cost} is not a positive whole number of minor units (1/100 ${currency}).`,
        [field],
      ),
    ];
  }
  if (cost > budget) {
    return [
      userError(
        'COST_OVER_BUDGET',
        `The ${field} ${cost} is more than the edition's budget of ${budget} (minor units): lower the estimate or split the project.`,
        [field],
      ),
    ];
  }

  return [];
}

/** Checks a WGS84 location given as both coordinates or neither. */
export function checkLocation(latitude?: number | null, longitude?: number | null): UserError[] {
  const hasLatitude = latitude !== null && latitude !== undefined;
  const hasLongitude = longitude !== null && longitude !== undefined;
  if (hasLatitude !== hasLongitude) {
    const missing = hasLatitude ? 'longitude' : 'latitude';

    return [
      userError(
        'INCOMPLETE_LOCATION',
        `The ${missing} is missing: give both coordinates, or neither for a project without a site.`,
        [missing],
      ),
    ];
  }
  const errors: UserError[] = [];
  if (hasLatitude && !(Number.isFinite(latitude) && Math.abs(latitude) <= 90)) {
    errors.push(
      userError('INVALID_LATITUDE', `The latitude ${latitude} is not between -90 and 90.`, [
        'latitude',
      ]),
    );
  }
  if (hasLongitude && !(Number.isFinite(longitude) && Math.abs(longitude) <= 180)) {
    errors.push(
      userError('INVALID_LONGITUDE', `The longitude ${longitude} is not between -180 and 180.`, [
        'longitude',
      ]),
    );
  }

  return errors;
}
