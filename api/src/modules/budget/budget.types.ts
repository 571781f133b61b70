import { SafeIntResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';
import type {
  BudgetRuleName,
  FundingReason,
  RuleComparison,
  RuleOutcome,
  TallySnapshot,
  TieBreakOrder,
  TieCriterion,
} from '@ratusz/shared';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import { BudgetRuleEnum, FundingReasonEnum, TieBreakEnum, TieCriterionEnum } from './budget.enums';
import { BudgetEdition } from './budget-edition.entity';
import { BudgetProject } from './budget-project.entity';

/** Facts of a project that tallies and explanations repeat. */
@ObjectType({ description: 'Identifier, title, cost and counts of a project.' })
class ProjectCounts {
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
}

@ObjectType({ description: 'Votes, score and outcome of one project in a tally.' })
export class ProjectTally extends ProjectCounts {
  @Field(() => Boolean, {
    description: "Whether the edition's rule funds the project on this tally.",
  })
  selected!: boolean;

  @Field(() => FundingReasonEnum, {
    description: 'Why the rule funded the project or left it out.',
  })
  reason!: FundingReason;

  @Field(() => Int, {
    description:
      'Position in the rule order: support descending then the tie-break for greedy rules and MAX_APPROVAL, funding order then support for equal shares and Phragmén.',
  })
  rank!: number;
}

@ObjectType({ description: 'Current count of a budget edition and the projects its rule funds.' })
export class Tally {
  @Field(() => ID, { description: 'Identifier of the edition.' })
  editionId!: string;

  @Field(() => BudgetRuleEnum, { description: 'Rule that selected the projects.' })
  rule!: BudgetRuleName;

  @Field(() => TieBreakEnum, { description: 'Order that settled ties between projects.' })
  tieBreak!: TieBreakOrder;

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

@ObjectType({
  description: 'One project under one rule: its outcome, the reason, and what would change it.',
})
export class ProjectExplanation extends ProjectCounts {
  @Field(() => Int, {
    description:
      'Position in the rule order; under equal shares and Phragmén funded projects come first, by round.',
  })
  rank!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Round in which equal shares or Phragmén funded the project; null for other rules and unfunded projects.',
  })
  round!: number | null;

  @Field(() => Boolean, { description: 'Whether the rule funds the project.' })
  selected!: boolean;

  @Field(() => FundingReasonEnum, {
    description: 'Why the rule funded the project or left it out.',
  })
  reason!: FundingReason;

  @Field(() => SafeIntResolver, {
    description:
      "Budget not yet spent when the project's turn came, in minor units; for projects that never had a turn, what was left at the end.",
  })
  budgetLeft!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Category whose limit kept the project out, for CATEGORY_BUDGET_EXHAUSTED and CATEGORY_LIMIT_REACHED; null otherwise.',
  })
  limitCategory!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The reason in words when an edition limit kept the project out, such as "below the minimum of 50 votes"; null otherwise.',
  })
  reasonDetail!: string | null;

  @Field(() => TieCriterionEnum, {
    nullable: true,
    description:
      'Criterion of a tie-break that decided whether this project was funded; null when no tie did.',
  })
  decidedByTie!: TieCriterion | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'For an unfunded project, the smallest increase in support that would fund it with everything else unchanged: approvals or points under greedy rules and MAX_APPROVAL, new voters approving only this project under SEQUENTIAL_PHRAGMEN. Null when funded or not computable (see changeNote).',
  })
  additionalSupport!: number | null;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description:
      'For an unfunded project, the largest cost in minor units at which the rule would fund it with everything else unchanged. Null when funded or not computable (see changeNote).',
  })
  maxCostToFund!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why a change figure is missing or what it assumes; null when there is nothing to add.',
  })
  changeNote!: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the city funded the project, from the source file; null when not published.',
  })
  publishedSelected!: boolean | null;
}

@ObjectType({ description: 'Tie between projects that the tie-break order settled.' })
export class RuleTieBreak {
  @Field(() => Int, {
    nullable: true,
    description:
      'Round (equal shares, Phragmén) or rank (greedy rules) of the tie; null for MAX_APPROVAL.',
  })
  at!: number | null;

  @Field(() => [ID], { description: 'The project placed first, then the others it tied with.' })
  projectIds!: string[];

  @Field(() => TieCriterionEnum, { description: 'Criterion that placed the first project ahead.' })
  decidedBy!: TieCriterion;

  @Field(() => Boolean, { description: 'Whether the tie changed which projects were funded.' })
  decidedSelection!: boolean;
}

@ObjectType({ description: 'Figures of the equal-shares rules.' })
export class EqualSharesFigures {
  @Field(() => String, {
    description:
      'Final per-voter share in minor units as an exact fraction, such as "50000000/3293".',
  })
  share!: string;

  @Field(() => Int, { description: 'Currency units the add1 completion added to budget / voters.' })
  unitsAdded!: number;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description: 'Cost of the first outcome the add1 completion rejected for exceeding the budget.',
  })
  nextStepSpent!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Voters with more approved projects funded by equal shares than by greedy (comparison rule only).',
  })
  preferEqualShares!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Voters with more approved projects funded by greedy (comparison rule only).',
  })
  preferGreedy!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Voters with as many under both (comparison rule only).',
  })
  indifferent!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the comparison replaced equal shares by greedy (comparison rule only).',
  })
  greedyChosen!: boolean | null;
}

@ObjectType({
  description: 'Outcome of one rule for an edition, with an explanation for every project.',
})
export class RuleExplanation {
  @Field(() => BudgetRuleEnum, { description: 'Rule counted.' })
  rule!: BudgetRuleName;

  @Field(() => TieBreakEnum, { description: 'Tie-break order applied.' })
  tieBreak!: TieBreakOrder;

  @Field(() => SafeIntResolver, { description: 'Budget counted with, in minor units.' })
  budget!: number;

  @Field(() => SafeIntResolver, {
    description: 'Total cost of the funded projects, in minor units.',
  })
  spent!: number;

  @Field(() => [ProjectExplanation], { description: 'Every project, by rank.' })
  projects!: ProjectExplanation[];

  @Field(() => [RuleTieBreak], { description: 'Ties the tie-break order settled.' })
  tieBreaks!: RuleTieBreak[];

  @Field(() => EqualSharesFigures, {
    nullable: true,
    description: 'Figures of the equal-shares rules; null for others.',
  })
  equalShares!: EqualSharesFigures | null;
}

@ObjectType({ description: 'One rule in a what-if comparison.' })
export class RuleComparisonResult {
  @Field(() => BudgetRuleEnum, { description: 'Rule counted.' })
  rule!: BudgetRuleName;

  @Field(() => RuleExplanation, {
    nullable: true,
    description: 'Outcome under the rule; null when the rule cannot count this vote type.',
  })
  outcome!: RuleExplanation | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the rule cannot count this edition, such as equal shares on cumulative ballots.',
  })
  problem!: string | null;
}

@ArgsType()
export class CountArgs {
  @Field(() => TieBreakEnum, {
    nullable: true,
    description: "Tie-break order; the edition's own when absent.",
  })
  tieBreak?: TieBreakOrder | null;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description: "Budget in minor units; the edition's own when absent.",
  })
  budget?: number | null;
}

/** Converts a shared rule outcome to the GraphQL object, adding the projects' own facts. */
export function toRuleExplanation(
  outcome: RuleOutcome,
  projects: Map<string, BudgetProject>,
): RuleExplanation {
  const comparison = outcome.equalShares?.comparison ?? null;

  return {
    ...outcome,
    projects: outcome.projects.map((entry) => {
      const project = projects.get(entry.id)!;

      return {
        ...entry,
        projectId: project.id,
        code: project.code,
        name: project.name,
        cost: project.cost,
        votes: project.votes,
        score: project.score,
        additionalSupport: entry.change?.additionalSupport ?? null,
        maxCostToFund: entry.change?.maxCostToFund ?? null,
        changeNote: entry.change?.note ?? null,
        limitCategory: entry.category,
        reasonDetail: entry.detail,
        publishedSelected: project.publishedSelected ?? null,
      };
    }),
    equalShares: outcome.equalShares && {
      ...outcome.equalShares,
      preferEqualShares: comparison?.preferEqualShares ?? null,
      preferGreedy: comparison?.preferGreedy ?? null,
      indifferent: comparison?.indifferent ?? null,
      greedyChosen: comparison ? comparison.outcome === 'greedy' : null,
    },
  };
}

/** Converts a what-if comparison to GraphQL objects. */
export function toRuleComparisons(
  comparisons: RuleComparison[],
  projects: Map<string, BudgetProject>,
): RuleComparisonResult[] {
  return comparisons.map((entry) => ({
    rule: entry.rule,
    outcome: entry.outcome && toRuleExplanation(entry.outcome, projects),
    problem: entry.problem,
  }));
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
