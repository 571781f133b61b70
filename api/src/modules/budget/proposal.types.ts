import { SafeIntResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import { ReviewOutcomeEnum, type ReviewOutcome } from './proposal.enums';
import { BudgetProposal } from './proposal.entity';

@InputType({ description: 'A project a resident submits to a budget edition.' })
export class SubmitBudgetProposalInput {
  @Field(() => ID, { description: 'Edition the project is for.' })
  editionId!: string;

  @Field(() => String, {
    description: 'Identifier of the author; stored only as a keyed hash and never published.',
  })
  residentId!: string;

  @Field(() => String, { description: 'Title, one line of up to 200 characters.' })
  title!: string;

  @Field(() => String, { description: 'Description of up to 10,000 characters.' })
  description!: string;

  @Field(() => SafeIntResolver, {
    description: 'Cost estimate in minor units: above zero and at most the edition budget.',
  })
  estimatedCost!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Latitude of the site (WGS84, -90 to 90); give both coordinates or neither.',
  })
  latitude?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Longitude of the site (WGS84, -180 to 180); give both coordinates or neither.',
  })
  longitude?: number | null;

  @Field(() => String, { description: 'Category, up to 100 characters.' })
  category!: string;

  @Field(() => String, {
    nullable: true,
    description: 'District the project serves, up to 100 characters; omit for the whole city.',
  })
  district?: string | null;
}

@InputType({ description: "A department's review of a submitted proposal." })
export class ReviewBudgetProposalInput {
  @Field(() => ID, { description: 'Proposal to review.' })
  proposalId!: string;

  @Field(() => String, { description: 'Department that reviews, up to 200 characters.' })
  department!: string;

  @Field(() => ReviewOutcomeEnum, { description: 'Outcome of the review.' })
  outcome!: ReviewOutcome;

  @Field(() => String, {
    nullable: true,
    description: 'Reason, published with the decision; required to reject. Up to 5,000 characters.',
  })
  reason?: string | null;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description:
      'Reviewed cost in minor units; required for CHANGE_COST, optional for ACCEPT. The estimate is kept.',
  })
  reviewedCost?: number | null;
}

@InputType({ description: "The author's appeal against a rejection." })
export class AppealBudgetProposalInput {
  @Field(() => ID, { description: 'Rejected proposal.' })
  proposalId!: string;

  @Field(() => String, { description: 'Identifier the author submitted the proposal with.' })
  residentId!: string;

  @Field(() => String, {
    description: 'Grounds of the appeal, up to 10,000 characters; stored but not published.',
  })
  text!: string;
}

@InputType({ description: 'Decision on an appealed proposal.' })
export class DecideBudgetProposalAppealInput {
  @Field(() => ID, { description: 'Appealed proposal.' })
  proposalId!: string;

  @Field(() => String, { description: 'Department that decides, up to 200 characters.' })
  department!: string;

  @Field(() => Boolean, {
    description: 'True accepts the project for the ballot; false dismisses the appeal.',
  })
  upheld!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Reason, published with the decision; required to dismiss.',
  })
  reason?: string | null;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description: 'Reviewed cost in minor units when the appeal is upheld at another cost.',
  })
  reviewedCost?: number | null;
}

@ObjectType({ description: 'Result of a proposal mutation.' })
export class BudgetProposalPayload {
  @Field(() => BudgetProposal, {
    nullable: true,
    description: 'The proposal after the change; null when nothing changed.',
  })
  proposal!: BudgetProposal | null;

  @Field(() => [UserError], { description: 'Reasons nothing changed; empty on success.' })
  errors!: UserError[];
}

export const BudgetProposalConnection = ConnectionType(BudgetProposal, 'BudgetProposal');
