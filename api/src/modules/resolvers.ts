import { AccountResolver } from './accounts/account.resolver';
import { BudgetResolver } from './budget/budget.resolver';
import { caseResolvers } from './cases/case.module';
import { ConsultationPhaseResolver } from './consultations/consultation-phase.resolver';
import { ConsultationResolver } from './consultations/consultation.resolver';
import { QuestionnaireResolver } from './consultations/questionnaire.resolver';

/** Every module's GraphQL resolvers. */
export const resolvers: Function[] = [
  ...caseResolvers,
  AccountResolver,
  BudgetResolver,
  ConsultationPhaseResolver,
  ConsultationResolver,
  QuestionnaireResolver,
];
