import { caseResolvers } from './cases/case.module';

/** Every module's GraphQL resolvers. */
export const resolvers: Function[] = [...caseResolvers];
