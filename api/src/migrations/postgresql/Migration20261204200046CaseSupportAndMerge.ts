import { Migration } from '@mikro-orm/migrations';

export class Migration20261204200046CaseSupportAndMerge extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"case_support\" (\"id\" uuid not null, \"service_case_id\" uuid not null, \"resident_hash\" varchar(64) not null, \"created_at\" timestamptz not null, constraint \"case_support_pkey\" primary key (\"id\"))");
    this.addSql("create index \"case_support_resident_hash_index\" on \"case_support\" (\"resident_hash\")");
    this.addSql("alter table \"case_support\" add constraint \"case_support_service_case_id_resident_hash_unique\" unique (\"service_case_id\", \"resident_hash\")");
    this.addSql("alter table \"case_support\" add constraint \"case_support_service_case_id_foreign\" foreign key (\"service_case_id\") references \"service_case\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"service_case\" add column \"duplicate_of_id\" uuid null");
    this.addSql("alter table \"service_case\" add constraint \"service_case_duplicate_of_id_foreign\" foreign key (\"duplicate_of_id\") references \"service_case\" (\"id\") on update cascade on delete set null");
    this.addSql("create index \"service_case_duplicate_of_id_index\" on \"service_case\" (\"duplicate_of_id\")");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"case_support\" cascade");
    this.addSql("alter table \"service_case\" drop constraint \"service_case_duplicate_of_id_foreign\"");
    this.addSql("drop index \"service_case_duplicate_of_id_index\"");
    this.addSql("alter table \"service_case\" drop column \"duplicate_of_id\"");
  }
}
