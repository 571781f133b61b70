import { Migration } from '@mikro-orm/migrations';

export class Migration20261204200726KnowledgeBase extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"kb_article\" (\"id\" uuid not null, \"latest_version\" int not null, \"published_version\" int null, \"title_pl\" varchar(300) null, \"body_pl\" text null, \"title_en\" varchar(300) null, \"body_en\" text null, \"publish_at\" timestamptz null, \"expires_at\" timestamptz null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, constraint \"kb_article_pkey\" primary key (\"id\"))");
    this.addSql("create index \"kb_article_publish_at_expires_at_index\" on \"kb_article\" (\"publish_at\", \"expires_at\")");
    this.addSql("create table \"kb_article_category\" (\"kb_article_id\" uuid not null, \"category_id\" uuid not null, constraint \"kb_article_category_pkey\" primary key (\"kb_article_id\", \"category_id\"))");
    this.addSql("create table \"kb_article_version\" (\"id\" uuid not null, \"article_id\" uuid not null, \"number\" int not null, \"title_pl\" varchar(300) not null, \"body_pl\" text not null, \"title_en\" varchar(300) not null, \"body_en\" text not null, \"author_id\" varchar(100) null, \"created_at\" timestamptz not null, constraint \"kb_article_version_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"kb_article_version\" add constraint \"kb_article_version_article_id_number_unique\" unique (\"article_id\", \"number\")");
    this.addSql("alter table \"kb_article_category\" add constraint \"kb_article_category_kb_article_id_foreign\" foreign key (\"kb_article_id\") references \"kb_article\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"kb_article_category\" add constraint \"kb_article_category_category_id_foreign\" foreign key (\"category_id\") references \"category\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"kb_article_version\" add constraint \"kb_article_version_article_id_foreign\" foreign key (\"article_id\") references \"kb_article\" (\"id\") on update cascade on delete cascade");
    // Full-text documents of published article text, written by `indexArticle` in the same
    // transaction as the article: Polish with the `simple` configuration, English with `english`.
    this.addSql("create table \"kb_article_search\" (\"article_id\" uuid not null primary key references \"kb_article\" (\"id\") on delete cascade, \"document_pl\" tsvector not null, \"document_en\" tsvector not null)");
    this.addSql("create index \"kb_article_search_document_pl_index\" on \"kb_article_search\" using gin (\"document_pl\")");
    this.addSql("create index \"kb_article_search_document_en_index\" on \"kb_article_search\" using gin (\"document_en\")");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"kb_article_search\" cascade");
    this.addSql("alter table \"kb_article_category\" drop constraint \"kb_article_category_kb_article_id_foreign\"");
    this.addSql("alter table \"kb_article_version\" drop constraint \"kb_article_version_article_id_foreign\"");
    this.addSql("drop table if exists \"kb_article\" cascade");
    this.addSql("drop table if exists \"kb_article_category\" cascade");
    this.addSql("drop table if exists \"kb_article_version\" cascade");
  }
}
