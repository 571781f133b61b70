import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { engineOf } from '../cases/case-query';
import type { KbArticle } from './kb-article.entity';

/** Language of article text: Polish or English. */
export type KbLanguage = 'PL' | 'EN';

/** Maximum number of words of a search text that are matched; the rest are ignored. */
export const MAX_SEARCH_TERMS = 20;

/** Maximum number of ranked matches read from the search index for one query. */
const MAX_SEARCH_MATCHES = 200;

/**
 * Removes diacritics ("zaświadczenie" becomes "zaswiadczenie"), including the Polish ł, which
 * Unicode does not decompose. Residents often type without them.
 */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L');
}

/**
 * Splits free text into letter and digit words without diacritics, so that no search syntax
 * (quotes, operators, column filters) from the user reaches FTS5 or `to_tsquery`.
 */
export function searchTerms(text: string): string[] {
  const words = foldDiacritics(text.toLocaleLowerCase('pl')).match(/[\p{L}\p{N}]+/gu) ?? [];

  return [...new Set(words)].slice(0, MAX_SEARCH_TERMS);
}

/**
 * Replaces the search index row of a published article with its current text. Runs in the
 * caller's transaction, so the index changes together with the article.
 */
export async function indexArticle(em: EntityManager, article: KbArticle): Promise<void> {
  const sql = em as SqlEntityManager;
  // Both engines index folded text because `searchTerms` folds the query the same way.
  const texts = [article.titlePl, article.bodyPl, article.titleEn, article.bodyEn].map((text) =>
    foldDiacritics(text ?? ''),
  );
  if (engineOf(em) === 'postgresql') {
    await sql.execute('delete from kb_article_search where article_id = ?', [article.id]);
    // Polish uses the `simple` configuration because PostgreSQL ships no Polish dictionary.
    await sql.execute(
      `insert into kb_article_search (article_id, document_pl, document_en) values (?,
         setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B'),
         setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'B'))`,
      [article.id, ...texts],
    );

    return;
  }
  await sql.execute('delete from kb_article_fts where article_id = ?', [article.id]);
  await sql.execute(
    'insert into kb_article_fts (article_id, title_pl, body_pl, title_en, body_en) values (?, ?, ?, ?, ?)',
    [article.id, ...texts],
  );
}

/**
 * Returns ids of articles whose text matches any of `terms`, best match first. Titles weigh
 * more than bodies. Publication dates and categories are not checked here.
 */
export async function rankedArticleIds(
  em: EntityManager,
  terms: string[],
  language: KbLanguage | null,
): Promise<string[]> {
  if (terms.length === 0) {
    return [];
  }
  const sql = em as SqlEntityManager;
  if (engineOf(em) === 'postgresql') {
    const query = terms.join(' | ');
    const documents = [
      ...(language !== 'EN' ? [{ column: 'document_pl', config: 'simple' }] : []),
      ...(language !== 'PL' ? [{ column: 'document_en', config: 'english' }] : []),
    ];
    const ranks = documents.map((document) => `ts_rank(${document.column}, to_tsquery('${document.config}', ?))`);
    const matches = documents.map((document) => `${document.column} @@ to_tsquery('${document.config}', ?)`);
    const rows = await sql.execute<{ id: string }[]>(
      `select article_id as id, ${ranks.length > 1 ? `greatest(${ranks.join(', ')})` : ranks[0]} as rank
       from kb_article_search where ${matches.join(' or ')}
       order by rank desc, article_id limit ${MAX_SEARCH_MATCHES}`,
      [...documents.map(() => query), ...documents.map(() => query)],
    );

    return rows.map((row) => row.id);
  }
  const columns = language === 'PL' ? 'title_pl body_pl' : language === 'EN' ? 'title_en body_en' : 'title_pl body_pl title_en body_en';
  const match = `{${columns}} : (${terms.map((term) => `"${term}"`).join(' OR ')})`;
  // bm25 takes one weight per column in table order: article_id, title_pl, body_pl, title_en, body_en.
  const rows = await sql.execute<{ id: string }[]>(
    `select article_id as id from kb_article_fts where kb_article_fts match ?
     order by bm25(kb_article_fts, 0, 10, 1, 10, 1), article_id limit ${MAX_SEARCH_MATCHES}`,
    [match],
  );

  return rows.map((row) => row.id);
}
