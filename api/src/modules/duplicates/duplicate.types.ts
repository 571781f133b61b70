import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import { CaseNode } from '../cases/case.types';

@InputType({ description: 'A report being filed, to compare with open cases nearby.' })
export class DuplicateQueryInput {
  @Field(() => ID, { description: 'Category chosen for the report.' })
  categoryId!: string;

  @Field(() => Float, { description: 'Latitude of the report in degrees, from -90 to 90.' })
  latitude!: number;

  @Field(() => Float, { description: 'Longitude of the report in degrees, from -180 to 180.' })
  longitude!: number;

  @Field(() => String, {
    nullable: true,
    description:
      "Description typed so far, at most 5,000 characters. It is compared only with descriptions the caller may read: the caller's own cases and, for agents and department managers, cases in their department's queue.",
  })
  description?: string | null;
}

@ObjectType({ description: 'An open case that may report the same problem, with public fields only.' })
export class DuplicateSuggestionNode {
  @Field(() => CaseNode, { description: 'The open case, without its description.' })
  case!: CaseNode;

  @Field(() => Int, {
    description:
      "Distance from the report in metres. Exact to 1 m for the caller's own cases and, for agents and department managers, cases in their department's queue. For every other case, the distance to its public rounded coordinates, rounded to 10 m.",
  })
  distanceMeters!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Similarity of the descriptions from 0 to 1 (Levenshtein-based), 0 when either is missing. Null for a case whose distanceMeters is public, because the caller may not read its description.',
  })
  textSimilarity!: number | null;

  @Field(() => Float, {
    description:
      'Ranking score from 0 to 1: 0.7 times textSimilarity plus 0.3 times closeness (1 minus distanceMeters divided by the radius). A null textSimilarity counts as 0.',
  })
  score!: number;
}

@ObjectType({ description: 'A page of duplicate suggestions, best first.' })
export class DuplicateSuggestionConnection extends ConnectionType(
  DuplicateSuggestionNode,
  'DuplicateSuggestion',
) {}

@InputType({ description: 'A duplicate case and the master case it is merged into.' })
export class MergeCasesInput {
  @Field(() => ID, { description: 'Case that stays open and collects the reports.' })
  masterId!: string;

  @Field(() => ID, { description: 'Open case to close as DUPLICATE of the master.' })
  duplicateId!: string;
}

@InputType({ description: 'A case the signed-in resident also reports.' })
export class SupportCaseInput {
  @Field(() => ID, { description: 'Open case to support.' })
  caseId!: string;
}

@ObjectType({ description: 'Result of mergeCases or supportCase.' })
export class DuplicateCasePayload {
  @Field(() => CaseNode, {
    nullable: true,
    description: 'The master case after a merge, or the supported case; null when errors is not empty.',
  })
  case!: CaseNode | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}
