import { categoryLimitsProblem, projectCategories, type CategoryLimit } from '@ratusz/shared';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Access } from '../../platform/auth/access';
import type { RequestContext } from '../../platform/graphql/context';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { isRecordId } from '../../platform/ids';
import { editionNotFound } from './ballot.errors';
import { BudgetEdition } from './budget-edition.entity';
import {
  BudgetCategoryLimit,
  SetBudgetCountingLimitsInput,
  SetBudgetCountingLimitsPayload,
} from './budget-limits.types';
import { requireBudgetPhase } from './budget-phase';
import { BudgetProject } from './budget-project.entity';

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
  if (edition.rule === 'max-approval' && !problem) {
    // The exact knapsack handles one limited category per project.
    // Projects added after this check, and editions too large for the limited knapsack, still
    // reach counting: ballots are stored, and the tally and explanation report the problem.
    const limited = new Set(limits.map((limit) => limit.category));
    const projects = await ctx.em.find(
      BudgetProject,
      { edition: edition.id },
      { fields: ['code', 'category'] },
    );
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
    const edition = isRecordId(input.editionId)
      ? await ctx.em.findOne(BudgetEdition, input.editionId)
      : null;
    if (!edition) {
      const { code, message, field } = editionNotFound(input.editionId);

      return { edition: null, errors: [userError(code, message, field)] };
    }
    const wrongPhase = requireBudgetPhase(edition, 'SUBMISSION', 'REVIEW');
    if (wrongPhase) {
      return {
        edition: null,
        errors: [userError(wrongPhase.code, wrongPhase.message, wrongPhase.field)],
      };
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
