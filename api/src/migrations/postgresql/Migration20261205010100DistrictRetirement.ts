import { Migration } from '@mikro-orm/migrations';

/** Adds the time a district was retired by a boundary import that no longer contains it. */
export class Migration20261205010100DistrictRetirement extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "district" add column "retired_at" timestamptz null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "district" drop column "retired_at"');
  }
}
