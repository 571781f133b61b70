import { Migration } from '@mikro-orm/migrations';

export class Migration20261204182955AddBudgetTieBreak extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table \"budget_edition\" add column \"tie_break\" varchar(30) not null default 'lower-cost-first'");
  }

  override async down(): Promise<void> {
    this.addSql("alter table \"budget_edition\" drop column \"tie_break\"");
  }
}
