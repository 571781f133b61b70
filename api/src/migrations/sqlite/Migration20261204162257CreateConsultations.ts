import { Migration } from '@mikro-orm/migrations';

export class Migration20261204162257CreateConsultations extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `consultation` (`id` text not null, `title` text not null, `description` text null, `source` text null, `created_at` datetime not null, primary key (`id`))");
    this.addSql("create table `statement` (`id` text not null, `consultation_id` text not null, `code` text not null, `text` text not null, `moderation` text not null, `author_hash` text null, `created_at` datetime not null, constraint `statement_consultation_id_foreign` foreign key(`consultation_id`) references `consultation`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `statement_consultation_id_index` on `statement` (`consultation_id`)");
    this.addSql("create index `statement_consultation_id_created_at_index` on `statement` (`consultation_id`, `created_at`)");
    this.addSql("create unique index `statement_consultation_id_code_unique` on `statement` (`consultation_id`, `code`)");
    this.addSql("create table `statement_vote` (`id` text not null, `statement_id` text not null, `participant_hash` text not null, `value` text not null, `updated_at` datetime not null, constraint `statement_vote_statement_id_foreign` foreign key(`statement_id`) references `statement`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `statement_vote_statement_id_index` on `statement_vote` (`statement_id`)");
    this.addSql("create unique index `statement_vote_statement_id_participant_hash_unique` on `statement_vote` (`statement_id`, `participant_hash`)");
    this.addSql("create table `statement_vote_event` (`id` text not null, `statement_id` text not null, `participant_hash` text not null, `value` text not null, `cast_at` datetime not null, constraint `statement_vote_event_statement_id_foreign` foreign key(`statement_id`) references `statement`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `statement_vote_event_statement_id_index` on `statement_vote_event` (`statement_id`)");
    this.addSql("create index `statement_vote_event_statement_id_value_index` on `statement_vote_event` (`statement_id`, `value`)");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists `statement_vote_event`");
    this.addSql("drop table if exists `statement_vote`");
    this.addSql("drop table if exists `statement`");
    this.addSql("drop table if exists `consultation`");
  }
}
