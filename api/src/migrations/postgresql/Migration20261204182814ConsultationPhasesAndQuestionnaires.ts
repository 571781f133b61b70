import { Migration } from '@mikro-orm/migrations';

export class Migration20261204182814ConsultationPhasesAndQuestionnaires extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"consultation_question\" (\"id\" uuid not null, \"consultation_id\" uuid not null, \"position\" int not null, \"code\" varchar(64) not null, \"type\" varchar(24) not null, \"prompt\" text not null, \"required\" boolean not null default false, \"binding\" boolean not null default false, \"options\" jsonb not null, \"rows\" jsonb not null, \"min_selections\" int null, \"max_selections\" int null, \"scale_min\" int null, \"scale_max\" int null, \"min_label\" varchar(200) null, \"max_label\" varchar(200) null, \"max_length\" int null, \"show_when\" jsonb null, constraint \"consultation_question_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"consultation_question\" add constraint \"consultation_question_consultation_id_position_unique\" unique (\"consultation_id\", \"position\")");
    this.addSql("alter table \"consultation_question\" add constraint \"consultation_question_consultation_id_code_unique\" unique (\"consultation_id\", \"code\")");
    this.addSql("create table \"questionnaire_submission\" (\"id\" uuid not null, \"consultation_id\" uuid not null, \"participant_hash\" varchar(64) not null, \"district\" varchar(100) null, \"answers\" jsonb not null, \"submitted_at\" timestamptz not null, \"updated_at\" timestamptz not null, constraint \"questionnaire_submission_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"questionnaire_submission\" add constraint \"questionnaire_submission_consultation_id_particip_df44d_unique\" unique (\"consultation_id\", \"participant_hash\")");
    this.addSql("create table \"participant_register\" (\"resident_hash\" varchar(64) not null, \"district\" varchar(100) not null, \"registered_at\" timestamptz not null, constraint \"participant_register_pkey\" primary key (\"resident_hash\"))");
    this.addSql("alter table \"consultation_question\" add constraint \"consultation_question_consultation_id_foreign\" foreign key (\"consultation_id\") references \"consultation\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"questionnaire_submission\" add constraint \"questionnaire_submission_consultation_id_foreign\" foreign key (\"consultation_id\") references \"consultation\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"consultation\" add column \"phase\" varchar(24) not null default 'DRAFT', add column \"results_policy\" varchar(24) not null default 'AFTER_CLOSE', add column \"audience\" varchar(24) not null default 'ANYONE', add column \"districts\" jsonb not null default '[]', add column \"district_populations\" jsonb not null default '{}', add column \"allow_submission_edits\" boolean not null default true, add column \"closes_at\" timestamptz null, add column \"results_publish_at\" timestamptz null");
    this.addSql("alter table \"statement\" add column \"rejection_reason\" text null");
    // Consultations from before phases existed took votes and showed results at once.
    this.addSql("update \"consultation\" set \"phase\" = 'OPEN', \"results_policy\" = 'LIVE'");
    // The moderation state UNMODERATED is now called PENDING.
    this.addSql("update \"statement\" set \"moderation\" = 'PENDING' where \"moderation\" = 'UNMODERATED'");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"consultation_question\" cascade");
    this.addSql("drop table if exists \"questionnaire_submission\" cascade");
    this.addSql("drop table if exists \"participant_register\" cascade");
    this.addSql("alter table \"consultation\" drop column \"phase\", drop column \"results_policy\", drop column \"audience\", drop column \"districts\", drop column \"district_populations\", drop column \"allow_submission_edits\", drop column \"closes_at\", drop column \"results_publish_at\"");
    this.addSql("alter table \"statement\" drop column \"rejection_reason\"");
  }
}
