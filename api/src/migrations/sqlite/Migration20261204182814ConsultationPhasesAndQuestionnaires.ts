import { Migration } from '@mikro-orm/migrations';

export class Migration20261204182814ConsultationPhasesAndQuestionnaires extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `consultation_question` (`id` text not null, `consultation_id` text not null, `position` integer not null, `code` text not null, `type` text not null, `prompt` text not null, `required` integer not null default false, `binding` integer not null default false, `options` json not null, `rows` json not null, `min_selections` integer null, `max_selections` integer null, `scale_min` integer null, `scale_max` integer null, `min_label` text null, `max_label` text null, `max_length` integer null, `show_when` json null, constraint `consultation_question_consultation_id_foreign` foreign key(`consultation_id`) references `consultation`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `consultation_question_consultation_id_index` on `consultation_question` (`consultation_id`)");
    this.addSql("create unique index `consultation_question_consultation_id_position_unique` on `consultation_question` (`consultation_id`, `position`)");
    this.addSql("create unique index `consultation_question_consultation_id_code_unique` on `consultation_question` (`consultation_id`, `code`)");
    this.addSql("create table `questionnaire_submission` (`id` text not null, `consultation_id` text not null, `participant_hash` text not null, `district` text null, `answers` json not null, `submitted_at` datetime not null, `updated_at` datetime not null, constraint `questionnaire_submission_consultation_id_foreign` foreign key(`consultation_id`) references `consultation`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `questionnaire_submission_consultation_id_index` on `questionnaire_submission` (`consultation_id`)");
    this.addSql("create unique index `questionnaire_submission_consultation_id_participant_hash_unique` on `questionnaire_submission` (`consultation_id`, `participant_hash`)");
    this.addSql("create table `participant_register` (`resident_hash` text not null, `district` text not null, `registered_at` datetime not null, primary key (`resident_hash`))");
    this.addSql("alter table `consultation` add column `phase` text not null default 'DRAFT'");
    this.addSql("alter table `consultation` add column `results_policy` text not null default 'AFTER_CLOSE'");
    this.addSql("alter table `consultation` add column `audience` text not null default 'ANYONE'");
    this.addSql("alter table `consultation` add column `districts` json not null default '[]'");
    this.addSql("alter table `consultation` add column `district_populations` json not null default '{}'");
    this.addSql("alter table `consultation` add column `allow_submission_edits` integer not null default true");
    this.addSql("alter table `consultation` add column `closes_at` datetime null");
    this.addSql("alter table `consultation` add column `results_publish_at` datetime null");
    this.addSql("alter table `statement` add column `rejection_reason` text null");
    // Consultations from before phases existed took votes and showed results at once.
    this.addSql("update `consultation` set `phase` = 'OPEN', `results_policy` = 'LIVE'");
    // The moderation state UNMODERATED is now called PENDING.
    this.addSql("update `statement` set `moderation` = 'PENDING' where `moderation` = 'UNMODERATED'");
  }

  override async down(): Promise<void> {

  }
}
