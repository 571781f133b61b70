import { Migration } from '@mikro-orm/migrations';

export class Migration20261204200726KnowledgeBase extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `kb_article` (`id` text not null, `latest_version` integer not null, `published_version` integer null, `title_pl` text null, `body_pl` text null, `title_en` text null, `body_en` text null, `publish_at` datetime null, `expires_at` datetime null, `created_at` datetime not null, `updated_at` datetime not null, primary key (`id`))");
    this.addSql("create index `kb_article_publish_at_expires_at_index` on `kb_article` (`publish_at`, `expires_at`)");
    this.addSql("create table `kb_article_category` (`kb_article_id` text not null, `category_id` text not null, constraint `kb_article_category_kb_article_id_foreign` foreign key(`kb_article_id`) references `kb_article`(`id`) on delete cascade on update cascade, constraint `kb_article_category_category_id_foreign` foreign key(`category_id`) references `category`(`id`) on delete cascade on update cascade, primary key (`kb_article_id`, `category_id`))");
    this.addSql("create index `kb_article_category_kb_article_id_index` on `kb_article_category` (`kb_article_id`)");
    this.addSql("create index `kb_article_category_category_id_index` on `kb_article_category` (`category_id`)");
    this.addSql("create table `kb_article_version` (`id` text not null, `article_id` text not null, `number` integer not null, `title_pl` text not null, `body_pl` text not null, `title_en` text not null, `body_en` text not null, `author_id` text null, `created_at` datetime not null, constraint `kb_article_version_article_id_foreign` foreign key(`article_id`) references `kb_article`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `kb_article_version_article_id_index` on `kb_article_version` (`article_id`)");
    this.addSql("create unique index `kb_article_version_article_id_number_unique` on `kb_article_version` (`article_id`, `number`)");
    // Full-text index of published article text, written by `indexArticle` in the same
    // transaction as the article. `remove_diacritics 2` lets
    // "zaswiadczenie" match "zaświadczenie".
    this.addSql("create virtual table `kb_article_fts` using fts5(article_id unindexed, title_pl, body_pl, title_en, body_en, tokenize = 'unicode61 remove_diacritics 2')");
  }

  override async down(): Promise<void> {

  }
}
