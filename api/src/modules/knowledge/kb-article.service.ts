import type { EntityManager } from '@mikro-orm/core';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { isCaseModuleId } from '../cases/case.errors';
import { Category } from '../cases/category.entity';
import { KbArticle, KbArticleVersion } from './kb-article.entity';
import { indexArticle, rankedArticleIds, searchTerms, type KbLanguage } from './kb-search';

/** Maximum length of an article title, in characters. */
export const MAX_TITLE_LENGTH = 300;

/** Maximum length of an article body, in characters. */
export const MAX_BODY_LENGTH = 20_000;

/** Polish and English text of one article version. */
export type ArticleText = { titlePl: string; bodyPl: string; titleEn: string; bodyEn: string };

/** Result of the writing operations: the article, or errors and no change. */
export type ArticleResult = { article: KbArticle | null; errors: UserError[] };

function textErrors(text: ArticleText): UserError[] {
  const errors: UserError[] = [];
  for (const field of ['titlePl', 'titleEn'] as const) {
    const length = text[field].trim().length;
    if (length === 0 || length > MAX_TITLE_LENGTH) {
      errors.push(
        userError('INVALID_TITLE', `${field} has ${length} characters: give 1 to ${MAX_TITLE_LENGTH}.`, ['input', field]),
      );
    }
  }
  for (const field of ['bodyPl', 'bodyEn'] as const) {
    const length = text[field].trim().length;
    if (length === 0 || length > MAX_BODY_LENGTH) {
      errors.push(
        userError('INVALID_BODY', `${field} has ${length} characters: give 1 to ${MAX_BODY_LENGTH}.`, ['input', field]),
      );
    }
  }

  return errors;
}

function addVersion(em: EntityManager, article: KbArticle, text: ArticleText, authorId: string | null, now: Date) {
  article.latestVersion += 1;
  article.updatedAt = now;
  em.create(KbArticleVersion, {
    article,
    number: article.latestVersion,
    titlePl: text.titlePl.trim(),
    bodyPl: text.bodyPl.trim(),
    titleEn: text.titleEn.trim(),
    bodyEn: text.bodyEn.trim(),
    authorId,
    createdAt: now,
  });
}

/** Creates an unpublished article with its first version, linked to `categoryIds`. */
export async function createArticle(
  em: EntityManager,
  input: ArticleText & { categoryIds: string[] },
  authorId: string | null,
  now = new Date(),
): Promise<ArticleResult> {
  const errors = textErrors(input);
  const ids = [...new Set(input.categoryIds)];
  const categories = await em.find(Category, { id: { $in: ids.filter(isCaseModuleId) } });
  const missing = ids.filter((id) => !categories.some((category) => category.id === id));
  if (ids.length === 0 || missing.length > 0) {
    errors.push(
      userError(
        'UNKNOWN_CATEGORY',
        ids.length === 0
          ? 'categoryIds is empty: link the article to at least one category.'
          : `No category has id ${JSON.stringify(missing[0])}: pass ids returned by this API.`,
        ['input', 'categoryIds'],
      ),
    );
  }
  if (errors.length > 0) {
    return { article: null, errors };
  }
  const article = await em.transactional(async (tx) => {
    const created = tx.create(KbArticle, { latestVersion: 0, createdAt: now, updatedAt: now });
    created.categories.set(categories.map((category) => tx.getReference(Category, category.id)));
    addVersion(tx, created, input, authorId, now);
    await tx.flush();

    return created;
  });

  return { article, errors: [] };
}

async function loadArticle(em: EntityManager, articleId: string): Promise<KbArticle | null> {
  return isCaseModuleId(articleId) ? em.findOne(KbArticle, { id: articleId }) : null;
}

function unknownArticle(articleId: string): UserError {
  return userError(
    'UNKNOWN_ARTICLE',
    `No article has id ${JSON.stringify(articleId)}: pass an id returned by this API.`,
    ['input', 'articleId'],
  );
}

/** Adds a new unpublished version to an article; readers keep seeing the published one. */
export async function editArticle(
  em: EntityManager,
  input: ArticleText & { articleId: string },
  authorId: string | null,
  now = new Date(),
): Promise<ArticleResult> {
  const errors = textErrors(input);
  if (errors.length > 0) {
    return { article: null, errors };
  }

  return em.transactional(async (tx) => {
    const article = await loadArticle(tx, input.articleId);
    if (!article) {
      return { article: null, errors: [unknownArticle(input.articleId)] };
    }
    addVersion(tx, article, input, authorId, now);
    await tx.flush();

    return { article, errors: [] };
  });
}

/**
 * Makes one version the text readers see between `publishAt` (default now) and `expiresAt`
 * (default never), and updates the search index in the same transaction.
 */
export async function publishArticle(
  em: EntityManager,
  input: { articleId: string; version: number; publishAt?: Date | null; expiresAt?: Date | null },
  now = new Date(),
): Promise<ArticleResult> {
  const publishAt = input.publishAt ?? now;
  if (input.expiresAt && input.expiresAt <= publishAt) {
    return {
      article: null,
      errors: [
        userError(
          'INVALID_EXPIRY',
          `expiresAt ${input.expiresAt.toISOString()} is not after publishAt ${publishAt.toISOString()}: pick a later expiry or none.`,
          ['input', 'expiresAt'],
        ),
      ],
    };
  }

  return em.transactional(async (tx) => {
    const article = await loadArticle(tx, input.articleId);
    if (!article) {
      return { article: null, errors: [unknownArticle(input.articleId)] };
    }
    const version = await tx.findOne(KbArticleVersion, { article, number: input.version });
    if (!version) {
      const message = `Article ${article.id} has no version ${input.version}: pass 1 to ${article.latestVersion}.`;

      return { article: null, errors: [userError('UNKNOWN_VERSION', message, ['input', 'version'])] };
    }
    Object.assign(article, {
      publishedVersion: version.number,
      titlePl: version.titlePl,
      bodyPl: version.bodyPl,
      titleEn: version.titleEn,
      bodyEn: version.bodyEn,
      publishAt,
      expiresAt: input.expiresAt ?? null,
      updatedAt: now,
    });
    await tx.flush();
    await indexArticle(tx, article);

    return { article, errors: [] };
  });
}

/**
 * Returns published, unexpired articles matching `text`, best first, optionally only those
 * linked to `categoryId`.
 */
export async function searchArticles(
  em: EntityManager,
  query: { text: string; language?: KbLanguage | null; categoryId?: string | null },
  now = new Date(),
): Promise<KbArticle[]> {
  if (query.categoryId && !isCaseModuleId(query.categoryId)) {
    return [];
  }
  const ranked = await rankedArticleIds(em, searchTerms(query.text), query.language ?? null);
  if (ranked.length === 0) {
    return [];
  }
  const visible = await em.find(KbArticle, {
    id: { $in: ranked },
    publishAt: { $lte: now },
    $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }],
    ...(query.categoryId ? { categories: query.categoryId } : {}),
  });
  const position = new Map(ranked.map((id, index) => [id, index]));

  return visible.sort((left, right) => position.get(left.id)! - position.get(right.id)!);
}
