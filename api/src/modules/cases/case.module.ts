import { districtBoundariesImporter } from './district-boundaries.importer';
import { la311Importer } from './la311.importer';
import { nyc311Importer } from './nyc311.importer';
import { open311Importer } from './open311.importer';
import { sf311Importer } from './sf311.importer';
import { CaseResolver } from './case.resolver';
import { CaseLifecycleResolver } from './case-lifecycle.resolver';
import { CaseStatsResolver } from './case-stats.resolver';
import { CaseReferenceResolver } from './reference.resolver';
import {
  CategoryServiceLevelResolver,
  DistrictRetirementResolver,
  JurisdictionCalendarResolver,
  RoutingResolver,
} from './routing.resolver';
import { CaseNumberSequence } from './case-number-sequence.entity';
import { ServiceCase } from './case.entity';
import { CaseTimelineEntry } from './case-timeline-entry.entity';
import { Category } from './category.entity';
import { Department } from './department.entity';
import { District } from './district.entity';
import { Jurisdiction } from './jurisdiction.entity';
import { JurisdictionScoped } from './jurisdiction-scoped.entity';
import { RoutingRule } from './routing-rule.entity';

/** Entities of the cases module, in dependency order. */
export const caseEntities = [
  JurisdictionScoped,
  Jurisdiction,
  Department,
  Category,
  District,
  RoutingRule,
  ServiceCase,
  CaseNumberSequence,
  CaseTimelineEntry,
];

/** GraphQL resolvers of the cases module. */
export const caseResolvers = [
  CaseResolver,
  CaseReferenceResolver,
  CaseStatsResolver,
  CaseLifecycleResolver,
  RoutingResolver,
  CategoryServiceLevelResolver,
  DistrictRetirementResolver,
  JurisdictionCalendarResolver,
];

/** Importers of 311 extracts, one per format, and of district boundaries. */
export const caseImporters = [
  nyc311Importer,
  la311Importer,
  sf311Importer,
  open311Importer,
  districtBoundariesImporter,
];
