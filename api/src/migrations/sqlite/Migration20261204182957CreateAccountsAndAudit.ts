import { Migration } from '@mikro-orm/migrations';

export class Migration20261204182957CreateAccountsAndAudit extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `account` (`id` text not null, `login_hash` text not null, `password_hash` text not null, `roles` json not null, `verification_level` text null, `department_id` text null, `created_at` datetime not null, `disabled_at` datetime null, primary key (`id`))");
    this.addSql("create unique index `account_login_hash_unique` on `account` (`login_hash`)");
    this.addSql("create table `account_session` (`id` text not null, `account_id` text not null, `token_hash` text not null, `created_at` datetime not null, `expires_at` datetime not null, `revoked_at` datetime null, constraint `account_session_account_id_foreign` foreign key(`account_id`) references `account`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `account_session_account_id_index` on `account_session` (`account_id`)");
    this.addSql("create unique index `account_session_token_hash_unique` on `account_session` (`token_hash`)");
    this.addSql("create table `audit_chain_head` (`id` integer not null, `position` integer not null, `hash` text not null, primary key (`id`))");
    this.addSql("create table `audit_event` (`id` text not null, `position` integer not null, `occurred_at` datetime not null, `action` text not null, `actor_id` text null, `subject_type` text not null, `subject_id` text not null, `details` json not null, `previous_hash` text not null, `hash` text not null, primary key (`id`))");
    this.addSql("create index `audit_event_action_index` on `audit_event` (`action`)");
    this.addSql("create unique index `audit_event_position_unique` on `audit_event` (`position`)");
    // The audit chain starts empty: position 0 and the all-zero genesis hash.
    this.addSql("insert into audit_chain_head (id, position, hash) values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')");
  }

  override async down(): Promise<void> {

  }
}
