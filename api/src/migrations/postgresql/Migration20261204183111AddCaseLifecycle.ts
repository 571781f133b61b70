import { Migration } from '@mikro-orm/migrations';

export class Migration20261204183111AddCaseLifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"department\" (\"id\" uuid not null, \"jurisdiction_id\" uuid not null, \"code\" varchar(120) not null, \"name\" varchar(200) not null, constraint \"department_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"department\" add constraint \"department_jurisdiction_id_code_unique\" unique (\"jurisdiction_id\", \"code\")");
    this.addSql("create table \"routing_rule\" (\"id\" uuid not null, \"jurisdiction_id\" uuid not null, \"category_id\" uuid null, \"district_id\" uuid null, \"department_id\" uuid not null, constraint \"routing_rule_pkey\" primary key (\"id\"))");
    this.addSql("create index \"routing_rule_jurisdiction_id_index\" on \"routing_rule\" (\"jurisdiction_id\")");
    this.addSql("create table \"case_timeline_entry\" (\"id\" uuid not null, \"service_case_id\" uuid not null, \"position\" int not null, \"created_at\" timestamptz not null, \"kind\" varchar(32) not null, \"actor\" varchar(16) not null, \"visibility\" varchar(16) not null, \"from_status\" varchar(32) null, \"to_status\" varchar(32) null, \"close_reason\" varchar(32) null, \"evidence_url\" varchar(2000) null, \"department_id\" uuid null, \"agent_id\" varchar(100) null, \"note\" text null, constraint \"case_timeline_entry_pkey\" primary key (\"id\"))");
    this.addSql("create index \"case_timeline_entry_service_case_id_visibility_index\" on \"case_timeline_entry\" (\"service_case_id\", \"visibility\")");
    this.addSql("alter table \"case_timeline_entry\" add constraint \"case_timeline_entry_service_case_id_position_unique\" unique (\"service_case_id\", \"position\")");
    this.addSql("alter table \"department\" add constraint \"department_jurisdiction_id_foreign\" foreign key (\"jurisdiction_id\") references \"jurisdiction\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"routing_rule\" add constraint \"routing_rule_jurisdiction_id_foreign\" foreign key (\"jurisdiction_id\") references \"jurisdiction\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"routing_rule\" add constraint \"routing_rule_category_id_foreign\" foreign key (\"category_id\") references \"category\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"routing_rule\" add constraint \"routing_rule_district_id_foreign\" foreign key (\"district_id\") references \"district\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"routing_rule\" add constraint \"routing_rule_department_id_foreign\" foreign key (\"department_id\") references \"department\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"case_timeline_entry\" add constraint \"case_timeline_entry_service_case_id_foreign\" foreign key (\"service_case_id\") references \"service_case\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"jurisdiction\" add column \"time_zone\" varchar(64) not null default 'Europe/Warsaw', add column \"holiday_country\" varchar(2) not null default 'PL', add column \"holiday_region\" varchar(10) null, add column \"working_weekdays\" varchar(20) not null default '1,2,3,4,5', add column \"workday_start_minute\" int not null default 480, add column \"workday_end_minute\" int not null default 960");
    this.addSql("alter table \"district\" add column \"boundary\" jsonb null");
    this.addSql("alter table \"category\" add column \"department_id\" uuid null, add column \"target_hours\" int null, add column \"warning_hours\" int null, add column \"requires_fix_evidence\" boolean not null default false");
    this.addSql("alter table \"category\" add constraint \"category_department_id_foreign\" foreign key (\"department_id\") references \"department\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"service_case\" add column \"close_reason\" varchar(32) null, add column \"fix_evidence_url\" varchar(2000) null, add column \"responded_at\" timestamptz null, add column \"resolved_at\" timestamptz null, add column \"department_id\" uuid null, add column \"agent_id\" varchar(100) null, add column \"warning_at\" timestamptz null, add column \"due_at\" timestamptz null, add column \"clock_paused_at\" timestamptz null, add column \"warning_sent_at\" timestamptz null, add column \"breach_sent_at\" timestamptz null, add column \"timeline_length\" int not null default 0");
    this.addSql("alter table \"service_case\" add constraint \"service_case_department_id_foreign\" foreign key (\"department_id\") references \"department\" (\"id\") on update cascade on delete set null");
    this.addSql("create index \"service_case_warning_at_index\" on \"service_case\" (\"warning_at\")");
    this.addSql("create index \"service_case_due_at_index\" on \"service_case\" (\"due_at\")");
    this.addSql("create index \"service_case_department_id_status_index\" on \"service_case\" (\"department_id\", \"status\")");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"category\" drop constraint \"category_department_id_foreign\"");
    this.addSql("alter table \"routing_rule\" drop constraint \"routing_rule_department_id_foreign\"");
    this.addSql("alter table \"service_case\" drop constraint \"service_case_department_id_foreign\"");
    this.addSql("drop table if exists \"department\" cascade");
    this.addSql("drop table if exists \"routing_rule\" cascade");
    this.addSql("drop table if exists \"case_timeline_entry\" cascade");
    this.addSql("alter table \"category\" drop column \"department_id\", drop column \"target_hours\", drop column \"warning_hours\", drop column \"requires_fix_evidence\"");
    this.addSql("alter table \"district\" drop column \"boundary\"");
    this.addSql("alter table \"jurisdiction\" drop column \"time_zone\", drop column \"holiday_country\", drop column \"holiday_region\", drop column \"working_weekdays\", drop column \"workday_start_minute\", drop column \"workday_end_minute\"");
    this.addSql("drop index \"service_case_warning_at_index\"");
    this.addSql("drop index \"service_case_due_at_index\"");
    this.addSql("drop index \"service_case_department_id_status_index\"");
    this.addSql("alter table \"service_case\" drop column \"close_reason\", drop column \"fix_evidence_url\", drop column \"responded_at\", drop column \"resolved_at\", drop column \"department_id\", drop column \"agent_id\", drop column \"warning_at\", drop column \"due_at\", drop column \"clock_paused_at\", drop column \"warning_sent_at\", drop column \"breach_sent_at\", drop column \"timeline_length\"");
  }
}
