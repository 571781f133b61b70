import { isRecordId } from '../../platform/ids';
import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { Kind, type GraphQLResolveInfo } from 'graphql';
import {
  RuleNotApplicableError,
  type BudgetRuleName,
  type TallySnapshot,
  type TieBreakOrder,
} from '@ratusz/shared';
import { ConnectionArgs, pageWindow, toConnection } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { chargeRecount } from '../../platform/graphql/recount-limit';
import { userError } from '../../platform/graphql/user-error';
import { BudgetEdition } from './budget-edition.entity';
import { isEmbargoed } from './budget-lifecycle';
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
import { PAPER_BALLOT_ROLES, requireAnyRole } from '../../platform/auth/viewer';
import { EmbargoError, exportPabulib } from './pabulib.export';
import { Access } from '../../platform/auth/access';

function serviceOf(ctx: RequestContext): BudgetService {
  return new BudgetService(ctx.em, {
    hashKey: ctx.config.hashKey,
    events: ctx.events,
    logger: ctx.logger,
  });
}

/**
 * Returns whether the operation selects `name` on the current field's result. A fragment
 * counts as selecting it, so the check errs towards computing the field.
 */
function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return info.fieldNodes.some((node) =>
    (node.selectionSet?.selections ?? []).some(
      (selection) => selection.kind !== Kind.FIELD || selection.name.value === name,
    ),
  );
}

@Resolver(() => BudgetEdition)
export class BudgetResolver {
  @Query(() => BudgetEditionConnection, {
    description: 'Participatory-budget editions, newest first.',
  })
  @Access('PUBLIC')
  async budgetEditions(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const window = pageWindow(args);
    const { nodes, total } = await serviceOf(ctx).listEditions(window);

    return toConnection(nodes, window, total);
  }

  @Query(() => BudgetEdition, { nullable: true, description: 'One budget edition by id.' })
  @Access('PUBLIC')
  budgetEdition(
    @Arg('id', () => ID, { description: 'Identifier of the edition.' }) id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return isRecordId(id) ? ctx.em.findOne(BudgetEdition, id) : null;
  }

  @Query(() => String, {
    nullable: true,
    description:
      'The edition as a pabulib .pb file (META, PROJECTS, VOTES), or null for an unknown edition or one under embargo. Voter ids are numbered 1..n in the order of the sorted ballot rows, so they carry no link to a voter.',
  })
  @Access('PUBLIC')
  budgetEditionPabulib(
    @Arg('id', () => ID, { description: 'Identifier of the edition.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<string | null> | null {
    if (!isRecordId(id)) {
      return null;
    }

    return exportPabulib(serviceOf(ctx), ctx.em, id).catch((error: unknown) => {
      if (error instanceof EmbargoError) {
        return null;
      }
      throw error;
    });
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
  @FieldResolver(() => Tally, {
    nullable: true,
    description: 'Current count and the projects the rule funds; null while the edition is under embargo.',
  })
  async tally(@Root() edition: BudgetEdition, @Ctx() ctx: RequestContext): Promise<Tally | null> {
    if (isEmbargoed(edition, new Date())) {
      return null;
    }

    try {
      return toTally((await serviceOf(ctx).tally(edition.id))!);
    } catch (error) {
      if (error instanceof RuleNotApplicableError) {
        throw new CountRequestError(error.message);
      }
      throw error;
    }
  }

  @FieldResolver(() => RuleExplanation, {
    nullable: true,
    description:
      'Outcome of the edition under its rule, or another rule, tie-break or budget, with the reason for every project and what would have changed it; null while the edition is under embargo. Recomputed on every request.',
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
  ): Promise<RuleExplanation | null> {
    if (isEmbargoed(edition, new Date())) {
      return null;
    }
    chargeRecount(ctx, 'explanation');
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
    nullable: true,
    description:
      'Outcome of the edition under every rule side by side, optionally with another budget or tie-break; null while the edition is under embargo. Recomputed on every request.',
  })
  async whatIf(
    @Root() edition: BudgetEdition,
    @Ctx() ctx: RequestContext,
    @Args(() => CountArgs) { tieBreak, budget }: CountArgs,
  ): Promise<RuleComparisonResult[] | null> {
    if (isEmbargoed(edition, new Date())) {
      return null;
    }
    chargeRecount(ctx, 'whatIf');
    const counted = await serviceOf(ctx).whatIf(edition.id, { tieBreak, budget });

    return toRuleComparisons(counted!.result, counted!.projects);
  }

  @Mutation(() => CastBallotPayload, {
    description:
      'Casts a ballot in an edition in VOTING: checks the voter register and the edition limits, counts one ballot per voter (a later ballot replaces it where the edition allows changes) and publishes the new tally. Open to anonymous callers because the voter register, not an account, decides who may vote, unless the edition sets requiredVerification: then an INTERNET ballot needs a RESIDENT account verified at that level, voting under its linked resident id. PAPER and IMPORT ballots need the AGENT, DEPARTMENT_MANAGER or ADMINISTRATOR role.',
  })
  @Access('PUBLIC')
  async castBallot(
    @Arg('input', () => CastBallotInput, { description: 'The ballot.' }) input: CastBallotInput,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CastBallotPayload> {
    if (input.channel !== 'INTERNET') {
      requireAnyRole(ctx.viewer, PAPER_BALLOT_ROLES, `enter ${input.channel} ballots`);
    }
    const result = await serviceOf(ctx).castBallot(input, {
      includeTally: selectsField(info, 'tally'),
      viewer: ctx.viewer,
    });

    return {
      ballotId: result.ballotId,
      tally: result.tally && toTally(result.tally),
      errors: result.errors.map((error) => userError(error.code, error.message, error.field)),
    };
  }

  @Subscription(() => Tally, {
    topics: 'TALLY_UPDATED',
    topicId: ({ args }: { args: { editionId: string } }) => args.editionId,
    // Publishers skip editions under embargo. This check at delivery keeps the embargo even if
    // one of them does not, or if the embargo was set after the tally was published.
    // NOTE: this reads the edition once per tally and subscriber.
    filter: async ({ payload, context }: { payload: TallySnapshot; context: RequestContext }) => {
      const edition = await context.em.fork().findOne(BudgetEdition, { id: payload.editionId });

      return edition !== null && !isEmbargoed(edition, new Date());
    },
    description:
      'Sends the tally of an edition after every counted ballot; sends nothing while the edition is under embargo.',
  })
  @Access('PUBLIC')
  tallyUpdated(
    @Root() snapshot: TallySnapshot,
    @Arg('editionId', () => ID, { description: 'Edition to follow.' }) _editionId: string,
  ): Tally {
    return toTally(snapshot);
  }
}
