import { Migration } from '@mikro-orm/migrations';

export class Migration20261204200124CaseEmail extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"case_contact\" (\"id\" uuid not null, \"service_case_id\" uuid not null, \"address_hash\" varchar(64) not null, \"address\" varchar(320) not null, \"created_at\" timestamptz not null, constraint \"case_contact_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"case_contact\" add constraint \"case_contact_service_case_id_address_hash_unique\" unique (\"service_case_id\", \"address_hash\")");
    this.addSql("create table \"email_outbox_message\" (\"id\" uuid not null, \"contact_id\" uuid not null, \"subject\" varchar(300) not null, \"text\" text not null, \"attempts\" int not null default 0, \"next_attempt_at\" timestamptz not null, \"locked_until\" timestamptz null, \"sent_at\" timestamptz null, \"failed_at\" timestamptz null, \"last_error\" varchar(500) null, \"created_at\" timestamptz not null, constraint \"email_outbox_message_pkey\" primary key (\"id\"))");
    this.addSql("create index \"email_outbox_message_sent_at_failed_at_next_attempt_at_index\" on \"email_outbox_message\" (\"sent_at\", \"failed_at\", \"next_attempt_at\")");
    this.addSql("create table \"case_attachment\" (\"id\" uuid not null, \"service_case_id\" uuid not null, \"file_name\" varchar(255) not null, \"content_type\" varchar(255) not null, \"size\" int not null, \"sha256\" varchar(64) not null, \"content\" bytea not null, \"created_at\" timestamptz not null, constraint \"case_attachment_pkey\" primary key (\"id\"))");
    this.addSql("create index \"case_attachment_service_case_id_created_at_index\" on \"case_attachment\" (\"service_case_id\", \"created_at\")");
    this.addSql("alter table \"case_contact\" add constraint \"case_contact_service_case_id_foreign\" foreign key (\"service_case_id\") references \"service_case\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"email_outbox_message\" add constraint \"email_outbox_message_contact_id_foreign\" foreign key (\"contact_id\") references \"case_contact\" (\"id\") on update cascade on delete cascade");
    this.addSql("alter table \"case_attachment\" add constraint \"case_attachment_service_case_id_foreign\" foreign key (\"service_case_id\") references \"service_case\" (\"id\") on update cascade on delete cascade");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"email_outbox_message\" drop constraint \"email_outbox_message_contact_id_foreign\"");
    this.addSql("drop table if exists \"case_contact\" cascade");
    this.addSql("drop table if exists \"email_outbox_message\" cascade");
    this.addSql("drop table if exists \"case_attachment\" cascade");
  }
}
