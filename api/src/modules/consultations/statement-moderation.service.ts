import type { EntityManager } from '@mikro-orm/core';
import type { ModerationState } from '@ratusz/shared';
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../../platform/auth/viewer';
import type { Config } from '../../platform/config';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { isRecordId } from '../../platform/ids';
import type { EventBus } from '../../platform/pubsub';
import { currentPhase } from './consultation-policy';
import { publishResultsIfVisible } from './consultation-phase';
import { statementNotFound } from './consultation.errors';
import { participantHash } from './consultation.service';
import { loadForParticipant } from './participation';
import { wrongPhase } from './participation.errors';
import { Statement } from './statement.entity';

/** Maximum length of a participant's statement, in characters. */
export const MAX_STATEMENT_LENGTH = 500;
/** Maximum length of a moderator's rejection reason, in characters. */
export const MAX_REJECTION_REASON_LENGTH = 500;

type Deps = {
  em: EntityManager;
  config: Pick<Config, 'hashKey' | 'minAggregateCount'>;
  events: EventBus;
  /** Sender of the request, checked when the consultation requires a verification level. */
  viewer?: Viewer;
};

/**
 * Adds a participant's own statement to an OPEN consultation. It starts PENDING: hidden and
 * closed to votes until a moderator accepts it. The author is stored as a keyed hash only.
 */
export async function submitStatement(
  deps: Deps,
  request: { consultationId: string; participantId: string; text: string },
): Promise<{ ok: true; statement: Statement } | { ok: false; errors: UserError[] }> {
  const { em } = deps;
  const participation = await loadForParticipant(
    em,
    deps.config,
    { ...request, viewer: deps.viewer },
    'adding statements',
  );
  if (!participation.ok) {
    return participation;
  }
  const { consultation } = participation;
  const text = request.text.trim();
  const length = [...text].length;
  if (length === 0 || length > MAX_STATEMENT_LENGTH) {
    return {
      ok: false,
      errors: [
        userError(
          'INVALID_STATEMENT',
          `The statement has ${length} characters: write 1 to ${MAX_STATEMENT_LENGTH}.`,
          ['text'],
        ),
      ],
    };
  }

  const statement = em.create(Statement, {
    consultation,
    // Participant statements get a random code, so concurrent submissions never collide.
    code: `p-${randomUUID().slice(0, 8)}`,
    text,
    moderation: 'PENDING',
    authorHash: participantHash(deps.config.hashKey, consultation.id, request.participantId),
    createdAt: new Date(),
  });
  await em.flush();

  return { ok: true, statement };
}

/**
 * Records a moderator's decision on a statement. Rejection needs a reason, which is stored
 * for moderators and never published. Decisions are possible until results are published.
 *
 * NOTE: the API has no moderator accounts yet, so any client can call this; deployments must
 * restrict the mutation at the proxy until they exist.
 */
export async function moderateStatement(
  deps: Deps,
  request: { statementId: string; decision: ModerationState; reason?: string | null },
): Promise<{ ok: true; statement: Statement } | { ok: false; errors: UserError[] }> {
  const { em } = deps;
  const statement = isRecordId(request.statementId)
    ? await em.findOne(Statement, { id: request.statementId }, { populate: ['consultation'] })
    : null;
  if (!statement) {
    return { ok: false, errors: [statementNotFound(request.statementId)] };
  }
  const phase = currentPhase(statement.consultation);
  if (phase === 'RESULTS_PUBLISHED') {
    return {
      ok: false,
      errors: [
        wrongPhase('moderating statements', phase, ['DRAFT', 'OPEN', 'CLOSED'], 'statementId'),
      ],
    };
  }
  const reason = request.reason?.trim() ?? '';
  if (
    request.decision === 'REJECTED' &&
    (reason === '' || [...reason].length > MAX_REJECTION_REASON_LENGTH)
  ) {
    return {
      ok: false,
      errors: [
        userError(
          'INVALID_REASON',
          `A rejection needs a reason of 1 to ${MAX_REJECTION_REASON_LENGTH} characters, such as "personal attack" or "off topic".`,
          ['reason'],
        ),
      ],
    };
  }
  if (request.decision !== 'REJECTED' && reason !== '') {
    return {
      ok: false,
      errors: [
        userError(
          'INVALID_REASON',
          `Only a rejection takes a reason; leave it empty for ${request.decision}.`,
          ['reason'],
        ),
      ],
    };
  }

  statement.moderation = request.decision;
  statement.rejectionReason = request.decision === 'REJECTED' ? reason : null;
  await em.flush();
  await publishResultsIfVisible(deps, statement.consultation);

  return { ok: true, statement };
}
