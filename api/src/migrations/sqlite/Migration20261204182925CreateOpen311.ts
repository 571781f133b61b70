import { Migration } from '@mikro-orm/migrations';

export class Migration20261204182925CreateOpen311 extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `api_key` (`id` text not null, `name` text not null, `prefix` text not null, `secret_hash` text not null, `scopes` json not null, `rate_limit_per_minute` integer null, `created_at` datetime not null, `rotated_at` datetime null, `revoked_at` datetime null, `last_used_at` datetime null, primary key (`id`))");
    this.addSql("create unique index `api_key_secret_hash_unique` on `api_key` (`secret_hash`)");
    this.addSql("create index `api_key_created_at_index` on `api_key` (`created_at`)");
    this.addSql("create table `service_definition` (`id` text not null, `category_id` text not null, `version` integer not null, `name` text not null, `description` text not null, `service_group` text null, `keywords` json not null, `type` text not null, `service_notice` text null, `attributes` json not null, `retired` integer not null, `created_at` datetime not null, constraint `service_definition_category_id_foreign` foreign key(`category_id`) references `category`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `service_definition_category_id_index` on `service_definition` (`category_id`)");
    this.addSql("create index `service_definition_created_at_index` on `service_definition` (`created_at`)");
    this.addSql("create unique index `service_definition_category_id_version_unique` on `service_definition` (`category_id`, `version`)");
    this.addSql("create table `open311_request` (`id` text not null, `service_case_id` text not null, `definition_id` text not null, `api_key_id` text null, `token` text null, `answers` json not null, `address_string` text null, `address_id` text null, `media_url` text null, `email_hash` text null, `phone_hash` text null, `device_id_hash` text null, `account_id_hash` text null, `created_at` datetime not null, constraint `open311_request_service_case_id_foreign` foreign key(`service_case_id`) references `service_case`(`id`) on delete cascade on update cascade, constraint `open311_request_definition_id_foreign` foreign key(`definition_id`) references `service_definition`(`id`) on update cascade, constraint `open311_request_api_key_id_foreign` foreign key(`api_key_id`) references `api_key`(`id`) on delete set null on update cascade, primary key (`id`))");
    this.addSql("create unique index `open311_request_service_case_id_unique` on `open311_request` (`service_case_id`)");
    this.addSql("create index `open311_request_definition_id_index` on `open311_request` (`definition_id`)");
    this.addSql("create index `open311_request_api_key_id_index` on `open311_request` (`api_key_id`)");
    this.addSql("create unique index `open311_request_token_unique` on `open311_request` (`token`)");
  }

  override async down(): Promise<void> {

  }
}
