import { Migration } from '@mikro-orm/migrations';

export class Migration20261204200134Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `webhook` (`id` text not null, `name` text not null, `url` text not null, `event_types` json not null, `secret` text not null, `created_at` datetime not null, `disabled_at` datetime null, primary key (`id`))");
    this.addSql("create index `webhook_created_at_index` on `webhook` (`created_at`)");
    this.addSql("create table `webhook_delivery` (`id` text not null, `webhook_id` text not null, `event_type` text not null, `case_number` text not null, `body` text not null, `status` text not null, `attempts` integer not null default 0, `next_attempt_at` datetime not null, `locked_until` datetime null, `last_status_code` integer null, `last_error` text null, `created_at` datetime not null, `delivered_at` datetime null, constraint `webhook_delivery_webhook_id_foreign` foreign key(`webhook_id`) references `webhook`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `webhook_delivery_webhook_id_index` on `webhook_delivery` (`webhook_id`)");
    this.addSql("create index `webhook_delivery_webhook_id_created_at_index` on `webhook_delivery` (`webhook_id`, `created_at`)");
    this.addSql("create index `webhook_delivery_status_next_attempt_at_index` on `webhook_delivery` (`status`, `next_attempt_at`)");
  }

  override async down(): Promise<void> {

  }
}
