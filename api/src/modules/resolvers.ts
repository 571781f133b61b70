import { caseResolvers } from './cases/case.module';
import { ConsultationResolver } from './consultations/consultation.resolver';

/** Every module's GraphQL resolvers. */
export const resolvers: Function[] = [ConsultationResolver, ...caseResolvers];
