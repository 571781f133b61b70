import type { ConsultationResultsSnapshot } from '@ratusz/shared';
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
import { consultationResults } from './consultation-results.service';
import { canShowResults } from './consultation-policy';
import { Consultation } from './consultation.entity';
import {
  castStatementVote,
  consultationsPage,
  findConsultation,
  statementsPage,
} from './consultation.service';
import { CastStatementVoteInput } from './cast-statement-vote.input';
import {
  CastStatementVotePayload,
  ConsultationConnection,
  ConsultationNode,
  ConsultationResults,
  StatementConnection,
  toConsultationNode,
  toConsultationResults,
  toStatementNode,
  toStatementResult,
} from './consultation.types';
import { Access } from '../../platform/auth/access';

@Resolver(() => ConsultationNode)
export class ConsultationResolver {
  @Query(() => ConsultationConnection, { description: 'Consultations, newest first.' })
  @Access('PUBLIC')
  async consultations(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const window = pageWindow(args);
    const [consultations, total] = await consultationsPage(ctx.em, window);

    return toConnection(
      consultations.map((consultation) => toConsultationNode(consultation)),
      window,
      total,
    );
  }

  @Query(() => ConsultationNode, {
    nullable: true,
    description: 'One consultation, or null when the id names none.',
  })
  @Access('PUBLIC')
  async consultation(
    @Arg('id', () => ID, { description: 'Id of the consultation.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsultationNode | null> {
    const consultation = await findConsultation(ctx.em, id);

    return consultation ? toConsultationNode(consultation) : null;
  }

  @FieldResolver(() => StatementConnection, {
    description: 'Statements of every moderation state, oldest first; text only for ACCEPTED ones.',
  })
  async statements(
    @Root() consultation: ConsultationNode,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const window = pageWindow(args);
    const [statements, total] = await statementsPage(ctx.em, consultation.id, window);

    return toConnection(statements.map(toStatementNode), window, total);
  }

  // NOTE: results run five queries per consultation, so a page of 100 consultations that
  // requests results makes 500 queries. Batch them before the dashboard lists results.
  @FieldResolver(() => ConsultationResults, {
    nullable: true,
    description:
      'Current results of the consultation, or null while its results policy hides every count.',
  })
  async results(
    @Root() node: ConsultationNode,
    @Ctx() ctx: RequestContext,
  ): Promise<ConsultationResults | null> {
    const consultation = await findConsultation(ctx.em, node.id);
    if (!consultation) {
      throw new NotFoundError(`Consultation ${node.id} no longer exists.`);
    }
    if (!canShowResults(consultation)) {
      return null;
    }
    const results = await consultationResults(ctx.em, node.id, ctx.config.minAggregateCount);
    if (!results) {
      throw new NotFoundError(`Consultation ${node.id} no longer exists.`);
    }

    return toConsultationResults(results);
  }

  @Mutation(() => CastStatementVotePayload, {
    description:
      "Records a participant's vote on an ACCEPTED statement, replacing their earlier vote on it. Open to anonymous callers: consultations identify participants by the participant id the client sends, not by an account.",
  })
  @Access('PUBLIC')
  async castStatementVote(
    @Arg('input', () => CastStatementVoteInput, { description: 'The vote.' })
    input: CastStatementVoteInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CastStatementVotePayload> {
    const outcome = await castStatementVote(ctx, input);

    return outcome.ok
      ? { result: outcome.result && toStatementResult(outcome.result), errors: [] }
      : { result: null, errors: [outcome.error] };
  }

  @Subscription(() => ConsultationResults, {
    topics: 'CONSULTATION_RESULTS_UPDATED',
    topicId: ({ args }) => args.consultationId,
    // Publishers send only visible results; this check at delivery keeps the policy even if
    // one of them does not.
    filter: async ({ payload, context }) => {
      const snapshot = payload as ConsultationResultsSnapshot;
      const consultation = await (context as RequestContext).em
        .fork()
        .findOne(Consultation, { id: snapshot.consultationId });

      return consultation !== null && canShowResults(consultation);
    },
    description:
      'Results of one consultation, sent after every vote, submission, moderation or phase change while its results policy shows them. Nothing is sent while it hides them.',
  })
  @Access('PUBLIC')
  consultationResultsUpdated(
    @Root() results: ConsultationResultsSnapshot,
    @Arg('consultationId', () => ID, { description: 'Id of the consultation to follow.' })
    _consultationId: string,
  ): ConsultationResults {
    return toConsultationResults(results);
  }
}
