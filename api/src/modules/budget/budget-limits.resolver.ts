import { categoryLimitsProblem, projectCategories, type CategoryLimit } from '@ratusz/shared';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Access } from '../../platform/auth/access';
import type { RequestContext } from '../../platform/graphql/context';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { BudgetEdition } from './budget-edition.entity';
import {
  BudgetCategoryLimit,
  SetBudgetCountingLimitsInput,
  SetBudgetCountingLimitsPayload,
} from './budget-limits.types';
import { loadEditionBeforeVoting } from './budget-phase';
import { BudgetProject } from './budget-project.entity';
import { BudgetProposal } from './proposal.entity';

/**
 * Returns an error for each limit whose category no project or proposal of the edition uses,
 * matched exactly and case-sensitively, as counting matches them. An edition with no projects
 * and no proposals yet accepts any category, so limits can be set before submission opens.
 */
async function unknownCategoryErrors(
  ctx: RequestContext,
  edition: BudgetEdition,
  projects: readonly Pick<BudgetProject, 'category'>[],
  limits: readonly CategoryLimit[],
): Promise<UserError[]> {
  const proposals = await ctx.em.find(
    BudgetProposal,
    { edition: edition.id },
    { fields: ['category'] },
  );
  if (projects.length === 0 && proposals.length === 0) {
    return [];
  }
  const known = new Set(
    [...projects, ...proposals].flatMap((entry) => projectCategories(entry.category)),
  );
  const knownList = [...known]
    .sort()
    .map((name) => `"${name}"`)
    .join(', ');
  const fix =
    known.size > 0
      ? `use one of the known categories (${knownList}), which match case-sensitively`
      : 'none of them has a category, so set their categories first or remove this limit';

  return limits.flatMap((limit, index) =>
    known.has(limit.category)
      ? []
      : [
          userError(
            'UNKNOWN_CATEGORY',
            `Category "${limit.category}" is not used by any project or proposal of this edition: ${fix}.`,
            ['categoryLimits', String(index), 'category'],
          ),
        ],
  );
}

/** Checks the input, returning payload errors; an empty list means it can be stored. */
async function limitErrors(
  ctx: RequestContext,
  edition: BudgetEdition,
  input: SetBudgetCountingLimitsInput,
  limits: CategoryLimit[],
): Promise<UserError[]> {
  const errors: UserError[] = [];
  const minimum = input.minProjectScore;
  if (minimum !== null && minimum !== undefined && minimum < 0) {
    errors.push(
      userError(
        'INVALID_MINIMUM',
        `Minimum support ${minimum} is negative: give 0 or more, or null for no minimum.`,
        ['minProjectScore'],
      ),
    );
  }
  const problem = categoryLimitsProblem(limits);
  if (problem) {
    errors.push(
      userError('INVALID_CATEGORY_LIMITS', `Invalid category limits: ${problem}.`, [
        'categoryLimits',
      ]),
    );
  }
  if (problem) {
    return errors;
  }
  const projects = await ctx.em.find(
    BudgetProject,
    { edition: edition.id },
    { fields: ['code', 'category'] },
  );
  errors.push(...(await unknownCategoryErrors(ctx, edition, projects, limits)));
  if (edition.rule === 'max-approval') {
    // The exact knapsack handles one limited category per project.
    // Projects added after this check, and editions too large for the limited knapsack, still
    // reach counting: ballots are stored, and the tally and explanation report the problem.
    const limited = new Set(limits.map((limit) => limit.category));
    const shared = projects.find(
      (project) =>
        projectCategories(project.category).filter((name) => limited.has(name)).length > 1,
    );
    if (shared) {
      errors.push(
        userError(
          'INVALID_CATEGORY_LIMITS',
          `Project ${shared.code} is in more than one limited category, which MAX_APPROVAL cannot count: limit at most one of its categories or choose another rule.`,
          ['categoryLimits'],
        ),
      );
    }
  }

  return errors;
}

/** Minimum support and per-category limits of participatory-budget editions. */
@Resolver(() => BudgetEdition)
export class BudgetLimitsResolver {
  @Mutation(() => SetBudgetCountingLimitsPayload, {
    description:
      'Sets the minimum support and the per-category caps that every rule applies to an edition. Allowed in phases SUBMISSION and REVIEW, before voting opens.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async setBudgetCountingLimits(
    @Arg('input', () => SetBudgetCountingLimitsInput, {
      description: 'Edition and its new limits.',
    })
    input: SetBudgetCountingLimitsInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetBudgetCountingLimitsPayload> {
    const { edition, error } = await loadEditionBeforeVoting(ctx.em, input.editionId);
    if (!edition) {
      return { edition: null, errors: [error] };
    }
    const limits = input.categoryLimits.map((limit) => ({
      category: limit.category.trim(),
      maxCost: limit.maxCost ?? null,
      maxProjects: limit.maxProjects ?? null,
    }));
    const errors = await limitErrors(ctx, edition, input, limits);
    if (errors.length > 0) {
      return { edition: null, errors };
    }
    edition.minProjectScore = input.minProjectScore ?? null;
    edition.categoryLimits = limits.length > 0 ? limits : null;
    await ctx.em.flush();

    return { edition, errors: [] };
  }

  @FieldResolver(() => [BudgetCategoryLimit], {
    description:
      'Caps on the cost and number of funded projects per category; empty when there are none.',
  })
  categoryLimits(@Root() edition: BudgetEdition): BudgetCategoryLimit[] {
    return edition.categoryLimits ?? [];
  }
}
