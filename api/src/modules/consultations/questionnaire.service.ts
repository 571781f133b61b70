import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import {
  validateQuestionnaire,
  validateSubmission,
  type QuestionDefinition,
  type SubmittedAnswer,
} from '@ratusz/shared';
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../../platform/auth/viewer';
import type { Config } from '../../platform/config';
import { userError, type UserError } from '../../platform/graphql/user-error';
import type { EventBus } from '../../platform/pubsub';
import { currentPhase } from './consultation-policy';
import { publishResultsIfVisible, loadConsultation } from './consultation-phase';
import { participantHash } from './consultation.service';
import { loadForParticipant } from './participation';
import { wrongPhase } from './participation.errors';
import { Question, toQuestionDefinition } from './question.entity';
import { QuestionnaireSubmission } from './questionnaire-submission.entity';
import { appendScopedAudit } from '../../platform/audit/audit-subscriber';

/** Maximum number of questions in one questionnaire. */
export const MAX_QUESTIONS = 100;

/** A question to store, with the flag the tally reads. */
export type QuestionSpec = QuestionDefinition & { binding: boolean };

/** Returns the questions of a consultation in display order. */
export async function questionsOf(em: EntityManager, consultationId: string): Promise<Question[]> {
  return em.find(Question, { consultation: consultationId }, { orderBy: { position: 'asc' } });
}

/**
 * Replaces the whole questionnaire of a DRAFT consultation in one transaction. Questions are
 * fixed once it opens, so every submission answers the same questions.
 */
export async function setQuestionnaire(
  em: EntityManager,
  consultationId: string,
  questions: QuestionSpec[],
  now: Date = new Date(),
): Promise<{ ok: true; questions: Question[] } | { ok: false; errors: UserError[] }> {
  const loaded = await loadConsultation(em, consultationId);
  if (!loaded.ok) {
    return loaded;
  }
  const phase = currentPhase(loaded.consultation, now);
  if (phase !== 'DRAFT') {
    return { ok: false, errors: [wrongPhase('changing the questionnaire', phase, ['DRAFT'])] };
  }
  if (questions.length > MAX_QUESTIONS) {
    return {
      ok: false,
      errors: [
        userError(
          'INVALID_QUESTION',
          `${questions.length} questions were sent; the maximum is ${MAX_QUESTIONS}.`,
          ['questions'],
        ),
      ],
    };
  }
  const problems = validateQuestionnaire(questions);
  if (problems.length > 0) {
    return {
      ok: false,
      errors: problems.map((problem) =>
        userError('INVALID_QUESTION', problem.message, [
          'questions',
          String(questions.findIndex((question) => question.code === problem.questionCode)),
          problem.field,
        ]),
      ),
    };
  }

  const stored = await em.transactional(async (tx) => {
    await tx.nativeDelete(Question, { consultation: consultationId });
    await appendScopedAudit(tx, {
      action: 'questionnaire.replaced',
      subjectType: 'consultation',
      subjectId: consultationId,
      details: { questions: questions.length },
    });
    const rows = questions.map((question, position) =>
      tx.create(Question, {
        ...question,
        consultation: consultationId,
        position,
      }),
    );
    await tx.flush();

    return rows;
  });

  return { ok: true, questions: stored };
}

/** Outcome of a submission: whether it replaced an earlier one, or why it was rejected. */
export type SubmissionOutcome =
  | { ok: true; submission: QuestionnaireSubmission; replaced: boolean }
  | { ok: false; errors: UserError[] };

function alreadySubmitted(): UserError {
  return userError(
    'ALREADY_SUBMITTED',
    'This participant has already submitted answers, and this consultation does not allow changing them.',
    ['participantId'],
  );
}

/**
 * Validates and stores one participant's answers. The unique (consultation, participant) index
 * decides between concurrent requests: when edits are allowed, the later one replaces the
 * answers; otherwise every request after the first gets ALREADY_SUBMITTED.
 */
export async function submitQuestionnaire(
  deps: {
    em: EntityManager;
    config: Pick<Config, 'hashKey' | 'minAggregateCount'>;
    events: EventBus;
    /** Sender of the request, checked when the consultation requires a verification level. */
    viewer?: Viewer;
  },
  request: { consultationId: string; participantId: string; answers: SubmittedAnswer[] },
  now: Date = new Date(),
): Promise<SubmissionOutcome> {
  const { em } = deps;
  const participation = await loadForParticipant(
    em,
    deps.config,
    { ...request, viewer: deps.viewer },
    'answering the questionnaire',
    now,
  );
  if (!participation.ok) {
    return participation;
  }
  const { consultation } = participation;
  const questions = (await questionsOf(em, consultation.id)).map(toQuestionDefinition);
  const validation = validateSubmission(questions, request.answers);
  if (!validation.ok) {
    return {
      ok: false,
      errors: validation.problems.map((problem) => {
        const index = request.answers.findIndex(
          (answer) => answer.questionCode === problem.questionCode,
        );

        // A missing answer has no index, so the error points at the whole list.
        return userError(
          problem.rule,
          problem.message,
          index < 0 ? ['answers'] : ['answers', String(index)],
        );
      }),
    };
  }

  const hash = participantHash(deps.config.hashKey, consultation.id, request.participantId);
  const row = {
    id: randomUUID(),
    consultation: consultation.id,
    participantHash: hash,
    district: participation.district,
    answers: validation.answers,
    submittedAt: now,
    updatedAt: now,
  };
  let replaced = false;
  try {
    await em.insert(QuestionnaireSubmission, row);
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) {
      throw error;
    }
    if (!consultation.allowSubmissionEdits) {
      return { ok: false, errors: [alreadySubmitted()] };
    }
    await em.nativeUpdate(
      QuestionnaireSubmission,
      { consultation: consultation.id, participantHash: hash },
      { answers: validation.answers, district: participation.district, updatedAt: now },
    );
    replaced = true;
  }
  const submission = await em.findOneOrFail(
    QuestionnaireSubmission,
    { consultation: consultation.id, participantHash: hash },
    { refresh: true },
  );
  await publishResultsIfVisible(deps, consultation, now);

  return { ok: true, submission, replaced };
}
