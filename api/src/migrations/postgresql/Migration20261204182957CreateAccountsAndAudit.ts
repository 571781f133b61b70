import { Migration } from '@mikro-orm/migrations';

export class Migration20261204182957CreateAccountsAndAudit extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"account\" (\"id\" uuid not null, \"login_hash\" varchar(64) not null, \"password_hash\" varchar(255) not null, \"roles\" jsonb not null, \"verification_level\" varchar(20) null, \"department_id\" varchar(64) null, \"created_at\" timestamptz not null, \"disabled_at\" timestamptz null, constraint \"account_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"account\" add constraint \"account_login_hash_unique\" unique (\"login_hash\")");
    this.addSql("create table \"account_session\" (\"id\" uuid not null, \"account_id\" uuid not null, \"token_hash\" varchar(64) not null, \"created_at\" timestamptz not null, \"expires_at\" timestamptz not null, \"revoked_at\" timestamptz null, constraint \"account_session_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"account_session\" add constraint \"account_session_token_hash_unique\" unique (\"token_hash\")");
    this.addSql("create table \"audit_chain_head\" (\"id\" int not null, \"position\" int not null, \"hash\" varchar(64) not null, constraint \"audit_chain_head_pkey\" primary key (\"id\"))");
    this.addSql("create table \"audit_event\" (\"id\" uuid not null, \"position\" int not null, \"occurred_at\" timestamptz(3) not null, \"action\" varchar(80) not null, \"actor_id\" varchar(80) null, \"subject_type\" varchar(40) not null, \"subject_id\" varchar(80) not null, \"details\" jsonb not null, \"previous_hash\" varchar(64) not null, \"hash\" varchar(64) not null, constraint \"audit_event_pkey\" primary key (\"id\"))");
    this.addSql("create index \"audit_event_action_index\" on \"audit_event\" (\"action\")");
    this.addSql("alter table \"audit_event\" add constraint \"audit_event_position_unique\" unique (\"position\")");
    // The audit chain starts empty: position 0 and the all-zero genesis hash.
    this.addSql("insert into audit_chain_head (id, position, hash) values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')");
    this.addSql("alter table \"account_session\" add constraint \"account_session_account_id_foreign\" foreign key (\"account_id\") references \"account\" (\"id\") on update cascade on delete cascade");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"account_session\" drop constraint \"account_session_account_id_foreign\"");
    this.addSql("drop table if exists \"account\" cascade");
    this.addSql("drop table if exists \"account_session\" cascade");
    this.addSql("drop table if exists \"audit_chain_head\" cascade");
    this.addSql("drop table if exists \"audit_event\" cascade");
  }
}
