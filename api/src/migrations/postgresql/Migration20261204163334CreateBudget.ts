import { Migration } from '@mikro-orm/migrations';

export class Migration20261204163334CreateBudget extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"budget_edition\" (\"id\" uuid not null, \"name\" varchar(255) not null, \"country\" varchar(100) null, \"unit\" varchar(255) null, \"subunit\" varchar(255) null, \"description\" text null, \"currency\" varchar(10) not null, \"budget\" bigint not null, \"vote_type\" varchar(20) not null, \"rule\" varchar(30) not null, \"source_rule\" varchar(100) null, \"min_project_score\" int null, \"min_length\" int null, \"max_length\" int null, \"max_sum_cost\" bigint null, \"min_sum_points\" int null, \"max_sum_points\" int null, \"max_points_per_project\" int null, \"points_by_position\" jsonb null, \"meta\" jsonb not null, \"ballot_count\" int not null default 0, \"created_at\" timestamptz not null, \"tally_updated_at\" timestamptz not null, constraint \"budget_edition_pkey\" primary key (\"id\"))");
    this.addSql("create table \"ballot\" (\"id\" uuid not null, \"edition_id\" uuid not null, \"voter_hash\" varchar(64) not null, \"channel\" varchar(10) not null, \"created_at\" timestamptz not null, constraint \"ballot_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"ballot\" add constraint \"ballot_edition_id_voter_hash_unique\" unique (\"edition_id\", \"voter_hash\")");
    this.addSql("create table \"budget_project\" (\"id\" uuid not null, \"edition_id\" uuid not null, \"code\" varchar(100) not null, \"name\" text not null, \"cost\" bigint not null, \"category\" text null, \"latitude\" double precision null, \"longitude\" double precision null, \"published_selected\" boolean null, \"position\" int not null, \"votes\" int not null default 0, \"score\" int not null default 0, constraint \"budget_project_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"budget_project\" add constraint \"budget_project_edition_id_code_unique\" unique (\"edition_id\", \"code\")");
    this.addSql("create table \"ballot_item\" (\"ballot_id\" uuid not null, \"project_id\" uuid not null, \"points\" int not null, \"position\" int not null, constraint \"ballot_item_pkey\" primary key (\"ballot_id\", \"project_id\"))");
    this.addSql("alter table \"ballot\" add constraint \"ballot_edition_id_foreign\" foreign key (\"edition_id\") references \"budget_edition\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"budget_project\" add constraint \"budget_project_edition_id_foreign\" foreign key (\"edition_id\") references \"budget_edition\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"ballot_item\" add constraint \"ballot_item_ballot_id_foreign\" foreign key (\"ballot_id\") references \"ballot\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"ballot_item\" add constraint \"ballot_item_project_id_foreign\" foreign key (\"project_id\") references \"budget_project\" (\"id\") on update cascade on delete cascade");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"ballot\" drop constraint \"ballot_edition_id_foreign\"");
    this.addSql("alter table \"budget_project\" drop constraint \"budget_project_edition_id_foreign\"");
    this.addSql("alter table \"ballot_item\" drop constraint \"ballot_item_ballot_id_foreign\"");
    this.addSql("alter table \"ballot_item\" drop constraint \"ballot_item_project_id_foreign\"");
    this.addSql("drop table if exists \"budget_edition\" cascade");
    this.addSql("drop table if exists \"ballot\" cascade");
    this.addSql("drop table if exists \"budget_project\" cascade");
    this.addSql("drop table if exists \"ballot_item\" cascade");
  }
}
