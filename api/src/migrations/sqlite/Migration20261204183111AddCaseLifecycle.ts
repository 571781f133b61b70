import { Migration } from '@mikro-orm/migrations';

export class Migration20261204183111AddCaseLifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `department` (`id` text not null, `jurisdiction_id` text not null, `code` text not null, `name` text not null, constraint `department_jurisdiction_id_foreign` foreign key(`jurisdiction_id`) references `jurisdiction`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `department_jurisdiction_id_index` on `department` (`jurisdiction_id`)");
    this.addSql("create unique index `department_jurisdiction_id_code_unique` on `department` (`jurisdiction_id`, `code`)");
    this.addSql("create table `routing_rule` (`id` text not null, `jurisdiction_id` text not null, `category_id` text null, `district_id` text null, `department_id` text not null, constraint `routing_rule_jurisdiction_id_foreign` foreign key(`jurisdiction_id`) references `jurisdiction`(`id`) on delete cascade on update cascade, constraint `routing_rule_category_id_foreign` foreign key(`category_id`) references `category`(`id`) on delete cascade on update cascade, constraint `routing_rule_district_id_foreign` foreign key(`district_id`) references `district`(`id`) on delete cascade on update cascade, constraint `routing_rule_department_id_foreign` foreign key(`department_id`) references `department`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `routing_rule_category_id_index` on `routing_rule` (`category_id`)");
    this.addSql("create index `routing_rule_district_id_index` on `routing_rule` (`district_id`)");
    this.addSql("create index `routing_rule_department_id_index` on `routing_rule` (`department_id`)");
    this.addSql("create index `routing_rule_jurisdiction_id_index` on `routing_rule` (`jurisdiction_id`)");
    this.addSql("create table `case_timeline_entry` (`id` text not null, `service_case_id` text not null, `position` integer not null, `created_at` datetime not null, `kind` text not null, `actor` text not null, `visibility` text not null, `from_status` text null, `to_status` text null, `close_reason` text null, `evidence_url` text null, `department_id` text null, `agent_id` text null, `note` text null, constraint `case_timeline_entry_service_case_id_foreign` foreign key(`service_case_id`) references `service_case`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `case_timeline_entry_service_case_id_index` on `case_timeline_entry` (`service_case_id`)");
    this.addSql("create index `case_timeline_entry_service_case_id_visibility_index` on `case_timeline_entry` (`service_case_id`, `visibility`)");
    this.addSql("create unique index `case_timeline_entry_service_case_id_position_unique` on `case_timeline_entry` (`service_case_id`, `position`)");
    this.addSql("alter table `jurisdiction` add column `time_zone` text not null default 'Europe/Warsaw'");
    this.addSql("alter table `jurisdiction` add column `holiday_country` text not null default 'PL'");
    this.addSql("alter table `jurisdiction` add column `holiday_region` text null");
    this.addSql("alter table `jurisdiction` add column `working_weekdays` text not null default '1,2,3,4,5'");
    this.addSql("alter table `jurisdiction` add column `workday_start_minute` integer not null default 480");
    this.addSql("alter table `jurisdiction` add column `workday_end_minute` integer not null default 960");
    this.addSql("alter table `district` add column `boundary` json null");
    this.addSql("alter table `category` add column `department_id` text null constraint `category_department_id_foreign` references `department` (`id`) on update cascade on delete set null");
    this.addSql("alter table `category` add column `target_hours` integer null");
    this.addSql("alter table `category` add column `warning_hours` integer null");
    this.addSql("alter table `category` add column `requires_fix_evidence` integer not null default false");
    this.addSql("create index `category_department_id_index` on `category` (`department_id`)");
    this.addSql("alter table `service_case` add column `close_reason` text null");
    this.addSql("alter table `service_case` add column `fix_evidence_url` text null");
    this.addSql("alter table `service_case` add column `responded_at` datetime null");
    this.addSql("alter table `service_case` add column `resolved_at` datetime null");
    this.addSql("alter table `service_case` add column `department_id` text null constraint `service_case_department_id_foreign` references `department` (`id`) on update cascade on delete set null");
    this.addSql("alter table `service_case` add column `agent_id` text null");
    this.addSql("alter table `service_case` add column `warning_at` datetime null");
    this.addSql("alter table `service_case` add column `due_at` datetime null");
    this.addSql("alter table `service_case` add column `clock_paused_at` datetime null");
    this.addSql("alter table `service_case` add column `warning_sent_at` datetime null");
    this.addSql("alter table `service_case` add column `breach_sent_at` datetime null");
    this.addSql("alter table `service_case` add column `timeline_length` integer not null default 0");
    this.addSql("create index `service_case_department_id_index` on `service_case` (`department_id`)");
    this.addSql("create index `service_case_warning_at_index` on `service_case` (`warning_at`)");
    this.addSql("create index `service_case_due_at_index` on `service_case` (`due_at`)");
    this.addSql("create index `service_case_department_id_status_index` on `service_case` (`department_id`, `status`)");
  }

  override async down(): Promise<void> {

  }
}
