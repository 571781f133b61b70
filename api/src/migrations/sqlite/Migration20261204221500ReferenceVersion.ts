import { Migration } from '@mikro-orm/migrations';

/**
 * Adds the reference_version counter and the triggers that raise it on every write to the
 * tables that case intake caches. `api_key` raises it only for the columns that decide
 * authentication, so recording `last_used_at` keeps the cache.
 */
export class Migration20261204221500ReferenceVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `reference_version` (`id` integer not null, `version` bigint not null, primary key (`id`))");
    this.addSql("insert into reference_version (id, version) values (1, 0)");
    this.addSql("create trigger `reference_version_jurisdiction_insert` after insert on `jurisdiction` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_jurisdiction_update` after update on `jurisdiction` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_jurisdiction_delete` after delete on `jurisdiction` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_category_insert` after insert on `category` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_category_update` after update on `category` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_category_delete` after delete on `category` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_district_insert` after insert on `district` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_district_update` after update on `district` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_district_delete` after delete on `district` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_department_insert` after insert on `department` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_department_update` after update on `department` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_department_delete` after delete on `department` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_routing_rule_insert` after insert on `routing_rule` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_routing_rule_update` after update on `routing_rule` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_routing_rule_delete` after delete on `routing_rule` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_service_definition_insert` after insert on `service_definition` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_service_definition_update` after update on `service_definition` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_service_definition_delete` after delete on `service_definition` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_webhook_insert` after insert on `webhook` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_webhook_update` after update on `webhook` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_webhook_delete` after delete on `webhook` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_api_key_insert` after insert on `api_key` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_api_key_update` after update of name, prefix, secret_hash, scopes, rate_limit_per_minute, rotated_at, revoked_at on `api_key` begin update reference_version set version = version + 1 where id = 1; end");
    this.addSql("create trigger `reference_version_api_key_delete` after delete on `api_key` begin update reference_version set version = version + 1 where id = 1; end");
  }

  override async down(): Promise<void> {
    this.addSql("drop trigger if exists `reference_version_jurisdiction_insert`");
    this.addSql("drop trigger if exists `reference_version_jurisdiction_update`");
    this.addSql("drop trigger if exists `reference_version_jurisdiction_delete`");
    this.addSql("drop trigger if exists `reference_version_category_insert`");
    this.addSql("drop trigger if exists `reference_version_category_update`");
    this.addSql("drop trigger if exists `reference_version_category_delete`");
    this.addSql("drop trigger if exists `reference_version_district_insert`");
    this.addSql("drop trigger if exists `reference_version_district_update`");
    this.addSql("drop trigger if exists `reference_version_district_delete`");
    this.addSql("drop trigger if exists `reference_version_department_insert`");
    this.addSql("drop trigger if exists `reference_version_department_update`");
    this.addSql("drop trigger if exists `reference_version_department_delete`");
    this.addSql("drop trigger if exists `reference_version_routing_rule_insert`");
    this.addSql("drop trigger if exists `reference_version_routing_rule_update`");
    this.addSql("drop trigger if exists `reference_version_routing_rule_delete`");
    this.addSql("drop trigger if exists `reference_version_service_definition_insert`");
    this.addSql("drop trigger if exists `reference_version_service_definition_update`");
    this.addSql("drop trigger if exists `reference_version_service_definition_delete`");
    this.addSql("drop trigger if exists `reference_version_webhook_insert`");
    this.addSql("drop trigger if exists `reference_version_webhook_update`");
    this.addSql("drop trigger if exists `reference_version_webhook_delete`");
    this.addSql("drop trigger if exists `reference_version_api_key_insert`");
    this.addSql("drop trigger if exists `reference_version_api_key_update`");
    this.addSql("drop trigger if exists `reference_version_api_key_delete`");
    this.addSql("drop table if exists `reference_version`");
  }
}
