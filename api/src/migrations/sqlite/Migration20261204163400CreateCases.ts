import { Migration } from '@mikro-orm/migrations';

export class Migration20261204163400CreateCases extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `jurisdiction` (`id` text not null, `code` text not null, `name` text not null, primary key (`id`))");
    this.addSql("create unique index `jurisdiction_code_unique` on `jurisdiction` (`code`)");
    this.addSql("create table `district` (`id` text not null, `jurisdiction_id` text not null, `code` text not null, `name` text not null, constraint `district_jurisdiction_id_foreign` foreign key(`jurisdiction_id`) references `jurisdiction`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `district_jurisdiction_id_index` on `district` (`jurisdiction_id`)");
    this.addSql("create unique index `district_jurisdiction_id_code_unique` on `district` (`jurisdiction_id`, `code`)");
    this.addSql("create table `category` (`id` text not null, `jurisdiction_id` text not null, `code` text not null, `name` text not null, constraint `category_jurisdiction_id_foreign` foreign key(`jurisdiction_id`) references `jurisdiction`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `category_jurisdiction_id_index` on `category` (`jurisdiction_id`)");
    this.addSql("create unique index `category_jurisdiction_id_code_unique` on `category` (`jurisdiction_id`, `code`)");
    this.addSql("create table `case_number_sequence` (`id` text not null, `jurisdiction_id` text not null, `year` integer not null, `last_value` integer not null, constraint `case_number_sequence_jurisdiction_id_foreign` foreign key(`jurisdiction_id`) references `jurisdiction`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `case_number_sequence_jurisdiction_id_index` on `case_number_sequence` (`jurisdiction_id`)");
    this.addSql("create unique index `case_number_sequence_jurisdiction_id_year_unique` on `case_number_sequence` (`jurisdiction_id`, `year`)");
    this.addSql("create table `service_case` (`id` text not null, `number` text not null, `jurisdiction_id` text not null, `category_id` text not null, `district_id` text null, `status` text not null, `source_status` text null, `channel` text not null, `latitude` double null, `longitude` double null, `description` text null, `external_id` text null, `created_at` datetime not null, `updated_at` datetime not null, `closed_at` datetime null, constraint `service_case_jurisdiction_id_foreign` foreign key(`jurisdiction_id`) references `jurisdiction`(`id`) on delete cascade on update cascade, constraint `service_case_category_id_foreign` foreign key(`category_id`) references `category`(`id`) on update cascade, constraint `service_case_district_id_foreign` foreign key(`district_id`) references `district`(`id`) on delete set null on update cascade, primary key (`id`))");
    this.addSql("create unique index `service_case_number_unique` on `service_case` (`number`)");
    this.addSql("create index `service_case_jurisdiction_id_index` on `service_case` (`jurisdiction_id`)");
    this.addSql("create index `service_case_category_id_index` on `service_case` (`category_id`)");
    this.addSql("create index `service_case_district_id_index` on `service_case` (`district_id`)");
    this.addSql("create index `service_case_district_id_created_at_index` on `service_case` (`district_id`, `created_at`)");
    this.addSql("create index `service_case_category_id_created_at_index` on `service_case` (`category_id`, `created_at`)");
    this.addSql("create index `service_case_jurisdiction_id_channel_index` on `service_case` (`jurisdiction_id`, `channel`)");
    this.addSql("create index `service_case_jurisdiction_id_status_index` on `service_case` (`jurisdiction_id`, `status`)");
    this.addSql("create index `service_case_jurisdiction_id_created_at_index` on `service_case` (`jurisdiction_id`, `created_at`)");
    this.addSql("create unique index `service_case_jurisdiction_id_external_id_unique` on `service_case` (`jurisdiction_id`, `external_id`)");
  }

  override async down(): Promise<void> {

  }
}
