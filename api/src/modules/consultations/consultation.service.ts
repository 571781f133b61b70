import { invalidPersonId, isRecordId, personIdProblem } from '../../platform/ids';
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../../platform/auth/viewer';
import type { EntityManager } from '@mikro-orm/core';
import {
  isStatementPublic,
  type ConsultationAudience,
  type ConsultationPhase,
  type ResultsPolicy,
  type ConsultationResultsSnapshot,
  type ModerationState,
  type StatementResultSnapshot,
  type StatementVoteValue,
} from '@ratusz/shared';
import type { Config } from '../../platform/config';
import type { PageWindow } from '../../platform/graphql/connection';
import type { UserError } from '../../platform/graphql/user-error';
import { hashIdentifier } from '../../platform/identity';
import type { EventBus } from '../../platform/pubsub';
import { consultationResults } from './consultation-results.service';
import { Consultation } from './consultation.entity';
import { canShowResults } from './consultation-policy';
import { checkParticipation } from './participation';
import { statementNotAccepted, statementNotFound } from './consultation.errors';
import { Statement } from './statement.entity';
import { StatementVote, StatementVoteEvent } from './statement-vote.entity';

export { isRecordId };

/**
 * Derives the stored hash of a participant id. The consultation id is part of the key, so the
 * same participant number in two imported conversations stays two different people.
 */
export function participantHash(
  hashKey: string,
  consultationId: string,
  participantId: string,
): string {
  return hashIdentifier(hashKey, `consultation:${consultationId}`, participantId);
}

/** Fields of a new consultation. Phase and policy default to DRAFT and AFTER_CLOSE. */
export type NewConsultation = {
  title: string;
  description?: string | null;
  source?: string | null;
  createdAt?: Date;
  phase?: ConsultationPhase;
  resultsPolicy?: ResultsPolicy;
  audience?: ConsultationAudience;
};

/** Creates a consultation and writes it at once, so statements can refer to it. */
export async function createConsultation(
  em: EntityManager,
  fields: NewConsultation,
): Promise<Consultation> {
  const consultation = em.create(Consultation, {
    title: fields.title,
    description: fields.description ?? null,
    source: fields.source ?? null,
    createdAt: fields.createdAt ?? new Date(),
    phase: fields.phase ?? 'DRAFT',
    resultsPolicy: fields.resultsPolicy ?? 'AFTER_CLOSE',
    audience: fields.audience ?? 'ANYONE',
  });
  await em.flush();

  return consultation;
}

/** Fields of a new statement. `authorHash` comes from `participantHash`, never a raw id. */
export type NewStatement = {
  code: string;
  text: string;
  moderation: ModerationState;
  authorHash?: string | null;
  createdAt?: Date;
};

/** Adds one statement to a consultation. */
export async function addStatement(
  em: EntityManager,
  consultation: Consultation,
  fields: NewStatement,
): Promise<Statement> {
  const statement = em.create(Statement, {
    consultation,
    code: fields.code,
    text: fields.text,
    moderation: fields.moderation,
    authorHash: fields.authorHash ?? null,
    createdAt: fields.createdAt ?? new Date(),
  });
  await em.flush();

  return statement;
}

/** Returns one page of a consultation's statements, oldest first, and their total number. */
export async function statementsPage(
  em: EntityManager,
  consultationId: string,
  window: PageWindow,
): Promise<[Statement[], number]> {
  return em.findAndCount(
    Statement,
    { consultation: consultationId },
    {
      orderBy: { createdAt: 'asc', code: 'asc', id: 'asc' },
      limit: window.limit,
      offset: window.offset,
    },
  );
}

/** Returns one page of consultations, newest first, and their total number. */
export async function consultationsPage(
  em: EntityManager,
  window: PageWindow,
): Promise<[Consultation[], number]> {
  return em.findAndCount(
    Consultation,
    {},
    { orderBy: { createdAt: 'desc', id: 'asc' }, limit: window.limit, offset: window.offset },
  );
}

/** Returns a consultation by id, or null when the id names none. */
export async function findConsultation(
  em: EntityManager,
  id: string,
): Promise<Consultation | null> {
  return isRecordId(id) ? em.findOne(Consultation, { id }) : null;
}

/** A vote to record. */
export type StatementVoteRequest = {
  statementId: string;
  participantId: string;
  vote: StatementVoteValue;
};

/**
 * Outcome of `castStatementVote`: the statement's new results (null while the results policy
 * hides them), or the reason for rejecting the vote.
 */
export type StatementVoteOutcome =
  | {
      ok: true;
      result: StatementResultSnapshot | null;
      results: ConsultationResultsSnapshot | null;
    }
  | { ok: false; error: UserError };

/**
 * Records one participant's vote and publishes the consultation's new results.
 *
 * The current vote is written with an insert-or-update on the unique (statement, participant)
 * index, and the event is appended in the same transaction. Concurrent votes by one
 * participant therefore leave exactly one current vote (the last one committed) and one event
 * each.
 */
export async function castStatementVote(
  deps: {
    em: EntityManager;
    config: Pick<Config, 'hashKey' | 'minAggregateCount'>;
    events: EventBus;
    /** Sender of the request, checked when the consultation requires a verification level. */
    viewer?: Viewer;
  },
  request: StatementVoteRequest,
): Promise<StatementVoteOutcome> {
  const { em } = deps;
  const participantProblem = personIdProblem(request.participantId);
  if (participantProblem) {
    return { ok: false, error: invalidPersonId('participantId', participantProblem) };
  }
  const statement = isRecordId(request.statementId)
    ? await em.findOne(Statement, { id: request.statementId })
    : null;
  if (!statement) {
    return { ok: false, error: statementNotFound(request.statementId) };
  }
  if (!isStatementPublic(statement.moderation)) {
    return { ok: false, error: statementNotAccepted(request.statementId) };
  }

  const consultation = await em.findOneOrFail(Consultation, { id: statement.consultation.id });
  const participation = await checkParticipation(
    em,
    deps.config,
    consultation,
    { participantId: request.participantId, viewer: deps.viewer },
    'voting on statements',
  );
  if (!participation.ok) {
    return { ok: false, error: participation.error };
  }

  const consultationId = consultation.id;
  const hash = participantHash(deps.config.hashKey, consultationId, request.participantId);
  const castAt = new Date();
  await em.transactional(async (tx) => {
    await tx.upsert(
      StatementVote,
      {
        id: randomUUID(),
        statement: statement.id,
        participantHash: hash,
        value: request.vote,
        updatedAt: castAt,
      },
      {
        onConflictFields: ['statement', 'participantHash'],
        onConflictAction: 'merge',
        onConflictMergeFields: ['value', 'updatedAt'],
      },
    );
    await tx.insert(StatementVoteEvent, {
      id: randomUUID(),
      statement: statement.id,
      participantHash: hash,
      value: request.vote,
      castAt,
    });
  });

  if (!canShowResults(consultation)) {
    return { ok: true, result: null, results: null };
  }
  const results = await consultationResults(em, consultationId, deps.config.minAggregateCount);
  const result = results?.statements.find((entry) => entry.statementId === statement.id);
  if (!results || !result) {
    // The statement was rejected or deleted between the check and the count.
    return { ok: false, error: statementNotAccepted(request.statementId) };
  }
  await deps.events.pubSub.publish('CONSULTATION_RESULTS_UPDATED', consultationId, results);

  return { ok: true, result, results };
}
