import { Migration } from '@mikro-orm/migrations';

/** Adds the OIDC users who have signed in, so cases can be assigned to them by id. */
export class Migration20261205060200OidcAccount extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `oidc_account` (`id` text not null, `roles` json not null, `department_id` text null, `token_issued_at` datetime null, `first_seen_at` datetime not null, `updated_at` datetime not null, primary key (`id`))',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `oidc_account`');
  }
}
