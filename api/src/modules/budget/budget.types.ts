import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { BudgetRuleName, TallySnapshot } from '@ratusz/shared';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import { BudgetRuleEnum } from './budget.enums';
import { BudgetEdition } from './budget-edition.entity';
import { BudgetProject } from './budget-project.entity';

@ObjectType({ description: 'Votes, score and outcome of one project in a tally.' })
export class ProjectTally {
  @Field(() => ID, { description: 'Identifier of the project.' })
  projectId!: string;

  @Field(() => String, { description: 'Project number as the city published it.' })
  code!: string;

  @Field(() => String, { description: 'Title of the project.' })
  name!: string;

  @Field(() => SafeIntResolver, { description: 'Cost in minor units.' })
  cost!: number;

  @Field(() => Int, { description: 'Ballots naming the project.' })
  votes!: number;

  @Field(() => Int, {
    description: 'Sum of points; equals votes on approval and choose-one ballots.',
  })
  score!: number;

  @Field(() => Boolean, {
    description: "Whether the edition's rule funds the project on this tally.",
  })
  selected!: boolean;

  @Field(() => Int, {
    description:
      'Position in the rule order: support descending, then lower cost, then source order.',
  })
  rank!: number;
}

@ObjectType({ description: 'Current count of a budget edition and the projects its rule funds.' })
export class Tally {
  @Field(() => ID, { description: 'Identifier of the edition.' })
  editionId!: string;

  @Field(() => BudgetRuleEnum, { description: 'Rule that selected the projects.' })
  rule!: BudgetRuleName;

  @Field(() => String, { description: 'ISO 4217 currency code of every amount.' })
  currency!: string;

  @Field(() => SafeIntResolver, { description: 'Money to distribute, in minor units.' })
  budget!: number;

  @Field(() => SafeIntResolver, {
    description: 'Total cost of the selected projects, in minor units.',
  })
  spent!: number;

  @Field(() => Int, { description: 'Ballots counted.' })
  ballotCount!: number;

  @Field(() => [ProjectTally], { description: 'Every project, in rank order.' })
  projects!: ProjectTally[];

  @Field(() => Date, { description: 'Time of the last counted ballot.' })
  updatedAt!: Date;
}

/** Converts the plain-JSON tally (as published) to the GraphQL object. */
export function toTally(snapshot: TallySnapshot): Tally {
  return { ...snapshot, updatedAt: new Date(snapshot.updatedAt) };
}

@ObjectType({ description: 'Result of castBallot.' })
export class CastBallotPayload {
  @Field(() => ID, {
    nullable: true,
    description: 'Identifier of the stored ballot; null when not counted.',
  })
  ballotId!: string | null;

  @Field(() => Tally, {
    nullable: true,
    description: 'Tally including this ballot; null when not counted or under embargo.',
  })
  tally!: Tally | null;

  @Field(() => [UserError], {
    description: 'Reasons the ballot was not counted; empty on success.',
  })
  errors!: UserError[];
}

export const BudgetEditionConnection = ConnectionType(BudgetEdition, 'BudgetEdition');
export const BudgetProjectConnection = ConnectionType(BudgetProject, 'BudgetProject');
