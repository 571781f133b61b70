import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Access } from '../../platform/auth/access';
import { ConnectionArgs, pageWindow, toConnection } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { CaseQueryError } from '../cases/case.errors';
import type { KbArticle } from './kb-article.entity';
import {
  createArticle,
  editArticle,
  publishArticle,
  searchArticles,
  type ArticleResult,
} from './kb-article.service';
import type { KbLanguage } from './kb-search';
import {
  CreateKbArticleInput,
  EditKbArticleInput,
  KbArticleConnection,
  KbArticleNode,
  KbArticlePayload,
  KbLanguageEnum,
  PublishKbArticleInput,
} from './kb-article.types';

/** Maximum length of a search text, in characters. */
const MAX_SEARCH_TEXT_LENGTH = 5_000;

const STAFF = ['AGENT', 'DEPARTMENT_MANAGER', 'ADMINISTRATOR'] as const;

async function articleNode(article: KbArticle): Promise<KbArticleNode> {
  const categories = await article.categories.loadItems();

  return {
    id: article.id,
    version: article.publishedVersion!,
    titlePl: article.titlePl!,
    bodyPl: article.bodyPl!,
    titleEn: article.titleEn!,
    bodyEn: article.bodyEn!,
    categoryIds: categories.map((category) => category.id),
    publishAt: article.publishAt!,
    expiresAt: article.expiresAt ?? null,
  };
}

function payload(result: ArticleResult): KbArticlePayload {
  return {
    articleId: result.article?.id ?? null,
    latestVersion: result.article?.latestVersion ?? null,
    publishedVersion: result.article?.publishedVersion ?? null,
    errors: result.errors,
  };
}

@Resolver()
export class KbArticleResolver {
  @Access('PUBLIC')
  @Query(() => KbArticleConnection, {
    description:
      'Published, unexpired knowledge base articles matching a text, best first; titles weigh more than bodies. With categoryId it gives the articles to suggest at intake for the chosen category and the text typed so far.',
  })
  async searchKbArticles(
    @Arg('text', () => String, { description: 'Words to find; any of them may match. At most 5,000 characters.' })
    text: string,
    @Arg('language', () => KbLanguageEnum, {
      nullable: true,
      description: 'Language to search; both when null.',
    })
    language: KbLanguage | null,
    @Arg('categoryId', () => ID, { nullable: true, description: 'Only articles linked to this category.' })
    categoryId: string | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<KbArticleConnection> {
    if (text.length > MAX_SEARCH_TEXT_LENGTH) {
      throw new CaseQueryError(`text has ${text.length} characters: shorten it to at most ${MAX_SEARCH_TEXT_LENGTH}.`);
    }
    const window = pageWindow(args);
    const articles = await searchArticles(ctx.em, { text, language, categoryId });
    const page = await Promise.all(articles.slice(window.offset, window.offset + window.limit).map(articleNode));

    return toConnection(page, window, articles.length);
  }

  @Access([...STAFF])
  @Mutation(() => KbArticlePayload, { description: 'Creates an unpublished article with its first version.' })
  async createKbArticle(
    @Arg('input', () => CreateKbArticleInput, { description: 'Text and categories.' }) input: CreateKbArticleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<KbArticlePayload> {
    return payload(await createArticle(ctx.em, input, ctx.viewer.id));
  }

  @Access([...STAFF])
  @Mutation(() => KbArticlePayload, {
    description: 'Saves new text as the next version of an article; residents see it only once it is published.',
  })
  async editKbArticle(
    @Arg('input', () => EditKbArticleInput, { description: 'The article and its new text.' }) input: EditKbArticleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<KbArticlePayload> {
    return payload(await editArticle(ctx.em, input, ctx.viewer.id));
  }

  @Access([...STAFF])
  @Mutation(() => KbArticlePayload, {
    description: 'Publishes one version of an article for a time window and updates the search index.',
  })
  async publishKbArticle(
    @Arg('input', () => PublishKbArticleInput, { description: 'The version and its window.' })
    input: PublishKbArticleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<KbArticlePayload> {
    return payload(await publishArticle(ctx.em, input));
  }
}
