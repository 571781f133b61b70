import { Migration } from '@mikro-orm/migrations';

export class Migration20261204182607BudgetPhasesAndAnonymousBallots extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `budget_process` (`id` text not null, `name` text not null, `unit` text not null, `year` integer not null, `currency` text not null, `minimum_age` integer null, `voting_closes_at` datetime null, `results_publish_at` datetime null, `register_size` integer not null default 0, `created_at` datetime not null, primary key (`id`))");
    this.addSql("create unique index `budget_process_unit_year_unique` on `budget_process` (`unit`, `year`)");
    this.addSql("create table `ballot_voter` (`edition_id` text not null, `voter_hash` text not null, constraint `ballot_voter_edition_id_foreign` foreign key(`edition_id`) references `budget_edition`(`id`) on delete cascade on update cascade, primary key (`edition_id`, `voter_hash`))");
    this.addSql("create index `ballot_voter_edition_id_index` on `ballot_voter` (`edition_id`)");
    this.addSql("create table `budget_voter_register` (`process_id` text not null, `person_hash` text not null, `birth_date` text not null, `district` text null, constraint `budget_voter_register_process_id_foreign` foreign key(`process_id`) references `budget_process`(`id`) on delete cascade on update cascade, primary key (`process_id`, `person_hash`))");
    this.addSql("create index `budget_voter_register_process_id_index` on `budget_voter_register` (`process_id`)");
    this.addSql("alter table `budget_edition` add column `process_id` text null constraint `budget_edition_process_id_foreign` references `budget_process` (`id`) on update cascade on delete set null");
    this.addSql("alter table `budget_edition` add column `phase` text not null default 'SUBMISSION'");
    this.addSql("alter table `budget_edition` add column `allow_ballot_change` integer not null default false");
    this.addSql("alter table `budget_edition` add column `voting_closes_at` datetime null");
    this.addSql("alter table `budget_edition` add column `results_publish_at` datetime null");
    this.addSql("alter table `budget_edition` add column `commitment_hash` text null");
    this.addSql("alter table `budget_edition` add column `committed_at` datetime null");
    this.addSql("create index `budget_edition_process_id_index` on `budget_edition` (`process_id`)");
    // Who voted moves to ballot_voter before ballot loses its voter_hash column.
    this.addSql("insert into `ballot_voter` (`edition_id`, `voter_hash`) select `edition_id`, `voter_hash` from `ballot`");
    // Editions read from pabulib files (they carry the file's rule) are past votes; the rest
    // were open to ballots, as every edition was before phases existed.
    this.addSql("update `budget_edition` set `phase` = case when `source_rule` is null then 'VOTING' else 'RESULTS' end");
    this.addSql("drop index `ballot_edition_id_voter_hash_unique`");
    this.addSql("alter table `ballot` drop column `voter_hash`");
    this.addSql("alter table `ballot` drop column `created_at`");
    this.addSql("alter table `ballot` add column `change_token` text null");
    this.addSql("create unique index `ballot_edition_id_change_token_unique` on `ballot` (`edition_id`, `change_token`)");
  }

  override async down(): Promise<void> {

  }
}
