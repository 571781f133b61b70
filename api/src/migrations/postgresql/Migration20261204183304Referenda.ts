import { Migration } from '@mikro-orm/migrations';

export class Migration20261204183304Referenda extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"referendum\" (\"id\" uuid not null, \"question\" text not null, \"description\" text null, \"opens_at\" timestamptz not null, \"closes_at\" timestamptz not null, \"quorum_percent\" double precision not null, \"created_at\" timestamptz not null, \"closed_at\" timestamptz null, \"result_json\" text null, \"commitment\" varchar(64) null, constraint \"referendum_pkey\" primary key (\"id\"))");
    this.addSql("create table \"referendum_eligible_voter\" (\"id\" uuid not null, \"referendum_id\" uuid not null, \"voter_hash\" varchar(64) not null, \"district\" varchar(100) not null, constraint \"referendum_eligible_voter_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"referendum_eligible_voter\" add constraint \"referendum_eligible_voter_referendum_id_voter_hash_unique\" unique (\"referendum_id\", \"voter_hash\")");
    this.addSql("create table \"referendum_option\" (\"id\" uuid not null, \"referendum_id\" uuid not null, \"label\" text not null, \"position\" int not null, constraint \"referendum_option_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"referendum_option\" add constraint \"referendum_option_referendum_id_position_unique\" unique (\"referendum_id\", \"position\")");
    this.addSql("create table \"referendum_ballot\" (\"id\" uuid not null, \"referendum_id\" uuid not null, \"option_id\" uuid not null, \"district\" varchar(100) not null, \"channel\" varchar(16) not null, constraint \"referendum_ballot_pkey\" primary key (\"id\"))");
    this.addSql("create index \"referendum_ballot_referendum_id_option_id_index\" on \"referendum_ballot\" (\"referendum_id\", \"option_id\")");
    this.addSql("create table \"referendum_participation\" (\"id\" uuid not null, \"referendum_id\" uuid not null, \"voter_hash\" varchar(64) not null, constraint \"referendum_participation_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"referendum_participation\" add constraint \"referendum_participation_referendum_id_voter_hash_unique\" unique (\"referendum_id\", \"voter_hash\")");
    this.addSql("alter table \"referendum_eligible_voter\" add constraint \"referendum_eligible_voter_referendum_id_foreign\" foreign key (\"referendum_id\") references \"referendum\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"referendum_option\" add constraint \"referendum_option_referendum_id_foreign\" foreign key (\"referendum_id\") references \"referendum\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"referendum_ballot\" add constraint \"referendum_ballot_referendum_id_foreign\" foreign key (\"referendum_id\") references \"referendum\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"referendum_ballot\" add constraint \"referendum_ballot_option_id_foreign\" foreign key (\"option_id\") references \"referendum_option\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"referendum_participation\" add constraint \"referendum_participation_referendum_id_foreign\" foreign key (\"referendum_id\") references \"referendum\" (\"id\") on update cascade on delete cascade");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"referendum_eligible_voter\" drop constraint \"referendum_eligible_voter_referendum_id_foreign\"");
    this.addSql("alter table \"referendum_option\" drop constraint \"referendum_option_referendum_id_foreign\"");
    this.addSql("alter table \"referendum_ballot\" drop constraint \"referendum_ballot_referendum_id_foreign\"");
    this.addSql("alter table \"referendum_participation\" drop constraint \"referendum_participation_referendum_id_foreign\"");
    this.addSql("alter table \"referendum_ballot\" drop constraint \"referendum_ballot_option_id_foreign\"");
    this.addSql("drop table if exists \"referendum\" cascade");
    this.addSql("drop table if exists \"referendum_eligible_voter\" cascade");
    this.addSql("drop table if exists \"referendum_option\" cascade");
    this.addSql("drop table if exists \"referendum_ballot\" cascade");
    this.addSql("drop table if exists \"referendum_participation\" cascade");
  }
}
