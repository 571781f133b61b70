import { Migration } from '@mikro-orm/migrations';

export class Migration20261204221000AccountErasure extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table `account` add column `resident_id_hash` text null");
    this.addSql("alter table `account` add column `erased_at` datetime null");
  }

  override async down(): Promise<void> {
    this.addSql("alter table `account` drop column `erased_at`");
    this.addSql("alter table `account` drop column `resident_id_hash`");
  }
}
