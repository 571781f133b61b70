import { Migration } from '@mikro-orm/migrations';

export class Migration20261204162257CreateConsultations extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"consultation\" (\"id\" uuid not null, \"title\" text not null, \"description\" text null, \"source\" varchar(500) null, \"created_at\" timestamptz not null, constraint \"consultation_pkey\" primary key (\"id\"))");
    this.addSql("create table \"statement\" (\"id\" uuid not null, \"consultation_id\" uuid not null, \"code\" varchar(64) not null, \"text\" text not null, \"moderation\" varchar(16) not null, \"author_hash\" varchar(64) null, \"created_at\" timestamptz not null, constraint \"statement_pkey\" primary key (\"id\"))");
    this.addSql("create index \"statement_consultation_id_created_at_index\" on \"statement\" (\"consultation_id\", \"created_at\")");
    this.addSql("alter table \"statement\" add constraint \"statement_consultation_id_code_unique\" unique (\"consultation_id\", \"code\")");
    this.addSql("create table \"statement_vote\" (\"id\" uuid not null, \"statement_id\" uuid not null, \"participant_hash\" varchar(64) not null, \"value\" varchar(16) not null, \"updated_at\" timestamptz not null, constraint \"statement_vote_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"statement_vote\" add constraint \"statement_vote_statement_id_participant_hash_unique\" unique (\"statement_id\", \"participant_hash\")");
    this.addSql("create table \"statement_vote_event\" (\"id\" uuid not null, \"statement_id\" uuid not null, \"participant_hash\" varchar(64) not null, \"value\" varchar(16) not null, \"cast_at\" timestamptz not null, constraint \"statement_vote_event_pkey\" primary key (\"id\"))");
    this.addSql("create index \"statement_vote_event_statement_id_value_index\" on \"statement_vote_event\" (\"statement_id\", \"value\")");
    this.addSql("alter table \"statement\" add constraint \"statement_consultation_id_foreign\" foreign key (\"consultation_id\") references \"consultation\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"statement_vote\" add constraint \"statement_vote_statement_id_foreign\" foreign key (\"statement_id\") references \"statement\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"statement_vote_event\" add constraint \"statement_vote_event_statement_id_foreign\" foreign key (\"statement_id\") references \"statement\" (\"id\") on update cascade on delete cascade");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"statement\" drop constraint \"statement_consultation_id_foreign\"");
    this.addSql("alter table \"statement_vote\" drop constraint \"statement_vote_statement_id_foreign\"");
    this.addSql("alter table \"statement_vote_event\" drop constraint \"statement_vote_event_statement_id_foreign\"");
    this.addSql("drop table if exists \"consultation\" cascade");
    this.addSql("drop table if exists \"statement\" cascade");
    this.addSql("drop table if exists \"statement_vote\" cascade");
    this.addSql("drop table if exists \"statement_vote_event\" cascade");
  }
}
