import { la311Importer } from './la311.importer';
import { nyc311Importer } from './nyc311.importer';
import { open311Importer } from './open311.importer';
import { sf311Importer } from './sf311.importer';
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
export const caseEntities = [
  JurisdictionScoped,
  Jurisdiction,
  Category,
  District,
  ServiceCase,
  CaseNumberSequence,
];

/** GraphQL resolvers of the cases module. */
export const caseResolvers = [CaseResolver, CaseReferenceResolver, CaseStatsResolver];

/** Importers of 311 extracts, one per format. */
export const caseImporters = [nyc311Importer, la311Importer, sf311Importer, open311Importer];
