import type { ReferendumUpdateSnapshot } from '@ratusz/shared';
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
import { ConnectionArgs, pageWindow, toConnection } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { NotFoundError } from '../../platform/graphql/errors';
import { Referendum } from './referendum.entity';
import {
  CastReferendumVoteInput,
  CreateReferendumInput,
  ImportReferendumCensusInput,
  SetReferendumRequiredVerificationInput,
} from './referendum.inputs';
import {
  createReferendum,
  importCensus,
  setRequiredVerification,
} from './referendum-setup.service';
import {
  castReferendumVote,
  closeReferendum,
  findReferendum,
  publishedResult,
  referendumOptions,
  referendumProgress,
} from './referendum.service';
import {
  CastReferendumVotePayload,
  CloseReferendumPayload,
  CreateReferendumPayload,
  ImportReferendumCensusPayload,
  ReferendumConnection,
  ReferendumNode,
  ReferendumOptionNode,
  ReferendumResult,
  ReferendumUpdate,
  SetReferendumRequiredVerificationPayload,
  toReferendumNode,
  toReferendumOptionNode,
  toReferendumResult,
  toReferendumUpdate,
} from './referendum.types';
import { PAPER_BALLOT_ROLES, requireAnyRole } from '../../platform/auth/viewer';
import { Access } from '../../platform/auth/access';

@Resolver(() => ReferendumNode)
export class ReferendumResolver {
  @Query(() => ReferendumConnection, { description: 'Referenda, latest voting window first.' })
  @Access('PUBLIC')
  async referenda(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    const window = pageWindow(args);
    const [referenda, total] = await ctx.em.findAndCount(
      Referendum,
      {},
      { orderBy: { opensAt: 'desc', id: 'asc' }, limit: window.limit, offset: window.offset },
    );

    return toConnection(referenda.map(toReferendumNode), window, total);
  }

  @Query(() => ReferendumNode, {
    nullable: true,
    description: 'One referendum, or null when the id names none.',
  })
  @Access('PUBLIC')
  async referendum(
    @Arg('id', () => ID, { description: 'Id of the referendum.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ReferendumNode | null> {
    const referendum = await findReferendum(ctx.em, id);

    return referendum ? toReferendumNode(referendum) : null;
  }

  @FieldResolver(() => [ReferendumOptionNode], { description: 'Options in ballot order.' })
  async options(
    @Root() node: ReferendumNode,
    @Ctx() ctx: RequestContext,
  ): Promise<ReferendumOptionNode[]> {
    return (await referendumOptions(ctx.em, node.id)).map(toReferendumOptionNode);
  }

  @FieldResolver(() => ReferendumUpdate, { description: 'Stage and turnout now.' })
  async progress(
    @Root() node: ReferendumNode,
    @Ctx() ctx: RequestContext,
  ): Promise<ReferendumUpdate> {
    const referendum = await findReferendum(ctx.em, node.id);
    if (!referendum) {
      throw new NotFoundError(`Referendum ${node.id} no longer exists.`);
    }

    return toReferendumUpdate(await referendumProgress(ctx.em, referendum));
  }

  @FieldResolver(() => ReferendumResult, {
    nullable: true,
    description: 'The result once CLOSED, otherwise null.',
  })
  async result(
    @Root() node: ReferendumNode,
    @Ctx() ctx: RequestContext,
  ): Promise<ReferendumResult | null> {
    const referendum = await findReferendum(ctx.em, node.id);
    const result = referendum ? publishedResult(referendum) : null;

    return result ? toReferendumResult(result) : null;
  }

  @Mutation(() => CreateReferendumPayload, {
    description: 'Creates a referendum with its options.',
  })
  @Access(['ADMINISTRATOR'])
  async createReferendum(
    @Arg('input', () => CreateReferendumInput, { description: 'The referendum.' })
    input: CreateReferendumInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateReferendumPayload> {
    const outcome = await createReferendum(ctx.em, input);

    return outcome.ok
      ? { referendum: toReferendumNode(outcome.referendum), errors: [] }
      : { referendum: null, errors: outcome.errors };
  }

  @Mutation(() => SetReferendumRequiredVerificationPayload, {
    description:
      'Sets or clears the minimum verification level of the resident account behind each ONLINE vote of a SCHEDULED referendum. PAPER votes stay exempt because staff check identity in person.',
  })
  @Access(['ADMINISTRATOR'])
  async setReferendumRequiredVerification(
    @Arg('input', () => SetReferendumRequiredVerificationInput, {
      description: 'Referendum and level.',
    })
    input: SetReferendumRequiredVerificationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetReferendumRequiredVerificationPayload> {
    const outcome = await setRequiredVerification(ctx.em, input.referendumId, input.level ?? null);

    return outcome.ok
      ? { referendum: toReferendumNode(outcome.referendum), errors: [] }
      : { referendum: null, errors: outcome.errors };
  }

  @Mutation(() => ImportReferendumCensusPayload, {
    description:
      'Adds the voters of a census CSV to the eligibility list of a SCHEDULED referendum, all or nothing.',
  })
  @Access(['ADMINISTRATOR'])
  async importReferendumCensus(
    @Arg('input', () => ImportReferendumCensusInput, { description: 'The census.' })
    input: ImportReferendumCensusInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ImportReferendumCensusPayload> {
    const outcome = await importCensus(ctx, input.referendumId, input.csv);

    return outcome.ok
      ? {
          rows: outcome.rows,
          added: outcome.added,
          eligibleVoters: outcome.eligibleVoters,
          errors: [],
        }
      : { rows: 0, added: 0, eligibleVoters: 0, errors: outcome.errors };
  }

  @Mutation(() => CastReferendumVotePayload, {
    description:
      'Records the single ballot of an eligible voter while the referendum is OPEN. Open to anonymous callers because the census, not an account, decides who may vote, unless the referendum sets requiredVerification: then an ONLINE vote needs a RESIDENT account verified at that level, voting under its linked resident id. PAPER ballots need the AGENT, DEPARTMENT_MANAGER or ADMINISTRATOR role.',
  })
  @Access('PUBLIC')
  async castReferendumVote(
    @Arg('input', () => CastReferendumVoteInput, { description: 'The ballot.' })
    input: CastReferendumVoteInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CastReferendumVotePayload> {
    if (input.channel === 'PAPER') {
      requireAnyRole(ctx.viewer, PAPER_BALLOT_ROLES, 'enter PAPER referendum votes');
    }
    const outcome = await castReferendumVote(ctx, input);

    return outcome.ok
      ? { progress: toReferendumUpdate(outcome.progress), errors: [] }
      : { progress: null, errors: [outcome.error] };
  }

  @Mutation(() => CloseReferendumPayload, {
    description:
      'Counts the ballots after closesAt and publishes the result with its SHA-256 commitment.',
  })
  @Access(['ADMINISTRATOR'])
  async closeReferendum(
    @Arg('referendumId', () => ID, { description: 'Id of a referendum whose voting has ended.' })
    referendumId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CloseReferendumPayload> {
    const outcome = await closeReferendum(ctx, referendumId);

    return outcome.ok
      ? { result: toReferendumResult(outcome.result), errors: [] }
      : { result: null, errors: [outcome.error] };
  }

  @Subscription(() => ReferendumUpdate, {
    topics: 'REFERENDUM_UPDATED',
    topicId: ({ args }) => args.referendumId,
    description: 'Turnout of one referendum after every vote, and its result at close.',
  })
  @Access('PUBLIC')
  referendumUpdated(
    @Root() update: ReferendumUpdateSnapshot,
    @Arg('referendumId', () => ID, { description: 'Id of the referendum to follow.' })
    _referendumId: string,
  ): ReferendumUpdate {
    // The result is published at close only; this keeps it out of an update sent before then.
    return toReferendumUpdate(update.status === 'CLOSED' ? update : { ...update, result: null });
  }
}
