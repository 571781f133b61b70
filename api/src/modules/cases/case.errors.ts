import { userError, type UserError } from '../../platform/graphql/user-error';

/** Invalid query arguments, such as a malformed id or an H3 resolution out of range. */
export class CaseQueryError extends Error {
  readonly code = 'BAD_USER_INPUT';
}

/** Maximum length of a description accepted by `openCase`, in characters. */
export const MAX_DESCRIPTION_LENGTH = 5_000;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns whether `value` has the form of the ids this module issues. */
export function isCaseModuleId(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** Throws a client-facing error unless every value is an id this module could have issued. */
export function assertIds(argument: string, values: readonly string[]): void {
  const invalid = values.find((value) => !isCaseModuleId(value));
  if (invalid !== undefined) {
    throw new CaseQueryError(
      `${argument} ${JSON.stringify(invalid)} is not a valid id: pass an id returned by this API.`,
    );
  }
}

/** Builds the payload errors of `openCase` and `changeCaseStatus`, one factory per outcome. */
export const caseErrors = {
  notFound: (
    what: 'jurisdiction' | 'category' | 'district' | 'case' | 'department',
    id: string,
    field: string,
  ): UserError =>
    userError(
      `UNKNOWN_${what.toUpperCase()}`,
      `No ${what} has id ${JSON.stringify(id)}: pass an id returned by this API.`,
      ['input', field],
    ),
  outsideJurisdiction: (what: 'category' | 'district', id: string, field: string): UserError =>
    userError(
      `${what.toUpperCase()}_NOT_IN_JURISDICTION`,
      `The ${what} ${JSON.stringify(id)} belongs to another jurisdiction: pick one of this jurisdiction's ${what === 'category' ? 'categories' : 'districts'}.`,
      ['input', field],
    ),
  districtRetired: (id: string): UserError =>
    userError(
      'DISTRICT_RETIRED',
      `The district ${JSON.stringify(id)} was retired by a newer boundary import: pick an active district, or pass coordinates and leave districtId out.`,
      ['input', 'districtId'],
    ),
  outOfRange: (field: 'latitude' | 'longitude', value: number, limit: number): UserError =>
    userError(
      `INVALID_${field.toUpperCase()}`,
      `${field} ${value} is out of range: pass degrees from -${limit} to ${limit}.`,
      ['input', field],
    ),
  incompleteLocation: (missing: 'latitude' | 'longitude'): UserError =>
    userError(
      'INCOMPLETE_LOCATION',
      `${missing} is missing: pass both latitude and longitude, or neither.`,
      ['input', missing],
    ),
  descriptionTooLong: (length: number): UserError =>
    userError(
      'DESCRIPTION_TOO_LONG',
      `The description has ${length} characters: shorten it to at most ${MAX_DESCRIPTION_LENGTH}.`,
      ['input', 'description'],
    ),
  descriptionHasControlCharacters: (): UserError =>
    userError(
      'INVALID_DESCRIPTION',
      'The description contains control characters (such as NUL): send plain text; line breaks and tabs are allowed.',
      ['input', 'description'],
    ),
};
