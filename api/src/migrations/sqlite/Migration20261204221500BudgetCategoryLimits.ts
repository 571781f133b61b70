import { Migration } from '@mikro-orm/migrations';

export class Migration20261204221500BudgetCategoryLimits extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table `budget_edition` add column `category_limits` json null");
  }

  override async down(): Promise<void> {
    this.addSql("alter table `budget_edition` drop column `category_limits`");
  }
}
