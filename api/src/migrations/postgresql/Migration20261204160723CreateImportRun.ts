import { Migration } from '@mikro-orm/migrations';

export class Migration20261204160723CreateImportRun extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table \"import_run\" (\"id\" uuid not null, \"kind\" varchar(40) not null, \"file_name\" varchar(255) not null, \"sha256\" varchar(64) not null, \"rows_imported\" int not null, \"rows_rejected\" int not null, \"target_id\" varchar(64) null, \"imported_at\" timestamptz not null, constraint \"import_run_pkey\" primary key (\"id\"))");
    this.addSql("alter table \"import_run\" add constraint \"import_run_kind_sha256_unique\" unique (\"kind\", \"sha256\")");
  }

  override async down(): Promise<void> {
    this.addSql("drop table if exists \"import_run\" cascade");
  }
}
