import {
  Collection,
  Entity,
  Index,
  ManyToMany,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Category } from '../cases/category.entity';

/**
 * A knowledge base article shown to residents. The `title*` and `body*` columns contain the
 * published version's text, or null before the first publication; drafts live only in
 * `KbArticleVersion`. The search tables (`kb_article_fts` on SQLite, `kb_article_search` on
 * PostgreSQL) are written together with these columns by `publishArticle`.
 */
@Entity({ tableName: 'kb_article' })
@Index({ properties: ['publishAt', 'expiresAt'] })
export class KbArticle {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToMany(() => Category, undefined, { pivotTable: 'kb_article_category', owner: true })
  categories = new Collection<Category>(this);

  /** Number of the newest version, published or not. */
  @Property({ type: 'integer' })
  latestVersion!: number;

  /** Number of the version readers see, or null while no version was published. */
  @Property({ type: 'integer', nullable: true })
  publishedVersion?: number | null;

  @Property({ type: 'string', length: 300, nullable: true })
  titlePl?: string | null;

  @Property({ type: 'text', nullable: true })
  bodyPl?: string | null;

  @Property({ type: 'string', length: 300, nullable: true })
  titleEn?: string | null;

  @Property({ type: 'text', nullable: true })
  bodyEn?: string | null;

  /** Start of visibility to residents; null while unpublished. */
  @Property({ type: 'datetime', nullable: true })
  publishAt?: Date | null;

  /** End of visibility to residents; null for no expiry. */
  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/** One edit of an article; every edit adds a version and older ones stay unchanged. */
@Entity({ tableName: 'kb_article_version' })
@Unique({ properties: ['article', 'number'] })
export class KbArticleVersion {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => KbArticle, { deleteRule: 'cascade' })
  article!: KbArticle;

  /** 1 for the first version of the article. */
  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'string', length: 300 })
  titlePl!: string;

  @Property({ type: 'text' })
  bodyPl!: string;

  @Property({ type: 'string', length: 300 })
  titleEn!: string;

  @Property({ type: 'text' })
  bodyEn!: string;

  /** Staff account that wrote the version. */
  @Property({ type: 'string', length: 100, nullable: true })
  authorId?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
