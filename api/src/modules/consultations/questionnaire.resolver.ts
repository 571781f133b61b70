import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context';
import { moderateStatement, submitStatement } from './statement-moderation.service';
import {
  ConsultationNode,
  ModerateStatementInput,
  StatementPayload,
  SubmitStatementInput,
  toStatementNode,
} from './consultation.types';
import { toQuestionDefinition } from './question.entity';
import { questionsOf, setQuestionnaire, submitQuestionnaire } from './questionnaire.service';
import {
  QuestionNode,
  SetQuestionnaireInput,
  SetQuestionnairePayload,
  SubmitQuestionnaireInput,
  SubmitQuestionnairePayload,
  toQuestionNode,
} from './questionnaire.types';
import { Access } from '../../platform/auth/access';

@Resolver(() => ConsultationNode)
export class QuestionnaireResolver {
  @FieldResolver(() => [QuestionNode], {
    description: 'Questionnaire questions, in display order.',
  })
  async questions(
    @Root() consultation: ConsultationNode,
    @Ctx() ctx: RequestContext,
  ): Promise<QuestionNode[]> {
    return (await questionsOf(ctx.em, consultation.id)).map(toQuestionNode);
  }

  @Mutation(() => SetQuestionnairePayload, {
    description: 'Replaces the whole questionnaire of a DRAFT consultation.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async setQuestionnaire(
    @Arg('input', () => SetQuestionnaireInput, { description: 'The questions.' })
    input: SetQuestionnaireInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetQuestionnairePayload> {
    const outcome = await setQuestionnaire(
      ctx.em,
      input.consultationId,
      input.questions.map((question) => ({
        ...toQuestionDefinition(question),
        binding: question.binding,
      })),
    );

    return outcome.ok
      ? { questions: outcome.questions.map(toQuestionNode), errors: [] }
      : { questions: null, errors: outcome.errors };
  }

  @Mutation(() => SubmitQuestionnairePayload, {
    description:
      "Stores a participant's answers to an OPEN consultation, once per participant; a later submission replaces the answers when the consultation allows edits. Open to anonymous callers: consultations identify participants by the participant id the client sends, not by an account.",
  })
  @Access('PUBLIC')
  async submitQuestionnaire(
    @Arg('input', () => SubmitQuestionnaireInput, { description: 'The answers.' })
    input: SubmitQuestionnaireInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SubmitQuestionnairePayload> {
    const outcome = await submitQuestionnaire(ctx, {
      consultationId: input.consultationId,
      participantId: input.participantId,
      answers: input.answers.map((answer) => ({
        ...answer,
        matrix: answer.matrix?.map((cell) => ({ row: cell.row, column: cell.column })) ?? null,
      })),
    });

    return outcome.ok
      ? { submitted: true, replaced: outcome.replaced, errors: [] }
      : { submitted: false, replaced: false, errors: outcome.errors };
  }

  @Mutation(() => StatementPayload, {
    description: "Adds a participant's own statement to an OPEN consultation, PENDING moderation. Open to anonymous callers: consultations identify participants by the participant id the client sends, not by an account.",
  })
  @Access('PUBLIC')
  async submitStatement(
    @Arg('input', () => SubmitStatementInput, { description: 'The statement.' })
    input: SubmitStatementInput,
    @Ctx() ctx: RequestContext,
  ): Promise<StatementPayload> {
    const outcome = await submitStatement(ctx, input);

    return outcome.ok
      ? { statement: toStatementNode(outcome.statement), errors: [] }
      : { statement: null, errors: outcome.errors };
  }

  @Mutation(() => StatementPayload, {
    description: 'Accepts or rejects a statement; a rejection needs a reason.',
  })
  @Access(['AGENT', 'DEPARTMENT_MANAGER', 'ADMINISTRATOR'])
  async moderateStatement(
    @Arg('input', () => ModerateStatementInput, { description: 'The decision.' })
    input: ModerateStatementInput,
    @Ctx() ctx: RequestContext,
  ): Promise<StatementPayload> {
    const outcome = await moderateStatement(ctx, input);

    return outcome.ok
      ? { statement: toStatementNode(outcome.statement), errors: [] }
      : { statement: null, errors: outcome.errors };
  }
}
