import { Migration } from '@mikro-orm/migrations';

/**
 * Adds the reference_version counter and the triggers that raise it on every write to the
 * tables that case intake caches. `api_key` raises it only for the columns that decide
 * authentication, so recording `last_used_at` keeps the cache. The row triggers are deferred
 * to commit, so a transaction locks the counter row after its other writes and holds it only
 * while it commits. Transactions that write several of these tables in different orders thus
 * do not deadlock on the counter.
 */
export class Migration20261204221500ReferenceVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "reference_version" ("id" int not null, "version" bigint not null, constraint "reference_version_pkey" primary key ("id"))');
    this.addSql('insert into reference_version (id, version) values (1, 0)');
    this.addSql(`create function raise_reference_version() returns trigger language plpgsql as $$ begin update reference_version set version = version + 1 where id = 1; return null; end $$`);
    this.addSql('create constraint trigger "reference_version_jurisdiction" after insert or update or delete on "jurisdiction" deferrable initially deferred for each row execute function raise_reference_version()');
    this.addSql('create trigger "reference_version_jurisdiction_truncate" after truncate on "jurisdiction" for each statement execute function raise_reference_version()');
    this.addSql('create constraint trigger "reference_version_category" after insert or update or delete on "category" deferrable initially deferred for each row execute function raise_reference_version()');
    this.addSql('create trigger "reference_version_category_truncate" after truncate on "category" for each statement execute function raise_reference_version()');
    this.addSql('create constraint trigger "reference_version_district" after insert or update or delete on "district" deferrable initially deferred for each row execute function raise_reference_version()');
    this.addSql('create trigger "reference_version_district_truncate" after truncate on "district" for each statement execute function raise_reference_version()');
    this.addSql('create constraint trigger "reference_version_department" after insert or update or delete on "department" deferrable initially deferred for each row execute function raise_reference_version()');
    this.addSql('create trigger "reference_version_department_truncate" after truncate on "department" for each statement execute function raise_reference_version()');
    this.addSql('create constraint trigger "reference_version_routing_rule" after insert or update or delete on "routing_rule" deferrable initially deferred for each row execute function raise_reference_version()');
    this.addSql('create trigger "reference_version_routing_rule_truncate" after truncate on "routing_rule" for each statement execute function raise_reference_version()');
    this.addSql('create constraint trigger "reference_version_service_definition" after insert or update or delete on "service_definition" deferrable initially deferred for each row execute function raise_reference_version()');
    this.addSql('create trigger "reference_version_service_definition_truncate" after truncate on "service_definition" for each statement execute function raise_reference_version()');
    this.addSql('create constraint trigger "reference_version_webhook" after insert or update or delete on "webhook" deferrable initially deferred for each row execute function raise_reference_version()');
    this.addSql('create trigger "reference_version_webhook_truncate" after truncate on "webhook" for each statement execute function raise_reference_version()');
    this.addSql('create constraint trigger "reference_version_api_key" after insert or update of name, prefix, secret_hash, scopes, rate_limit_per_minute, rotated_at, revoked_at or delete on "api_key" deferrable initially deferred for each row execute function raise_reference_version()');
    this.addSql('create trigger "reference_version_api_key_truncate" after truncate on "api_key" for each statement execute function raise_reference_version()');
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists "reference_version_jurisdiction" on "jurisdiction"');
    this.addSql('drop trigger if exists "reference_version_jurisdiction_truncate" on "jurisdiction"');
    this.addSql('drop trigger if exists "reference_version_category" on "category"');
    this.addSql('drop trigger if exists "reference_version_category_truncate" on "category"');
    this.addSql('drop trigger if exists "reference_version_district" on "district"');
    this.addSql('drop trigger if exists "reference_version_district_truncate" on "district"');
    this.addSql('drop trigger if exists "reference_version_department" on "department"');
    this.addSql('drop trigger if exists "reference_version_department_truncate" on "department"');
    this.addSql('drop trigger if exists "reference_version_routing_rule" on "routing_rule"');
    this.addSql('drop trigger if exists "reference_version_routing_rule_truncate" on "routing_rule"');
    this.addSql('drop trigger if exists "reference_version_service_definition" on "service_definition"');
    this.addSql('drop trigger if exists "reference_version_service_definition_truncate" on "service_definition"');
    this.addSql('drop trigger if exists "reference_version_webhook" on "webhook"');
    this.addSql('drop trigger if exists "reference_version_webhook_truncate" on "webhook"');
    this.addSql('drop trigger if exists "reference_version_api_key" on "api_key"');
    this.addSql('drop trigger if exists "reference_version_api_key_truncate" on "api_key"');
    this.addSql('drop function if exists raise_reference_version()');
    this.addSql('drop table if exists "reference_version" cascade');
  }
}
