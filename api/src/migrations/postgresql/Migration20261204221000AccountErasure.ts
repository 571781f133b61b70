import { Migration } from '@mikro-orm/migrations';

export class Migration20261204221000AccountErasure extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"account\" add column \"resident_id_hash\" varchar(64) null, add column \"erased_at\" timestamptz null");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"account\" drop column \"resident_id_hash\", drop column \"erased_at\"");
  }
}
