import type { EntityManager } from '@mikro-orm/core';
import { isAllowedTransition, isOpenStatus, residentReview, type CaseStatus } from '@ratusz/shared';
import { lockSqliteForWrite } from '../../platform/sqlite-write-lock';
import type { UserError } from '../../platform/graphql/user-error';
import { ServiceCase } from './case.entity';
import { caseErrors, isCaseModuleId } from './case.errors';
import { caseSnapshot } from './case.mapper';
import type { CaseMutationResult, CaseServiceContext } from './case.service';
import { applyClock } from './case-deadline.service';
import {
  evidenceUrlErrors,
  lifecycleErrors,
  MAX_AGENT_ID_LENGTH,
  noteErrors,
} from './case-lifecycle.errors';
import type { AddCaseNoteInput, AssignCaseInput, ReviewCaseInput } from './case-lifecycle.inputs';
import { appendTimeline, lockCases } from './case-timeline.service';
import type { ChangeCaseStatusInput } from './change-case-status.input';
import { departmentNotFound, lockDepartmentForCase } from './department-lookup';
import { assignmentRuleErrors } from './case-assignment-rules';
import type { Viewer } from '../../platform/auth/viewer';
import { enqueueCaseEvent } from '../webhooks/webhook-outbox';
import { enqueueStatusEmails } from '../email/email-outbox';

import { CASE_RELATIONS } from './case.service';

/** Extra configuration the resident's review needs. */
export type ReviewSettings = { reopenWindowDays: number };

type Outcome = { entity: ServiceCase | null; errors: UserError[] };

/**
 * Loads a case with its relations from the database, not from the identity map, so a caller
 * that locked the case with `lockCases` reads what the previous writer committed. Returns null
 * for an unknown or malformed id.
 */
export async function loadCase(em: EntityManager, caseId: string): Promise<ServiceCase | null> {
  return isCaseModuleId(caseId)
    ? em.findOne(ServiceCase, { id: caseId }, { populate: CASE_RELATIONS, refresh: true })
    : null;
}

/**
 * Runs `change` on one case inside a transaction, so every write of the mutation and its
 * webhook outbox rows commit together or not at all, then publishes the changed case on CASE_CHANGED. `change` returns
 * payload errors instead of writing when the input is invalid. The case is locked first (on
 * SQLite the whole database), so concurrent mutations of one case run one after another and
 * each reads the previous result.
 */
async function mutateCase(
  context: CaseServiceContext,
  caseId: string,
  change: (tx: EntityManager, entity: ServiceCase) => Promise<UserError[]> | UserError[],
): Promise<CaseMutationResult> {
  const outcome = await context.em.transactional(async (tx): Promise<Outcome> => {
    await lockSqliteForWrite(tx);
    await lockCases(tx, [caseId]);
    const entity = await loadCase(tx, caseId);
    if (!entity) {
      return { entity: null, errors: [caseErrors.notFound('case', caseId, 'caseId')] };
    }
    const previousStatus = entity.status;
    const errors = await change(tx, entity);
    if (errors.length === 0) {
      const statusChanged = entity.status !== previousStatus;
      await enqueueCaseEvent(
        tx,
        statusChanged ? 'CASE_STATUS_CHANGED' : 'CASE_UPDATED',
        entity,
        statusChanged ? previousStatus : null,
        new Date(),
      );
    }

    return { entity: errors.length > 0 ? null : entity, errors };
  });
  if (!outcome.entity) {
    return { case: null, errors: outcome.errors };
  }
  const snapshot = caseSnapshot(outcome.entity);
  context.events.pubSub.publish('CASE_CHANGED', { kind: 'UPDATED', case: snapshot });

  return { case: snapshot, errors: [] };
}

function statusChangeErrors(entity: ServiceCase, input: ChangeCaseStatusInput): UserError[] {
  const errors: UserError[] = [];
  if (!isAllowedTransition(entity.status, input.status)) {
    errors.push(lifecycleErrors.transitionNotAllowed(entity.status, input.status));
  }
  if (input.status === 'CLOSED' && !input.closeReason) {
    errors.push(lifecycleErrors.closeReasonMissing());
  }
  if (input.status !== 'CLOSED' && input.closeReason) {
    errors.push(lifecycleErrors.closeReasonUnexpected(input.status, input.closeReason));
  }
  errors.push(...evidenceUrlErrors(input.evidenceUrl));
  const fixed = input.status === 'RESOLVED' || input.closeReason === 'FIXED';
  if (
    fixed &&
    entity.category.requiresFixEvidence &&
    !input.evidenceUrl &&
    !entity.fixEvidenceUrl
  ) {
    errors.push(lifecycleErrors.evidenceMissing(entity.category.name));
  }
  errors.push(
    ...noteErrors('publicNote', input.publicNote),
    ...noteErrors('internalNote', input.internalNote),
  );

  return errors;
}

/** Sets the resolution fields for a move to `status`, and clears them when the case reopens. */
function applyResolution(entity: ServiceCase, status: CaseStatus, now: Date): void {
  if (isOpenStatus(status)) {
    entity.closedAt = null;
    entity.resolvedAt = null;

    return;
  }
  entity.closedAt ??= now;
  entity.resolvedAt ??= now;
}

/**
 * Changes the status of a case when the transition table allows it. Closing needs a reason,
 * and resolving or closing as FIXED needs a photo URL when the category requires evidence.
 * The change, and the optional public and internal notes, go to the timeline.
 */
export async function changeCaseStatus(
  context: CaseServiceContext,
  input: ChangeCaseStatusInput,
  now = new Date(),
): Promise<CaseMutationResult> {
  return mutateCase(context, input.caseId, async (tx, entity) => {
    const errors = statusChangeErrors(entity, input);
    if (errors.length > 0) {
      return errors;
    }
    const from = entity.status;
    applyClock(entity, from, input.status, now);
    applyResolution(entity, input.status, now);
    entity.status = input.status;
    entity.closeReason = input.status === 'CLOSED' ? input.closeReason! : null;
    entity.fixEvidenceUrl = input.evidenceUrl ?? entity.fixEvidenceUrl ?? null;
    entity.respondedAt ??= now;
    entity.updatedAt = now;
    appendTimeline(tx, entity, now, {
      kind: 'STATUS_CHANGED',
      actor: 'STAFF',
      visibility: 'PUBLIC',
      fromStatus: from,
      toStatus: input.status,
      closeReason: entity.closeReason,
      evidenceUrl: input.evidenceUrl ?? null,
      note: input.publicNote?.trim() || null,
    });
    if (input.internalNote?.trim()) {
      appendTimeline(tx, entity, now, {
        kind: 'NOTE',
        actor: 'STAFF',
        visibility: 'INTERNAL',
        note: input.internalNote.trim(),
      });
    }
    await enqueueStatusEmails(tx, entity, input.status, input.publicNote?.trim() || null, now);

    return [];
  });
}

/** Adds a staff note to a case's timeline. A public note counts as the first response. */
export async function addCaseNote(
  context: CaseServiceContext,
  input: AddCaseNoteInput,
  now = new Date(),
): Promise<CaseMutationResult> {
  return mutateCase(context, input.caseId, (tx, entity) => {
    const errors = noteErrors('text', input.text, true);
    if (errors.length > 0) {
      return errors;
    }
    if (input.visibility === 'PUBLIC') {
      entity.respondedAt ??= now;
    }
    entity.updatedAt = now;
    appendTimeline(tx, entity, now, {
      kind: 'NOTE',
      actor: 'STAFF',
      visibility: input.visibility,
      note: input.text.trim(),
    });

    return [];
  });
}

/**
 * Puts a case into a department's queue, named by code or id, and optionally gives it to one
 * agent, when the role of `viewer` allows it (see `assignmentRuleErrors`). The department and the
 * agent's account are read again, and on PostgreSQL locked, in the transaction that writes the
 * assignment, so one disabled or changed in the meantime is rejected. The previous assignment
 * stays in the timeline as staff-only history.
 */
export async function assignCase(
  context: CaseServiceContext,
  input: AssignCaseInput,
  viewer: Viewer,
  now = new Date(),
): Promise<CaseMutationResult> {
  return mutateCase(context, input.caseId, async (tx, entity) => {
    const errors = noteErrors('internalNote', input.internalNote);
    const agentId = input.agentId ?? null;
    if (
      agentId !== null &&
      (agentId.trim() === '' ||
        agentId.length > MAX_AGENT_ID_LENGTH ||
        /[\u0000-\u001f\u007f]/.test(agentId))
    ) {
      errors.push(lifecycleErrors.agentIdInvalid(agentId));
    }
    const lookup = await lockDepartmentForCase(tx, input.departmentId, entity.jurisdiction.id);
    if (lookup.problem === 'not-found') {
      errors.push(departmentNotFound(input.departmentId, ['input', 'departmentId']));
    } else if (lookup.problem === 'other-jurisdiction') {
      errors.push(lifecycleErrors.departmentOutsideJurisdiction(input.departmentId));
    }
    const department = lookup.department;
    if (errors.length > 0 || !department) {
      return errors;
    }
    const ruleErrors = await assignmentRuleErrors(
      tx,
      viewer,
      entity.department ?? null,
      department,
      agentId,
    );
    if (ruleErrors.length > 0) {
      return ruleErrors;
    }
    entity.department = department;
    entity.agentId = agentId;
    entity.updatedAt = now;
    appendTimeline(tx, entity, now, {
      kind: 'ASSIGNED',
      actor: 'STAFF',
      visibility: 'INTERNAL',
      departmentId: department.id,
      agentId,
      note: input.internalNote?.trim() || null,
    });

    return [];
  });
}

function reviewErrors(entity: ServiceCase, settings: ReviewSettings, now: Date): UserError[] {
  const review = residentReview(
    {
      status: entity.status,
      closeReason: entity.closeReason ?? null,
      // Imported cases carry only the source's closing time.
      resolvedAt: entity.resolvedAt ?? entity.closedAt ?? null,
    },
    now,
    settings.reopenWindowDays,
  );
  if (review.allowed) {
    return [];
  }

  return review.reason === 'WINDOW_EXPIRED'
    ? [lifecycleErrors.reviewWindowExpired(review.windowEnd!, settings.reopenWindowDays)]
    : [lifecycleErrors.reviewNotResolved(entity.status)];
}

/**
 * Records the resident's confirmation of a fix: a RESOLVED case within the review window is
 * closed as FIXED.
 */
export async function confirmCaseFix(
  context: CaseServiceContext,
  input: ReviewCaseInput,
  settings: ReviewSettings,
  now = new Date(),
): Promise<CaseMutationResult> {
  return mutateCase(context, input.caseId, (tx, entity) => {
    const errors = [...reviewErrors(entity, settings, now), ...noteErrors('note', input.note)];
    if (errors.length === 0 && entity.status === 'CLOSED') {
      errors.push(lifecycleErrors.alreadyConfirmed());
    }
    if (errors.length > 0) {
      return errors;
    }
    const from = entity.status;
    entity.status = 'CLOSED';
    entity.closeReason = 'FIXED';
    entity.closedAt ??= now;
    entity.updatedAt = now;
    appendTimeline(tx, entity, now, {
      kind: 'CONFIRMED',
      actor: 'RESIDENT',
      visibility: 'PUBLIC',
      fromStatus: from,
      toStatus: 'CLOSED',
      closeReason: 'FIXED',
      note: input.note?.trim() || null,
    });

    return [];
  });
}

/**
 * Reopens a case whose fix the resident disputes, within the review window after its
 * resolution. The case goes back to IN_PROGRESS and its resolution fields are cleared. The
 * resident must give a reason in the note.
 */
export async function reopenCase(
  context: CaseServiceContext,
  input: ReviewCaseInput,
  settings: ReviewSettings,
  now = new Date(),
): Promise<CaseMutationResult> {
  return mutateCase(context, input.caseId, (tx, entity) => {
    const errors = [
      ...reviewErrors(entity, settings, now),
      ...noteErrors('note', input.note, true),
    ];
    if (errors.length > 0) {
      return errors;
    }
    const from = entity.status;
    entity.status = 'IN_PROGRESS';
    entity.closeReason = null;
    entity.closedAt = null;
    entity.resolvedAt = null;
    entity.updatedAt = now;
    appendTimeline(tx, entity, now, {
      kind: 'REOPENED',
      actor: 'RESIDENT',
      visibility: 'PUBLIC',
      fromStatus: from,
      toStatus: 'IN_PROGRESS',
      note: input.note!.trim(),
    });

    return [];
  });
}
