import { Migration } from '@mikro-orm/migrations';

export class Migration20261204160723CreateImportRun extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `import_run` (`id` text not null, `kind` text not null, `file_name` text not null, `sha256` text not null, `rows_imported` integer not null, `rows_rejected` integer not null, `target_id` text null, `imported_at` datetime not null, primary key (`id`))");
    this.addSql("create unique index `import_run_kind_sha256_unique` on `import_run` (`kind`, `sha256`)");
  }

  override async down(): Promise<void> {

  }
}
