import { isRecordId } from '../../platform/ids';
import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import {
  RuleNotApplicableError,
  type BudgetRuleName,
  type TallySnapshot,
  type TieBreakOrder,
} from '@ratusz/shared';
import { ConnectionArgs, pageWindow, toConnection } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { userError } from '../../platform/graphql/user-error';
import { BudgetEdition } from './budget-edition.entity';
import { BudgetRuleEnum } from './budget.enums';
import { BudgetService, CountRequestError } from './budget.service';
import {
  BudgetEditionConnection,
  BudgetProjectConnection,
  CastBallotPayload,
  CountArgs,
  RuleComparisonResult,
  RuleExplanation,
  Tally,
  toRuleComparisons,
  toRuleExplanation,
  toTally,
} from './budget.types';
import { CastBallotInput } from './cast-ballot.input';
import { exportPabulib } from './pabulib.export';

function serviceOf(ctx: RequestContext): BudgetService {
  return new BudgetService(ctx.em, { hashKey: ctx.config.hashKey, events: ctx.events });
}

@Resolver(() => BudgetEdition)
export class BudgetResolver {
  @Query(() => BudgetEditionConnection, {
    description: 'Participatory-budget editions, newest first.',
  })
  async budgetEditions(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const window = pageWindow(args);
    const { nodes, total } = await serviceOf(ctx).listEditions(window);

    return toConnection(nodes, window, total);
  }

  @Query(() => BudgetEdition, { nullable: true, description: 'One budget edition by id.' })
  budgetEdition(
    @Arg('id', () => ID, { description: 'Identifier of the edition.' }) id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return isRecordId(id) ? ctx.em.findOne(BudgetEdition, id) : null;
  }

  @Query(() => String, {
    nullable: true,
    description:
      'The edition as a pabulib .pb file (META, PROJECTS, VOTES), or null for an unknown edition. Voter ids are numbered 1..n in the order of the sorted ballot rows, so they carry no link to a voter.',
  })
  budgetEditionPabulib(
    @Arg('id', () => ID, { description: 'Identifier of the edition.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<string | null> | null {
    return isRecordId(id) ? exportPabulib(serviceOf(ctx), ctx.em, id) : null;
  }

  @FieldResolver(() => BudgetProjectConnection, {
    description: 'Projects on the ballot, in source order.',
  })
  async projects(
    @Root() edition: BudgetEdition,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const window = pageWindow(args);
    const { nodes, total } = await serviceOf(ctx).listProjects(edition.id, window);

    return toConnection(nodes, window, total);
  }

  // NOTE: one query pair per edition; a list of many editions asking for tallies is not batched.
  @FieldResolver(() => Tally, { description: 'Current count and the projects the rule funds.' })
  async tally(@Root() edition: BudgetEdition, @Ctx() ctx: RequestContext): Promise<Tally> {
    return toTally((await serviceOf(ctx).tally(edition.id))!);
  }

  @FieldResolver(() => RuleExplanation, {
    description:
      'Outcome of the edition under its rule, or another rule, tie-break or budget, with the reason for every project and what would have changed it. Recomputed on every request.',
  })
  async explanation(
    @Root() edition: BudgetEdition,
    @Ctx() ctx: RequestContext,
    @Args(() => CountArgs) { tieBreak, budget }: CountArgs,
    @Arg('rule', () => BudgetRuleEnum, {
      nullable: true,
      description: "Rule to count with; the edition's own rule when absent.",
    })
    rule?: BudgetRuleName | null,
  ): Promise<RuleExplanation> {
    try {
      const counted = await serviceOf(ctx).explain(edition.id, { rule, tieBreak, budget });

      return toRuleExplanation(counted!.result, counted!.projects);
    } catch (error) {
      if (error instanceof RuleNotApplicableError) {
        throw new CountRequestError(error.message);
      }
      throw error;
    }
  }

  @FieldResolver(() => [RuleComparisonResult], {
    description:
      'Outcome of the edition under every rule side by side, optionally with another budget or tie-break. Recomputed on every request.',
  })
  async whatIf(
    @Root() edition: BudgetEdition,
    @Ctx() ctx: RequestContext,
    @Args(() => CountArgs) { tieBreak, budget }: CountArgs,
  ): Promise<RuleComparisonResult[]> {
    const counted = await serviceOf(ctx).whatIf(edition.id, { tieBreak, budget });

    return toRuleComparisons(counted!.result, counted!.projects);
  }

  @Mutation(() => CastBallotPayload, {
    description:
      'Casts a ballot: validates it against the edition limits, counts it once per voter and publishes the new tally.',
  })
  async castBallot(
    @Arg('input', () => CastBallotInput, { description: 'The ballot.' }) input: CastBallotInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CastBallotPayload> {
    const result = await serviceOf(ctx).castBallot(input);

    return {
      ballotId: result.ballotId,
      tally: result.tally && toTally(result.tally),
      errors: result.errors.map((error) => userError(error.code, error.message, error.field)),
    };
  }

  @Subscription(() => Tally, {
    topics: 'TALLY_UPDATED',
    topicId: ({ args }: { args: { editionId: string } }) => args.editionId,
    description: 'Sends the tally of an edition after every counted ballot.',
  })
  tallyUpdated(
    @Root() snapshot: TallySnapshot,
    @Arg('editionId', () => ID, { description: 'Edition to follow.' }) _editionId: string,
  ): Tally {
    return toTally(snapshot);
  }
}
