import { Migration } from '@mikro-orm/migrations';

export class Migration20261204182925CreateOpen311 extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"api_key\" (\"id\" uuid not null, \"name\" varchar(200) not null, \"prefix\" varchar(16) not null, \"secret_hash\" varchar(64) not null, \"scopes\" jsonb not null, \"rate_limit_per_minute\" int null, \"created_at\" timestamptz not null, \"rotated_at\" timestamptz null, \"revoked_at\" timestamptz null, \"last_used_at\" timestamptz null, constraint \"api_key_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"api_key\" add constraint \"api_key_secret_hash_unique\" unique (\"secret_hash\")");
    this.addSql("create index \"api_key_created_at_index\" on \"api_key\" (\"created_at\")");
    this.addSql("create table \"service_definition\" (\"id\" uuid not null, \"category_id\" uuid not null, \"version\" int not null, \"name\" varchar(200) not null, \"description\" text not null, \"service_group\" varchar(200) null, \"keywords\" jsonb not null, \"type\" varchar(16) not null, \"service_notice\" text null, \"attributes\" jsonb not null, \"retired\" boolean not null, \"created_at\" timestamptz not null, constraint \"service_definition_pkey\" primary key (\"id\"))");
    this.addSql("create index \"service_definition_created_at_index\" on \"service_definition\" (\"created_at\")");
    this.addSql("alter table \"service_definition\" add constraint \"service_definition_category_id_version_unique\" unique (\"category_id\", \"version\")");
    this.addSql("create table \"open311_request\" (\"id\" uuid not null, \"service_case_id\" uuid not null, \"definition_id\" uuid not null, \"api_key_id\" uuid null, \"token\" varchar(64) null, \"answers\" jsonb not null, \"address_string\" text null, \"address_id\" varchar(200) null, \"media_url\" text null, \"email_hash\" varchar(64) null, \"phone_hash\" varchar(64) null, \"device_id_hash\" varchar(64) null, \"account_id_hash\" varchar(64) null, \"created_at\" timestamptz not null, constraint \"open311_request_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"open311_request\" add constraint \"open311_request_service_case_id_unique\" unique (\"service_case_id\")");
    this.addSql("alter table \"open311_request\" add constraint \"open311_request_token_unique\" unique (\"token\")");
    this.addSql("alter table \"service_definition\" add constraint \"service_definition_category_id_foreign\" foreign key (\"category_id\") references \"category\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"open311_request\" add constraint \"open311_request_service_case_id_foreign\" foreign key (\"service_case_id\") references \"service_case\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"open311_request\" add constraint \"open311_request_definition_id_foreign\" foreign key (\"definition_id\") references \"service_definition\" (\"id\") on update cascade");
    this.addSql("alter table \"open311_request\" add constraint \"open311_request_api_key_id_foreign\" foreign key (\"api_key_id\") references \"api_key\" (\"id\") on update cascade on delete set null");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"open311_request\" drop constraint \"open311_request_api_key_id_foreign\"");
    this.addSql("alter table \"open311_request\" drop constraint \"open311_request_definition_id_foreign\"");
    this.addSql("drop table if exists \"api_key\" cascade");
    this.addSql("drop table if exists \"service_definition\" cascade");
    this.addSql("drop table if exists \"open311_request\" cascade");
  }
}
