import { Migration } from '@mikro-orm/migrations';

export class Migration20261204200134Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"webhook\" (\"id\" uuid not null, \"name\" varchar(200) not null, \"url\" varchar(2000) not null, \"event_types\" jsonb not null, \"secret\" varchar(100) not null, \"created_at\" timestamptz not null, \"disabled_at\" timestamptz null, constraint \"webhook_pkey\" primary key (\"id\"))");
    this.addSql("create index \"webhook_created_at_index\" on \"webhook\" (\"created_at\")");
    this.addSql("create table \"webhook_delivery\" (\"id\" uuid not null, \"webhook_id\" uuid not null, \"event_type\" varchar(40) not null, \"case_number\" varchar(140) not null, \"body\" text not null, \"status\" varchar(16) not null, \"attempts\" int not null default 0, \"next_attempt_at\" timestamptz not null, \"locked_until\" timestamptz null, \"last_status_code\" int null, \"last_error\" varchar(500) null, \"created_at\" timestamptz not null, \"delivered_at\" timestamptz null, constraint \"webhook_delivery_pkey\" primary key (\"id\"))");
    this.addSql("create index \"webhook_delivery_webhook_id_created_at_index\" on \"webhook_delivery\" (\"webhook_id\", \"created_at\")");
    this.addSql("create index \"webhook_delivery_status_next_attempt_at_index\" on \"webhook_delivery\" (\"status\", \"next_attempt_at\")");
    this.addSql("alter table \"webhook_delivery\" add constraint \"webhook_delivery_webhook_id_foreign\" foreign key (\"webhook_id\") references \"webhook\" (\"id\") on update cascade on delete cascade");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"webhook_delivery\" drop constraint \"webhook_delivery_webhook_id_foreign\"");
    this.addSql("drop table if exists \"webhook\" cascade");
    this.addSql("drop table if exists \"webhook_delivery\" cascade");
  }
}
