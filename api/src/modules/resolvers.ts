import { BudgetLifecycleResolver } from './budget/budget-lifecycle.resolver';
import { BudgetResolver } from './budget/budget.resolver';
import { caseResolvers } from './cases/case.module';
import { ConsultationResolver } from './consultations/consultation.resolver';

/** Every module's GraphQL resolvers. */
export const resolvers: Function[] = [...caseResolvers, BudgetResolver, BudgetLifecycleResolver, ConsultationResolver];
