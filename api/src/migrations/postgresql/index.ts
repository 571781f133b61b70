import type { MigrationList } from '../../platform/database';
import { Migration20261204160723CreateImportRun } from './Migration20261204160723CreateImportRun';
import { Migration20261204162257CreateConsultations } from './Migration20261204162257CreateConsultations';
import { Migration20261204163334CreateBudget } from './Migration20261204163334CreateBudget';
import { Migration20261204163400CreateCases } from './Migration20261204163400CreateCases';
import { Migration20261204182607BudgetPhasesAndAnonymousBallots } from './Migration20261204182607BudgetPhasesAndAnonymousBallots';
import { Migration20261204182814ConsultationPhasesAndQuestionnaires } from './Migration20261204182814ConsultationPhasesAndQuestionnaires';
import { Migration20261204182925CreateOpen311 } from './Migration20261204182925CreateOpen311';
import { Migration20261204182955AddBudgetTieBreak } from './Migration20261204182955AddBudgetTieBreak';
import { Migration20261204182957CreateAccountsAndAudit } from './Migration20261204182957CreateAccountsAndAudit';
import { Migration20261204183111AddCaseLifecycle } from './Migration20261204183111AddCaseLifecycle';
import { Migration20261204183304Referenda } from './Migration20261204183304Referenda';
import { Migration20261204183617BudgetProposalsAndImplementation } from './Migration20261204183617BudgetProposalsAndImplementation';
import { Migration20261204200046CaseSupportAndMerge } from './Migration20261204200046CaseSupportAndMerge';
import { Migration20261204200124CaseEmail } from './Migration20261204200124CaseEmail';
import { Migration20261204200134Webhooks } from './Migration20261204200134Webhooks';
import { Migration20261204200726KnowledgeBase } from './Migration20261204200726KnowledgeBase';
import { Migration20261204221000AccountErasure } from './Migration20261204221000AccountErasure';
import { Migration20261204221500BudgetCategoryLimits } from './Migration20261204221500BudgetCategoryLimits';
import { Migration20261204221500ConsultationLanguage } from './Migration20261204221500ConsultationLanguage';
import { Migration20261204221500ReferenceVersion } from './Migration20261204221500ReferenceVersion';
import { Migration20261204223700RequiredVerification } from './Migration20261204223700RequiredVerification';

/** Migrations for postgresql, oldest first. Generated with `npm run -w @ratusz/api migration:create`. */
export const postgresqlMigrations: MigrationList = [
  { name: 'Migration20261204160723CreateImportRun', class: Migration20261204160723CreateImportRun },
  { name: 'Migration20261204162257CreateConsultations', class: Migration20261204162257CreateConsultations },
  { name: 'Migration20261204163334CreateBudget', class: Migration20261204163334CreateBudget },
  { name: 'Migration20261204163400CreateCases', class: Migration20261204163400CreateCases },
  { name: 'Migration20261204182607BudgetPhasesAndAnonymousBallots', class: Migration20261204182607BudgetPhasesAndAnonymousBallots },
  { name: 'Migration20261204182814ConsultationPhasesAndQuestionnaires', class: Migration20261204182814ConsultationPhasesAndQuestionnaires },
  { name: 'Migration20261204182925CreateOpen311', class: Migration20261204182925CreateOpen311 },
  { name: 'Migration20261204182955AddBudgetTieBreak', class: Migration20261204182955AddBudgetTieBreak },
  { name: 'Migration20261204182957CreateAccountsAndAudit', class: Migration20261204182957CreateAccountsAndAudit },
  { name: 'Migration20261204183111AddCaseLifecycle', class: Migration20261204183111AddCaseLifecycle },
  { name: 'Migration20261204183304Referenda', class: Migration20261204183304Referenda },
  { name: 'Migration20261204183617BudgetProposalsAndImplementation', class: Migration20261204183617BudgetProposalsAndImplementation },
  { name: 'Migration20261204200046CaseSupportAndMerge', class: Migration20261204200046CaseSupportAndMerge },
  { name: 'Migration20261204200124CaseEmail', class: Migration20261204200124CaseEmail },
  { name: 'Migration20261204200134Webhooks', class: Migration20261204200134Webhooks },
  { name: 'Migration20261204200726KnowledgeBase', class: Migration20261204200726KnowledgeBase },
  { name: 'Migration20261204221000AccountErasure', class: Migration20261204221000AccountErasure },
  { name: 'Migration20261204221500BudgetCategoryLimits', class: Migration20261204221500BudgetCategoryLimits },
  { name: 'Migration20261204221500ConsultationLanguage', class: Migration20261204221500ConsultationLanguage },
  { name: 'Migration20261204221500ReferenceVersion', class: Migration20261204221500ReferenceVersion },
  { name: 'Migration20261204223700RequiredVerification', class: Migration20261204223700RequiredVerification },
];
