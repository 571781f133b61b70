import { BudgetResolver } from './budget/budget.resolver';
import { caseResolvers } from './cases/case.module';
import { ConsultationResolver } from './consultations/consultation.resolver';
import { OpinionGroupsResolver } from './consultations/opinion-groups.resolver';
import { ReferendumResolver } from './referenda/referendum.resolver';

/** Every module's GraphQL resolvers. */
export const resolvers: Function[] = [
  ...caseResolvers,
  BudgetResolver,
  ConsultationResolver,
  OpinionGroupsResolver,
  ReferendumResolver,
];
