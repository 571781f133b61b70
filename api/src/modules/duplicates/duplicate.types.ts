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
    description: 'Description typed so far, at most 5,000 characters; compared with descriptions of open cases but never returned.',
  })
  description?: string | null;
}

@ObjectType({ description: 'An open case that may report the same problem, with public fields only.' })
export class DuplicateSuggestionNode {
  @Field(() => CaseNode, { description: 'The open case, without its description.' })
  case!: CaseNode;

  @Field(() => Int, { description: 'Distance from the report, in metres, rounded.' })
  distanceMeters!: number;

  @Field(() => Float, {
    description: 'Similarity of the descriptions from 0 to 1 (Levenshtein-based); 0 when either is missing.',
  })
  textSimilarity!: number;

  @Field(() => Float, {
    description: 'Ranking score from 0 to 1: 0.7 times textSimilarity plus 0.3 times closeness within the radius.',
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
