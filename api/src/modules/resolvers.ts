import { ApiKeyResolver } from './access/api-key.resolver';
import { AccountResolver } from './accounts/account.resolver';
import { BudgetLifecycleResolver } from './budget/budget-lifecycle.resolver';
import { BudgetLimitsResolver } from './budget/budget-limits.resolver';
import { BudgetVerificationResolver } from './budget/budget-verification.resolver';
import { BudgetResolver } from './budget/budget.resolver';
import { BudgetProjectDetailsResolver, ImplementationResolver } from './budget/implementation.resolver';
import { ProposalResolver } from './budget/proposal.resolver';
import { caseResolvers } from './cases/case.module';
import { CatalogueResolver } from './catalogue/catalogue.resolver';
import { ConsultationPhaseResolver } from './consultations/consultation-phase.resolver';
import { ConsultationResolver } from './consultations/consultation.resolver';
import { OpinionGroupsResolver } from './consultations/opinion-groups.resolver';
import { QuestionnaireResolver } from './consultations/questionnaire.resolver';
import { ReferendumResolver } from './referenda/referendum.resolver';
import { WebhookResolver } from './webhooks/webhook.resolver';
import { CaseContactResolver } from './email/case-contact.resolver';
import { DuplicateResolver } from './duplicates/duplicate.resolver';
import { KbArticleResolver } from './knowledge/kb-article.resolver';

import { PrivacyResolver } from './privacy/privacy.resolver';

/** Every module's GraphQL resolvers. */
export const resolvers: Function[] = [
  ...caseResolvers,
  AccountResolver,
  ApiKeyResolver,
  BudgetLifecycleResolver,
  BudgetLimitsResolver,
  BudgetVerificationResolver,
  BudgetResolver,
  BudgetProjectDetailsResolver,
  ImplementationResolver,
  ProposalResolver,
  CatalogueResolver,
  ConsultationPhaseResolver,
  ConsultationResolver,
  OpinionGroupsResolver,
  QuestionnaireResolver,
  ReferendumResolver,
  WebhookResolver,
  DuplicateResolver,
  KbArticleResolver,
  PrivacyResolver,
  CaseContactResolver,
];
