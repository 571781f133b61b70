import { Migration } from '@mikro-orm/migrations';

export class Migration20261204183304Referenda extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `referendum` (`id` text not null, `question` text not null, `description` text null, `opens_at` datetime not null, `closes_at` datetime not null, `quorum_percent` double not null, `created_at` datetime not null, `closed_at` datetime null, `result_json` text null, `commitment` text null, primary key (`id`))");
    this.addSql("create table `referendum_eligible_voter` (`id` text not null, `referendum_id` text not null, `voter_hash` text not null, `district` text not null, constraint `referendum_eligible_voter_referendum_id_foreign` foreign key(`referendum_id`) references `referendum`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `referendum_eligible_voter_referendum_id_index` on `referendum_eligible_voter` (`referendum_id`)");
    this.addSql("create unique index `referendum_eligible_voter_referendum_id_voter_hash_unique` on `referendum_eligible_voter` (`referendum_id`, `voter_hash`)");
    this.addSql("create table `referendum_option` (`id` text not null, `referendum_id` text not null, `label` text not null, `position` integer not null, constraint `referendum_option_referendum_id_foreign` foreign key(`referendum_id`) references `referendum`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `referendum_option_referendum_id_index` on `referendum_option` (`referendum_id`)");
    this.addSql("create unique index `referendum_option_referendum_id_position_unique` on `referendum_option` (`referendum_id`, `position`)");
    this.addSql("create table `referendum_ballot` (`id` text not null, `referendum_id` text not null, `option_id` text not null, `district` text not null, `channel` text not null, constraint `referendum_ballot_referendum_id_foreign` foreign key(`referendum_id`) references `referendum`(`id`) on delete cascade on update cascade, constraint `referendum_ballot_option_id_foreign` foreign key(`option_id`) references `referendum_option`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `referendum_ballot_referendum_id_index` on `referendum_ballot` (`referendum_id`)");
    this.addSql("create index `referendum_ballot_option_id_index` on `referendum_ballot` (`option_id`)");
    this.addSql("create index `referendum_ballot_referendum_id_option_id_index` on `referendum_ballot` (`referendum_id`, `option_id`)");
    this.addSql("create table `referendum_participation` (`id` text not null, `referendum_id` text not null, `voter_hash` text not null, constraint `referendum_participation_referendum_id_foreign` foreign key(`referendum_id`) references `referendum`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `referendum_participation_referendum_id_index` on `referendum_participation` (`referendum_id`)");
    this.addSql("create unique index `referendum_participation_referendum_id_voter_hash_unique` on `referendum_participation` (`referendum_id`, `voter_hash`)");
  }

  override async down(): Promise<void> {

  }
}
