import { Migration } from '@mikro-orm/migrations';

export class Migration20261204183617BudgetProposalsAndImplementation extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"budget_proposal\" (\"id\" uuid not null, \"edition_id\" uuid not null, \"number\" int not null, \"submitter_hash\" varchar(64) not null, \"title\" varchar(200) not null, \"description\" text not null, \"estimated_cost\" bigint not null, \"reviewed_cost\" bigint null, \"latitude\" double precision null, \"longitude\" double precision null, \"category\" varchar(100) not null, \"district\" varchar(100) null, \"status\" varchar(20) not null default 'SUBMITTED', \"rejection_reason\" text null, \"appeal_text\" text null, \"project_id\" uuid null, \"submitted_at\" timestamptz not null, \"updated_at\" timestamptz not null, constraint \"budget_proposal_pkey\" primary key (\"id\"))");
    this.addSql("create index \"budget_proposal_status_index\" on \"budget_proposal\" (\"status\")");
    this.addSql("alter table \"budget_proposal\" add constraint \"budget_proposal_project_id_unique\" unique (\"project_id\")");
    this.addSql("alter table \"budget_proposal\" add constraint \"budget_proposal_edition_id_number_unique\" unique (\"edition_id\", \"number\")");
    this.addSql("create table \"budget_project_implementation\" (\"id\" uuid not null, \"project_id\" uuid not null, \"status\" varchar(20) not null default 'NOT_STARTED', \"abandoned_reason\" text null, \"progress_percent\" int not null default 0, \"spent_to_date\" bigint not null default 0, \"updated_at\" timestamptz not null, constraint \"budget_project_implementation_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"budget_project_implementation\" add constraint \"budget_project_implementation_project_id_unique\" unique (\"project_id\")");
    this.addSql("create table \"budget_project_milestone\" (\"id\" uuid not null, \"project_id\" uuid not null, \"title\" varchar(200) not null, \"planned_on\" varchar(10) not null, \"completed_on\" varchar(10) null, \"photo_urls\" jsonb not null, \"created_at\" timestamptz not null, constraint \"budget_project_milestone_pkey\" primary key (\"id\"))");
    this.addSql("create index \"budget_project_milestone_project_id_planned_on_index\" on \"budget_project_milestone\" (\"project_id\", \"planned_on\")");
    this.addSql("create table \"budget_proposal_decision\" (\"id\" uuid not null, \"proposal_id\" uuid not null, \"kind\" varchar(20) not null, \"department\" varchar(200) null, \"reason\" text null, \"cost\" bigint null, \"decided_at\" timestamptz not null, \"sequence\" int not null, constraint \"budget_proposal_decision_pkey\" primary key (\"id\"))");
    this.addSql("create index \"budget_proposal_decision_proposal_id_sequence_index\" on \"budget_proposal_decision\" (\"proposal_id\", \"sequence\")");
    this.addSql("alter table \"budget_proposal\" add constraint \"budget_proposal_edition_id_foreign\" foreign key (\"edition_id\") references \"budget_edition\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"budget_proposal\" add constraint \"budget_proposal_project_id_foreign\" foreign key (\"project_id\") references \"budget_project\" (\"id\") on update cascade on delete set null");
    this.addSql("alter table \"budget_project_implementation\" add constraint \"budget_project_implementation_project_id_foreign\" foreign key (\"project_id\") references \"budget_project\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"budget_project_milestone\" add constraint \"budget_project_milestone_project_id_foreign\" foreign key (\"project_id\") references \"budget_project\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"budget_proposal_decision\" add constraint \"budget_proposal_decision_proposal_id_foreign\" foreign key (\"proposal_id\") references \"budget_proposal\" (\"id\") on update cascade on delete cascade");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"budget_proposal_decision\" drop constraint \"budget_proposal_decision_proposal_id_foreign\"");
    this.addSql("drop table if exists \"budget_proposal\" cascade");
    this.addSql("drop table if exists \"budget_project_implementation\" cascade");
    this.addSql("drop table if exists \"budget_project_milestone\" cascade");
    this.addSql("drop table if exists \"budget_proposal_decision\" cascade");
  }
}
