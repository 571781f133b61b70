import { Migration } from '@mikro-orm/migrations';

export class Migration20261204221500ConsultationLanguage extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"consultation\" add column \"language\" varchar(8) not null default 'pl'");
  }

  override async down(): Promise<void> {
    this.addSql('alter table "consultation" drop column "language"');
  }
}
