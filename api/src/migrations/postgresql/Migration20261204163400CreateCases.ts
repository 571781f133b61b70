import { Migration } from '@mikro-orm/migrations';

export class Migration20261204163400CreateCases extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"jurisdiction\" (\"id\" uuid not null, \"code\" varchar(40) not null, \"name\" varchar(200) not null, constraint \"jurisdiction_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"jurisdiction\" add constraint \"jurisdiction_code_unique\" unique (\"code\")");
    this.addSql("create table \"district\" (\"id\" uuid not null, \"jurisdiction_id\" uuid not null, \"code\" varchar(120) not null, \"name\" varchar(200) not null, constraint \"district_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"district\" add constraint \"district_jurisdiction_id_code_unique\" unique (\"jurisdiction_id\", \"code\")");
    this.addSql("create table \"category\" (\"id\" uuid not null, \"jurisdiction_id\" uuid not null, \"code\" varchar(120) not null, \"name\" varchar(200) not null, constraint \"category_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"category\" add constraint \"category_jurisdiction_id_code_unique\" unique (\"jurisdiction_id\", \"code\")");
    this.addSql("create table \"case_number_sequence\" (\"id\" uuid not null, \"jurisdiction_id\" uuid not null, \"year\" int not null, \"last_value\" int not null, constraint \"case_number_sequence_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"case_number_sequence\" add constraint \"case_number_sequence_jurisdiction_id_year_unique\" unique (\"jurisdiction_id\", \"year\")");
    this.addSql("create table \"service_case\" (\"id\" uuid not null, \"number\" varchar(140) not null, \"jurisdiction_id\" uuid not null, \"category_id\" uuid not null, \"district_id\" uuid null, \"status\" varchar(32) not null, \"source_status\" varchar(100) null, \"channel\" varchar(32) not null, \"latitude\" double precision null, \"longitude\" double precision null, \"description\" text null, \"external_id\" varchar(100) null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, \"closed_at\" timestamptz null, constraint \"service_case_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"service_case\" add constraint \"service_case_number_unique\" unique (\"number\")");
    this.addSql("create index \"service_case_district_id_created_at_index\" on \"service_case\" (\"district_id\", \"created_at\")");
    this.addSql("create index \"service_case_category_id_created_at_index\" on \"service_case\" (\"category_id\", \"created_at\")");
    this.addSql("create index \"service_case_jurisdiction_id_channel_index\" on \"service_case\" (\"jurisdiction_id\", \"channel\")");
    this.addSql("create index \"service_case_jurisdiction_id_status_index\" on \"service_case\" (\"jurisdiction_id\", \"status\")");
    this.addSql("create index \"service_case_jurisdiction_id_created_at_index\" on \"service_case\" (\"jurisdiction_id\", \"created_at\")");
    this.addSql("alter table \"service_case\" add constraint \"service_case_jurisdiction_id_external_id_unique\" unique (\"jurisdiction_id\", \"external_id\")");
    this.addSql("alter table \"district\" add constraint \"district_jurisdiction_id_foreign\" foreign key (\"jurisdiction_id\") references \"jurisdiction\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"category\" add constraint \"category_jurisdiction_id_foreign\" foreign key (\"jurisdiction_id\") references \"jurisdiction\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"case_number_sequence\" add constraint \"case_number_sequence_jurisdiction_id_foreign\" foreign key (\"jurisdiction_id\") references \"jurisdiction\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"service_case\" add constraint \"service_case_jurisdiction_id_foreign\" foreign key (\"jurisdiction_id\") references \"jurisdiction\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"service_case\" add constraint \"service_case_category_id_foreign\" foreign key (\"category_id\") references \"category\" (\"id\") on update cascade");
    this.addSql("alter table \"service_case\" add constraint \"service_case_district_id_foreign\" foreign key (\"district_id\") references \"district\" (\"id\") on update cascade on delete set null");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"district\" drop constraint \"district_jurisdiction_id_foreign\"");
    this.addSql("alter table \"category\" drop constraint \"category_jurisdiction_id_foreign\"");
    this.addSql("alter table \"case_number_sequence\" drop constraint \"case_number_sequence_jurisdiction_id_foreign\"");
    this.addSql("alter table \"service_case\" drop constraint \"service_case_jurisdiction_id_foreign\"");
    this.addSql("alter table \"service_case\" drop constraint \"service_case_district_id_foreign\"");
    this.addSql("alter table \"service_case\" drop constraint \"service_case_category_id_foreign\"");
    this.addSql("drop table if exists \"jurisdiction\" cascade");
    this.addSql("drop table if exists \"district\" cascade");
    this.addSql("drop table if exists \"category\" cascade");
    this.addSql("drop table if exists \"case_number_sequence\" cascade");
    this.addSql("drop table if exists \"service_case\" cascade");
  }
}
