import { Migration } from '@mikro-orm/migrations';

export class Migration20261204163334CreateBudget extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `budget_edition` (`id` text not null, `name` text not null, `country` text null, `unit` text null, `subunit` text null, `description` text null, `currency` text not null, `budget` bigint not null, `vote_type` text not null, `rule` text not null, `source_rule` text null, `min_project_score` integer null, `min_length` integer null, `max_length` integer null, `max_sum_cost` bigint null, `min_sum_points` integer null, `max_sum_points` integer null, `max_points_per_project` integer null, `points_by_position` json null, `meta` json not null, `ballot_count` integer not null default 0, `created_at` datetime not null, `tally_updated_at` datetime not null, primary key (`id`))");
    this.addSql("create table `ballot` (`id` text not null, `edition_id` text not null, `voter_hash` text not null, `channel` text not null, `created_at` datetime not null, constraint `ballot_edition_id_foreign` foreign key(`edition_id`) references `budget_edition`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `ballot_edition_id_index` on `ballot` (`edition_id`)");
    this.addSql("create unique index `ballot_edition_id_voter_hash_unique` on `ballot` (`edition_id`, `voter_hash`)");
    this.addSql("create table `budget_project` (`id` text not null, `edition_id` text not null, `code` text not null, `name` text not null, `cost` bigint not null, `category` text null, `latitude` double null, `longitude` double null, `published_selected` integer null, `position` integer not null, `votes` integer not null default 0, `score` integer not null default 0, constraint `budget_project_edition_id_foreign` foreign key(`edition_id`) references `budget_edition`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `budget_project_edition_id_index` on `budget_project` (`edition_id`)");
    this.addSql("create unique index `budget_project_edition_id_code_unique` on `budget_project` (`edition_id`, `code`)");
    this.addSql("create table `ballot_item` (`ballot_id` text not null, `project_id` text not null, `points` integer not null, `position` integer not null, constraint `ballot_item_ballot_id_foreign` foreign key(`ballot_id`) references `ballot`(`id`) on delete cascade on update cascade, constraint `ballot_item_project_id_foreign` foreign key(`project_id`) references `budget_project`(`id`) on delete cascade on update cascade, primary key (`ballot_id`, `project_id`))");
    this.addSql("create index `ballot_item_ballot_id_index` on `ballot_item` (`ballot_id`)");
    this.addSql("create index `ballot_item_project_id_index` on `ballot_item` (`project_id`)");
  }

  override async down(): Promise<void> {

  }
}
