import { BudgetResolver } from './budget/budget.resolver';
import { caseResolvers } from './cases/case.module';
import { ConsultationResolver } from './consultations/consultation.resolver';
import { ApiKeyResolver } from './access/api-key.resolver';
import { CatalogueResolver } from './catalogue/catalogue.resolver';

/** Every module's GraphQL resolvers. */
export const resolvers: Function[] = [...caseResolvers, BudgetResolver, ConsultationResolver, ApiKeyResolver, CatalogueResolver];
