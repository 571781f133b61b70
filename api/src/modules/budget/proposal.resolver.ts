import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, pageWindow, toConnection } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { isRecordId } from '../../platform/ids';
import { BudgetProject } from './budget-project.entity';
import { ProposalStatusEnum, type ProposalStatus } from './proposal.enums';
import { BudgetProposal, ProposalDecision } from './proposal.entity';
import { ProposalService } from './proposal.service';
import {
  AppealBudgetProposalInput,
  BudgetProposalConnection,
  BudgetProposalPayload,
  DecideBudgetProposalAppealInput,
  ReviewBudgetProposalInput,
  SubmitBudgetProposalInput,
} from './proposal.types';
import { Access } from '../../platform/auth/access';

function serviceOf(ctx: RequestContext): ProposalService {
  return new ProposalService(ctx.em, { hashKey: ctx.config.hashKey });
}

// NOTE: the department name of a review is recorded as given, not taken from the reviewer's account.
@Resolver(() => BudgetProposal)
export class ProposalResolver {
  @Query(() => BudgetProposalConnection, {
    description: 'Projects submitted to a budget edition, in submission number order.',
  })
  @Access('PUBLIC')
  async budgetProposals(
    @Arg('editionId', () => ID, { description: 'Edition whose proposals to list.' })
    editionId: string,
    @Arg('status', () => ProposalStatusEnum, {
      nullable: true,
      description: 'Only proposals with this status; all when omitted.',
    })
    status: ProposalStatus | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const window = pageWindow(args);
    if (!isRecordId(editionId)) {
      return toConnection([], window, 0);
    }
    const { nodes, total } = await serviceOf(ctx).list(editionId, status ?? null, window);

    return toConnection(nodes, window, total);
  }

  @Query(() => BudgetProposal, { nullable: true, description: 'One submitted project by id.' })
  @Access('PUBLIC')
  budgetProposal(
    @Arg('id', () => ID, { description: 'Identifier of the proposal.' }) id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return isRecordId(id) ? ctx.em.findOne(BudgetProposal, id) : null;
  }

  @FieldResolver(() => ID, { description: 'Edition the project was submitted to.' })
  editionId(@Root() proposal: BudgetProposal): string {
    return proposal.edition.id;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the author appealed a rejection.' })
  appealed(@Root() proposal: BudgetProposal): boolean {
    return proposal.appealText !== null && proposal.appealText !== undefined;
  }

  @FieldResolver(() => BudgetProject, {
    nullable: true,
    description: 'The ballot project made from the proposal once accepted.',
  })
  async project(@Root() proposal: BudgetProposal, @Ctx() ctx: RequestContext) {
    return proposal.project ? ctx.em.findOne(BudgetProject, proposal.project.id) : null;
  }

  @FieldResolver(() => [ProposalDecision], {
    description: 'Review history, oldest first: every review, cost change and appeal step.',
  })
  history(@Root() proposal: BudgetProposal, @Ctx() ctx: RequestContext) {
    return serviceOf(ctx).history(proposal.id);
  }

  @Mutation(() => BudgetProposalPayload, {
    description: 'Submits a project to a budget edition for review.',
  })
  @Access(['RESIDENT'])
  submitBudgetProposal(
    @Arg('input', () => SubmitBudgetProposalInput, { description: 'The project.' })
    input: SubmitBudgetProposalInput,
    @Ctx() ctx: RequestContext,
  ): Promise<BudgetProposalPayload> {
    return serviceOf(ctx).submit(input);
  }

  @Mutation(() => BudgetProposalPayload, {
    description:
      'Reviews a submitted project: accepts it for the ballot, rejects it with a reason, or changes its cost.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  reviewBudgetProposal(
    @Arg('input', () => ReviewBudgetProposalInput, { description: 'The review.' })
    input: ReviewBudgetProposalInput,
    @Ctx() ctx: RequestContext,
  ): Promise<BudgetProposalPayload> {
    return serviceOf(ctx).review(input);
  }

  @Mutation(() => BudgetProposalPayload, {
    description: 'Appeals the rejection of a project; the author may appeal once.',
  })
  @Access(['RESIDENT'])
  appealBudgetProposal(
    @Arg('input', () => AppealBudgetProposalInput, { description: 'The appeal.' })
    input: AppealBudgetProposalInput,
    @Ctx() ctx: RequestContext,
  ): Promise<BudgetProposalPayload> {
    return serviceOf(ctx).appeal(input);
  }

  @Mutation(() => BudgetProposalPayload, {
    description: 'Decides an appeal: upheld accepts the project for the ballot, dismissed ends it.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  decideBudgetProposalAppeal(
    @Arg('input', () => DecideBudgetProposalAppealInput, { description: 'The decision.' })
    input: DecideBudgetProposalAppealInput,
    @Ctx() ctx: RequestContext,
  ): Promise<BudgetProposalPayload> {
    return serviceOf(ctx).decideAppeal(input);
  }
}
