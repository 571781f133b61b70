import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';

export const KbLanguageEnum = { PL: 'PL', EN: 'EN' } as const;

registerEnumType(KbLanguageEnum, {
  name: 'KbLanguage',
  description: 'Language of knowledge base text.',
  valuesConfig: { PL: { description: 'Polish.' }, EN: { description: 'English.' } },
});

@ObjectType({ description: 'A published knowledge base article, in Polish and English.' })
export class KbArticleNode {
  @Field(() => ID, { description: 'Identifier of the article.' })
  id!: string;

  @Field(() => Int, { description: 'Number of the published version shown here.' })
  version!: number;

  @Field(() => String, { description: 'Title in Polish.' })
  titlePl!: string;

  @Field(() => String, { description: 'Body in Polish, as plain text.' })
  bodyPl!: string;

  @Field(() => String, { description: 'Title in English.' })
  titleEn!: string;

  @Field(() => String, { description: 'Body in English, as plain text.' })
  bodyEn!: string;

  @Field(() => [ID], { description: 'Categories the article helps with.' })
  categoryIds!: string[];

  @Field(() => GraphQLISODateTime, { description: 'Start of publication.' })
  publishAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'End of publication; null for none.' })
  expiresAt!: Date | null;
}

@ObjectType({ description: 'A page of knowledge base articles, best match first.' })
export class KbArticleConnection extends ConnectionType(KbArticleNode, 'KbArticle') {}

/** Fields shared by the create and edit inputs; type-graphql copies them into each subclass. */
@InputType({ description: 'Polish and English text of an article version.' })
abstract class KbArticleTextInput {
  @Field(() => String, { description: 'Title in Polish, 1 to 300 characters.' })
  titlePl!: string;

  @Field(() => String, { description: 'Body in Polish, 1 to 20,000 characters.' })
  bodyPl!: string;

  @Field(() => String, { description: 'Title in English, 1 to 300 characters.' })
  titleEn!: string;

  @Field(() => String, { description: 'Body in English, 1 to 20,000 characters.' })
  bodyEn!: string;
}

@InputType({ description: 'Polish and English text of a new article and its categories.' })
export class CreateKbArticleInput extends KbArticleTextInput {
  @Field(() => [ID], { description: 'Categories the article helps with; at least one.' })
  categoryIds!: string[];
}

@InputType({ description: 'New text of an article, saved as its next version.' })
export class EditKbArticleInput extends KbArticleTextInput {
  @Field(() => ID, { description: 'Article to edit.' })
  articleId!: string;
}

@InputType({ description: 'A version to publish and its publication window.' })
export class PublishKbArticleInput {
  @Field(() => ID, { description: 'Article to publish.' })
  articleId!: string;

  @Field(() => Int, { description: 'Version that residents will see.' })
  version!: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Start of publication; now when null.' })
  publishAt?: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'End of publication, after publishAt; null for none.',
  })
  expiresAt?: Date | null;
}

@ObjectType({ description: 'Result of a knowledge base mutation.' })
export class KbArticlePayload {
  @Field(() => ID, { nullable: true, description: 'The article; null when errors is not empty.' })
  articleId!: string | null;

  @Field(() => Int, { nullable: true, description: 'Newest version of the article after the change.' })
  latestVersion!: number | null;

  @Field(() => Int, { nullable: true, description: 'Version residents see; null while unpublished.' })
  publishedVersion!: number | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}
