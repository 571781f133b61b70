import { Migration } from '@mikro-orm/migrations';

/** Adds the minimum verification level that budget editions, referenda and consultations require. */
export class Migration20261204223700RequiredVerification extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "budget_edition" add column "required_verification" varchar(20) null');
    this.addSql('alter table "referendum" add column "required_verification" varchar(20) null');
    this.addSql('alter table "consultation" add column "required_verification" varchar(20) null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "budget_edition" drop column "required_verification"');
    this.addSql('alter table "referendum" drop column "required_verification"');
    this.addSql('alter table "consultation" drop column "required_verification"');
  }
}
