import { Migration } from '@mikro-orm/migrations';

export class Migration20261204200046CaseSupportAndMerge extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `case_support` (`id` text not null, `service_case_id` text not null, `resident_hash` text not null, `created_at` datetime not null, constraint `case_support_service_case_id_foreign` foreign key(`service_case_id`) references `service_case`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `case_support_service_case_id_index` on `case_support` (`service_case_id`)");
    this.addSql("create index `case_support_resident_hash_index` on `case_support` (`resident_hash`)");
    this.addSql("create unique index `case_support_service_case_id_resident_hash_unique` on `case_support` (`service_case_id`, `resident_hash`)");
    this.addSql("alter table `service_case` add column `duplicate_of_id` text null constraint `service_case_duplicate_of_id_foreign` references `service_case` (`id`) on update cascade on delete set null");
    this.addSql("create index `service_case_duplicate_of_id_index` on `service_case` (`duplicate_of_id`)");
  }

  override async down(): Promise<void> {

  }
}
