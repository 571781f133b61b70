import { userError, type UserError } from '../../platform/graphql/user-error';

/** Maximum photos on one milestone. */
export const MAX_MILESTONE_PHOTOS = 20;
/** Maximum length of a photo URL, in characters. */
export const MAX_PHOTO_URL_LENGTH = 2_048;

/** Checks a calendar date written as YYYY-MM-DD (ISO 8601) that exists, such as 2026-02-28. */
export function checkDate(field: string, value: string): UserError[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    return [
      userError('INVALID_DATE', `The ${field} "${value}" is not a date: write it as YYYY-MM-DD.`, [
        field,
      ]),
    ];
  }

  return [];
}

/**
 * Checks photo URLs: at most `MAX_MILESTONE_PHOTOS`, each an absolute https URL of at most
 * `MAX_PHOTO_URL_LENGTH` characters with a host and no user name or password, since the URLs
 * are published and opened by residents' browsers.
 */
export function checkPhotoUrls(urls: string[]): UserError[] {
  if (urls.length > MAX_MILESTONE_PHOTOS) {
    return [
      userError(
        'TOO_MANY_PHOTOS',
        `The milestone has ${urls.length} photos: the maximum is ${MAX_MILESTONE_PHOTOS}.`,
        ['photoUrls'],
      ),
    ];
  }

  return urls.flatMap((url, index) => {
    const field = ['photoUrls', String(index)];
    if (url.length > MAX_PHOTO_URL_LENGTH) {
      return [
        userError(
          'INVALID_URL',
          `Photo URL ${index + 1} is ${url.length} characters long: the maximum is ${MAX_PHOTO_URL_LENGTH}.`,
          field,
        ),
      ];
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return [
        userError(
          'INVALID_URL',
          `Photo URL "${url}" is not a URL: pass an absolute https URL.`,
          field,
        ),
      ];
    }
    if (parsed.protocol !== 'https:' || parsed.hostname === '') {
      return [userError('INVALID_URL', `Photo URL "${url}" is not an https URL.`, field)];
    }
    if (parsed.username !== '' || parsed.password !== '') {
      return [
        userError(
          'INVALID_URL',
          `Photo URL ${index + 1} contains a user name or password: pass a public URL.`,
          field,
        ),
      ];
    }

    return [];
  });
}
