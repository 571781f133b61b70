/** Search parameters as Next passes them to a page. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** Props of a page without dynamic segments. */
export type PageProps = { searchParams: Promise<SearchParams> };

/** Returns the first value of a search parameter, or null when it is absent or empty. */
export function firstParam(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;

  return first && first !== '' ? first : null;
}
