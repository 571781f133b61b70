import type { VerificationLevel } from '@ratusz/shared';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Access } from '../../platform/auth/access';
import type { RequestContext } from '../../platform/graphql/context';
import { UserError } from '../../platform/graphql/user-error';
import { VerificationLevelEnum } from '../accounts/account.types';
import { BudgetEdition } from './budget-edition.entity';
import { loadEditionBeforeVoting } from './budget-phase';

@InputType({ description: 'Minimum verification level for the INTERNET ballots of an edition.' })
export class SetBudgetRequiredVerificationInput {
  @Field(() => ID, { description: 'Edition to change, in phase SUBMISSION or REVIEW.' })
  editionId!: string;

  @Field(() => VerificationLevelEnum, {
    nullable: true,
    description:
      "Minimum level of the voter's resident account; null lets the voter register alone decide.",
  })
  level!: VerificationLevel | null;
}

@ObjectType({ description: 'Result of setBudgetRequiredVerification.' })
export class SetBudgetRequiredVerificationPayload {
  @Field(() => BudgetEdition, {
    nullable: true,
    description: 'The edition with its new requirement; null on error.',
  })
  edition!: BudgetEdition | null;

  @Field(() => [UserError], {
    description: 'Why nothing was changed: EDITION_NOT_FOUND or WRONG_PHASE; empty on success.',
  })
  errors!: UserError[];
}

/** Verification level that participatory-budget editions require of online voters. */
@Resolver(() => BudgetEdition)
export class BudgetVerificationResolver {
  @Mutation(() => SetBudgetRequiredVerificationPayload, {
    description:
      'Sets or clears the minimum verification level of the resident account behind each INTERNET ballot. Allowed in phases SUBMISSION and REVIEW, before voting opens. PAPER ballots stay exempt because staff check identity in person.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async setBudgetRequiredVerification(
    @Arg('input', () => SetBudgetRequiredVerificationInput, { description: 'Edition and level.' })
    input: SetBudgetRequiredVerificationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetBudgetRequiredVerificationPayload> {
    const { edition, error } = await loadEditionBeforeVoting(ctx.em, input.editionId);
    if (!edition) {
      return { edition: null, errors: [error] };
    }
    edition.requiredVerification = input.level ?? null;
    await ctx.em.flush();

    return { edition, errors: [] };
  }
}
