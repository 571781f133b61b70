import { BudgetResolver } from './budget/budget.resolver';
import {
  BudgetProjectDetailsResolver,
  ImplementationResolver,
} from './budget/implementation.resolver';
import { ProposalResolver } from './budget/proposal.resolver';
import { caseResolvers } from './cases/case.module';
import { ConsultationResolver } from './consultations/consultation.resolver';

/** Every module's GraphQL resolvers. */
export const resolvers: Function[] = [
  ...caseResolvers,
  BudgetResolver,
  ProposalResolver,
  BudgetProjectDetailsResolver,
  ImplementationResolver,
  ConsultationResolver,
];
