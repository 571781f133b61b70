import { CaseResolver } from './case.resolver';
import { CaseStatsResolver } from './case-stats.resolver';
import { CaseReferenceResolver } from './reference.resolver';
import { CaseNumberSequence } from './case-number-sequence.entity';
import { ServiceCase } from './case.entity';
import { Category } from './category.entity';
import { District } from './district.entity';
import { Jurisdiction } from './jurisdiction.entity';
import { JurisdictionScoped } from './jurisdiction-scoped.entity';

/** Entities of the cases module, in dependency order. */
export const caseEntities = [JurisdictionScoped, Jurisdiction, Category, District, ServiceCase, CaseNumberSequence];

/** GraphQL resolvers of the cases module. */
export const caseResolvers = [CaseResolver, CaseReferenceResolver, CaseStatsResolver];
