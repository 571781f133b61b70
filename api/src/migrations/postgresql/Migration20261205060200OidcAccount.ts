import { Migration } from '@mikro-orm/migrations';

/** Adds the OIDC users who have signed in, so cases can be assigned to them by id. */
export class Migration20261205060200OidcAccount extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "oidc_account" ("id" varchar(48) not null, "roles" jsonb not null, "department_id" text null, "token_issued_at" timestamptz null, "first_seen_at" timestamptz not null, "updated_at" timestamptz not null, constraint "oidc_account_pkey" primary key ("id"))',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "oidc_account"');
  }
}
