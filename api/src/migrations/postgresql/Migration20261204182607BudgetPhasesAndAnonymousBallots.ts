import { Migration } from '@mikro-orm/migrations';

export class Migration20261204182607BudgetPhasesAndAnonymousBallots extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"budget_process\" (\"id\" uuid not null, \"name\" varchar(255) not null, \"unit\" varchar(255) not null, \"year\" int not null, \"currency\" varchar(10) not null, \"minimum_age\" int null, \"voting_closes_at\" timestamptz null, \"results_publish_at\" timestamptz null, \"register_size\" int not null default 0, \"created_at\" timestamptz not null, constraint \"budget_process_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"budget_process\" add constraint \"budget_process_unit_year_unique\" unique (\"unit\", \"year\")");
    this.addSql("create table \"ballot_voter\" (\"edition_id\" uuid not null, \"voter_hash\" varchar(64) not null, constraint \"ballot_voter_pkey\" primary key (\"edition_id\", \"voter_hash\"))");
    this.addSql("create table \"budget_voter_register\" (\"process_id\" uuid not null, \"person_hash\" varchar(64) not null, \"birth_date\" varchar(10) not null, \"district\" varchar(255) null, constraint \"budget_voter_register_pkey\" primary key (\"process_id\", \"person_hash\"))");
    this.addSql("alter table \"ballot_voter\" add constraint \"ballot_voter_edition_id_foreign\" foreign key (\"edition_id\") references \"budget_edition\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"budget_voter_register\" add constraint \"budget_voter_register_process_id_foreign\" foreign key (\"process_id\") references \"budget_process\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"budget_edition\" add column \"process_id\" uuid null, add column \"phase\" varchar(20) not null default 'SUBMISSION', add column \"allow_ballot_change\" boolean not null default false, add column \"voting_closes_at\" timestamptz null, add column \"results_publish_at\" timestamptz null, add column \"commitment_hash\" varchar(64) null, add column \"committed_at\" timestamptz null");
    this.addSql("alter table \"budget_edition\" add constraint \"budget_edition_process_id_foreign\" foreign key (\"process_id\") references \"budget_process\" (\"id\") on update cascade on delete set null");
    // Who voted moves to ballot_voter before ballot loses its voter_hash column.
    this.addSql("insert into \"ballot_voter\" (\"edition_id\", \"voter_hash\") select \"edition_id\", \"voter_hash\" from \"ballot\"");
    // Editions read from pabulib files (they carry the file's rule) are past votes; the rest
    // were open to ballots, as every edition was before phases existed.
    this.addSql("update \"budget_edition\" set \"phase\" = case when \"source_rule\" is null then 'VOTING' else 'RESULTS' end");
    this.addSql("alter table \"ballot\" drop constraint \"ballot_edition_id_voter_hash_unique\"");
    this.addSql("alter table \"ballot\" drop column \"voter_hash\", drop column \"created_at\"");
    this.addSql("alter table \"ballot\" add column \"change_token\" varchar(64) null");
    this.addSql("alter table \"ballot\" add constraint \"ballot_edition_id_change_token_unique\" unique (\"edition_id\", \"change_token\")");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"budget_edition\" drop constraint \"budget_edition_process_id_foreign\"");
    this.addSql("alter table \"budget_voter_register\" drop constraint \"budget_voter_register_process_id_foreign\"");
    this.addSql("drop table if exists \"budget_process\" cascade");
    this.addSql("drop table if exists \"ballot_voter\" cascade");
    this.addSql("drop table if exists \"budget_voter_register\" cascade");
    this.addSql("alter table \"ballot\" drop constraint \"ballot_edition_id_change_token_unique\"");
    this.addSql("alter table \"ballot\" drop column \"change_token\"");
    this.addSql("alter table \"ballot\" add column \"voter_hash\" varchar(64) not null, add column \"created_at\" timestamptz(6) not null");
    this.addSql("alter table \"ballot\" add constraint \"ballot_edition_id_voter_hash_unique\" unique (\"edition_id\", \"voter_hash\")");
    this.addSql("alter table \"budget_edition\" drop column \"process_id\", drop column \"phase\", drop column \"allow_ballot_change\", drop column \"voting_closes_at\", drop column \"results_publish_at\", drop column \"commitment_hash\", drop column \"committed_at\"");
  }
}
