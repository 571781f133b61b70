import { describe, expect, it } from 'vitest';
import { otherLanguageHref, parseLang, translate, withLang } from './i18n';
import { en, pl } from './messages';

describe('parseLang', () => {
  it('selects Polish for pl', () => {
    expect(parseLang('pl')).toBe('pl');
  });

  it('defaults to English when absent', () => {
    expect(parseLang(undefined)).toBe('en');
  });

  it('defaults to English for unknown languages', () => {
    expect(parseLang('de')).toBe('en');
  });

  it('reads the first of repeated values', () => {
    expect(parseLang(['pl', 'en'])).toBe('pl');
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'budget.share', { share: '50%' })).toBe('50% of the budget');
  });

  it('translates into Polish', () => {
    expect(translate('pl', 'budget.ballots')).toBe('Policzone karty');
  });

  it('keeps a placeholder without a value visible', () => {
    expect(translate('en', 'live.stale')).toBe('stale since {time}');
  });

  it('has a non-empty Polish text for every English key', () => {
    const missing = Object.keys(en).filter((key) => !pl[key as keyof typeof en]?.trim());
    expect(missing).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differing = Object.entries(en)
      .filter(([key, text]) => {
        const polish = pl[key as keyof typeof en];

        return JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(polish));
      })
      .map(([key]) => key);
    expect(differing).toEqual([]);
  });
});

describe('withLang', () => {
  it('leaves English links unchanged', () => {
    expect(withLang('/priorities', 'en')).toBe('/priorities');
  });

  it('appends the language to a plain path', () => {
    expect(withLang('/priorities', 'pl')).toBe('/priorities?lang=pl');
  });

  it('appends the language after existing parameters', () => {
    expect(withLang('/heatmap?jurisdiction=7', 'pl')).toBe('/heatmap?jurisdiction=7&lang=pl');
  });
});

describe('otherLanguageHref', () => {
  it('switches English to Polish keeping filters', () => {
    expect(otherLanguageHref('/heatmap', { jurisdiction: '3', category: '9' }, 'en')).toBe(
      '/heatmap?jurisdiction=3&category=9&lang=pl',
    );
  });

  it('switches Polish to English by dropping lang', () => {
    expect(otherLanguageHref('/heatmap', { lang: 'pl', jurisdiction: '3' }, 'pl')).toBe(
      '/heatmap?jurisdiction=3',
    );
  });

  it('returns the bare path when no parameter is left', () => {
    expect(otherLanguageHref('/', { lang: 'pl' }, 'pl')).toBe('/');
  });
});
