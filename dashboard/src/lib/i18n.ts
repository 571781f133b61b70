import { en, pl, type MessageKey } from './messages';

/** A language of the interface. English is the default; `?lang=pl` selects Polish. */
export type Lang = 'en' | 'pl';

/** Values substituted for `{name}` placeholders in a message. */
export type MessageParams = Record<string, string | number>;

/** A translation function bound to one language. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const CATALOGS: Record<Lang, Record<MessageKey, string>> = { en, pl };

/** Reads the language from a `lang` search parameter; anything but `pl` means English. */
export function parseLang(value: string | string[] | undefined): Lang {
  const first = Array.isArray(value) ? value[0] : value;

  return first === 'pl' ? 'pl' : 'en';
}

/**
 * Returns the message `key` in `lang` with its placeholders filled. A placeholder without a
 * value stays visible as `{name}` so a missing parameter shows up on the page, not as a blank.
 */
export function translate(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return CATALOGS[lang][key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}

/** Returns a `Translate` function for `lang`. */
export function translator(lang: Lang): Translate {
  return (key, params) => translate(lang, key, params);
}

/**
 * Adds the language to an internal link. English is the default, so its links stay clean.
 */
export function withLang(href: string, lang: Lang): string {
  if (lang === 'en') {
    return href;
  }
  const separator = href.includes('?') ? '&' : '?';

  return `${href}${separator}lang=${lang}`;
}

export type { MessageKey };

/**
 * Returns the address of the same page in the other language, keeping every other search
 * parameter as it is.
 */
export function otherLanguageHref(
  path: string,
  search: Record<string, string | string[] | undefined>,
  lang: Lang,
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    if (name === 'lang' || value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(name, item);
    }
  }
  if (lang === 'en') {
    params.set('lang', 'pl');
  }
  const query = params.toString();

  return query ? `${path}?${query}` : path;
}
