import { Migration } from '@mikro-orm/migrations';

export class Migration20261204200124CaseEmail extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `case_contact` (`id` text not null, `service_case_id` text not null, `address_hash` text not null, `address` text not null, `created_at` datetime not null, constraint `case_contact_service_case_id_foreign` foreign key(`service_case_id`) references `service_case`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `case_contact_service_case_id_index` on `case_contact` (`service_case_id`)");
    this.addSql("create unique index `case_contact_service_case_id_address_hash_unique` on `case_contact` (`service_case_id`, `address_hash`)");
    this.addSql("create table `email_outbox_message` (`id` text not null, `contact_id` text not null, `subject` text not null, `text` text not null, `attempts` integer not null default 0, `next_attempt_at` datetime not null, `locked_until` datetime null, `sent_at` datetime null, `failed_at` datetime null, `last_error` text null, `created_at` datetime not null, constraint `email_outbox_message_contact_id_foreign` foreign key(`contact_id`) references `case_contact`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `email_outbox_message_contact_id_index` on `email_outbox_message` (`contact_id`)");
    this.addSql("create index `email_outbox_message_sent_at_failed_at_next_attempt_at_index` on `email_outbox_message` (`sent_at`, `failed_at`, `next_attempt_at`)");
    this.addSql("create table `case_attachment` (`id` text not null, `service_case_id` text not null, `file_name` text not null, `content_type` text not null, `size` integer not null, `sha256` text not null, `content` blob not null, `created_at` datetime not null, constraint `case_attachment_service_case_id_foreign` foreign key(`service_case_id`) references `service_case`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `case_attachment_service_case_id_index` on `case_attachment` (`service_case_id`)");
    this.addSql("create index `case_attachment_service_case_id_created_at_index` on `case_attachment` (`service_case_id`, `created_at`)");
  }

  override async down(): Promise<void> {

  }
}
