import { Migration } from '@mikro-orm/migrations';

/** Adds the account of the signed-in resident who opened a case, indexed for their case list. */
export class Migration20261205010110CaseReporterAccount extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `service_case` add column `reporter_account_id` text null');
    this.addSql(
      'create index `service_case_reporter_account_id_created_at_index` on `service_case` (`reporter_account_id`, `created_at`)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index `service_case_reporter_account_id_created_at_index`');
    this.addSql('alter table `service_case` drop column `reporter_account_id`');
  }
}
