import { Migration } from '@mikro-orm/migrations';

export class Migration20261204183617BudgetProposalsAndImplementation extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `budget_proposal` (`id` text not null, `edition_id` text not null, `number` integer not null, `submitter_hash` text not null, `title` text not null, `description` text not null, `estimated_cost` bigint not null, `reviewed_cost` bigint null, `latitude` double null, `longitude` double null, `category` text not null, `district` text null, `status` text not null default 'SUBMITTED', `rejection_reason` text null, `appeal_text` text null, `project_id` text null, `submitted_at` datetime not null, `updated_at` datetime not null, constraint `budget_proposal_edition_id_foreign` foreign key(`edition_id`) references `budget_edition`(`id`) on delete cascade on update cascade, constraint `budget_proposal_project_id_foreign` foreign key(`project_id`) references `budget_project`(`id`) on delete set null on update cascade, primary key (`id`))");
    this.addSql("create index `budget_proposal_edition_id_index` on `budget_proposal` (`edition_id`)");
    this.addSql("create index `budget_proposal_status_index` on `budget_proposal` (`status`)");
    this.addSql("create index `budget_proposal_project_id_index` on `budget_proposal` (`project_id`)");
    this.addSql("create unique index `budget_proposal_project_id_unique` on `budget_proposal` (`project_id`)");
    this.addSql("create unique index `budget_proposal_edition_id_number_unique` on `budget_proposal` (`edition_id`, `number`)");
    this.addSql("create table `budget_project_implementation` (`id` text not null, `project_id` text not null, `status` text not null default 'NOT_STARTED', `abandoned_reason` text null, `progress_percent` integer not null default 0, `spent_to_date` bigint not null default 0, `updated_at` datetime not null, constraint `budget_project_implementation_project_id_foreign` foreign key(`project_id`) references `budget_project`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `budget_project_implementation_project_id_index` on `budget_project_implementation` (`project_id`)");
    this.addSql("create unique index `budget_project_implementation_project_id_unique` on `budget_project_implementation` (`project_id`)");
    this.addSql("create table `budget_project_milestone` (`id` text not null, `project_id` text not null, `title` text not null, `planned_on` text not null, `completed_on` text null, `photo_urls` json not null, `created_at` datetime not null, constraint `budget_project_milestone_project_id_foreign` foreign key(`project_id`) references `budget_project`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `budget_project_milestone_project_id_index` on `budget_project_milestone` (`project_id`)");
    this.addSql("create index `budget_project_milestone_project_id_planned_on_index` on `budget_project_milestone` (`project_id`, `planned_on`)");
    this.addSql("create table `budget_proposal_decision` (`id` text not null, `proposal_id` text not null, `kind` text not null, `department` text null, `reason` text null, `cost` bigint null, `decided_at` datetime not null, `sequence` integer not null, constraint `budget_proposal_decision_proposal_id_foreign` foreign key(`proposal_id`) references `budget_proposal`(`id`) on delete cascade on update cascade, primary key (`id`))");
    this.addSql("create index `budget_proposal_decision_proposal_id_index` on `budget_proposal_decision` (`proposal_id`)");
    this.addSql("create index `budget_proposal_decision_proposal_id_sequence_index` on `budget_proposal_decision` (`proposal_id`, `sequence`)");
  }

  override async down(): Promise<void> {

  }
}
