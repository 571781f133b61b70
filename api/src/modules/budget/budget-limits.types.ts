import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../platform/graphql/user-error';
import { BudgetEdition } from './budget-edition.entity';

@ObjectType({
  description:
    'Cap on the projects a rule may fund in one category. A project whose category field lists several categories, separated by commas, counts against each of them.',
})
export class BudgetCategoryLimit {
  @Field(() => String, { description: "Category name, as in the projects' category field." })
  category!: string;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description:
      'Largest total cost of the funded projects of the category, in minor units; null for no cap.',
  })
  maxCost!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Largest number of funded projects of the category; null for no cap.',
  })
  maxProjects!: number | null;
}

@InputType({ description: 'Cap on the projects a rule may fund in one category.' })
export class BudgetCategoryLimitInput {
  @Field(() => String, { description: 'Category name, without commas.' })
  category!: string;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description:
      'Largest total cost of the funded projects of the category, in minor units; null for no cap.',
  })
  maxCost?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Largest number of funded projects of the category; null for no cap.',
  })
  maxProjects?: number | null;
}

@InputType({
  description: 'Minimum support and category limits of an edition, replacing the current ones.',
})
export class SetBudgetCountingLimitsInput {
  @Field(() => ID, { description: 'Edition to change.' })
  editionId!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'Minimum support a project needs to be funded under every rule: votes on approval and choose-one ballots, points on cumulative and ordinal ones. Null removes the minimum.',
  })
  minProjectScore?: number | null;

  @Field(() => [BudgetCategoryLimitInput], {
    description: 'Every category limit of the edition; an empty list removes them all.',
  })
  categoryLimits!: BudgetCategoryLimitInput[];
}

@ObjectType({ description: 'Result of setBudgetCountingLimits.' })
export class SetBudgetCountingLimitsPayload {
  @Field(() => BudgetEdition, {
    nullable: true,
    description: 'The edition with its new limits; null on error.',
  })
  edition!: BudgetEdition | null;

  @Field(() => [UserError], { description: 'Reasons nothing was changed; empty on success.' })
  errors!: UserError[];
}
