import type { EntityManager } from '@mikro-orm/core';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { isRecordId } from '../../platform/ids';
import { editionNotFound, type BallotError } from './ballot.errors';
import { BudgetEdition } from './budget-edition.entity';
import type { BudgetPhase } from './budget.enums';

/** Every phase in the order an edition passes through them. */
export const BUDGET_PHASES: readonly BudgetPhase[] = [
  'SUBMISSION',
  'REVIEW',
  'VOTING',
  'COUNTING',
  'RESULTS',
  'IMPLEMENTATION',
];

/** Returns the phase after `phase`, or null after IMPLEMENTATION. */
export function nextBudgetPhase(phase: BudgetPhase): BudgetPhase | null {
  return BUDGET_PHASES[BUDGET_PHASES.indexOf(phase) + 1] ?? null;
}

/** Returns whether `phase` comes at or after `other`. */
export function phaseReached(phase: BudgetPhase, other: BudgetPhase): boolean {
  return BUDGET_PHASES.indexOf(phase) >= BUDGET_PHASES.indexOf(other);
}

/**
 * Checks that an edition is in one of the `allowed` phases. Returns null when it is, otherwise
 * a WRONG_PHASE payload error naming the current and the required phase, for example
 * `requireBudgetPhase(edition, 'VOTING')` before accepting a ballot.
 */
export function requireBudgetPhase(
  edition: { name: string; phase: BudgetPhase },
  ...allowed: [BudgetPhase, ...BudgetPhase[]]
): BallotError | null {
  if (allowed.includes(edition.phase)) {
    return null;
  }

  return {
    code: 'WRONG_PHASE',
    message: `Budget edition "${edition.name}" is in phase ${edition.phase}, but this operation requires phase ${allowed.join(' or ')}: wait for that phase or move the edition with advanceBudgetPhase.`,
    field: [],
  };
}

/**
 * Loads an edition for a change of its counting or voting settings, which is allowed only in
 * SUBMISSION and REVIEW, before any ballot is cast. Returns the edition, or the payload error
 * for an unknown id or a later phase.
 */
export async function loadEditionBeforeVoting(
  em: EntityManager,
  editionId: string,
): Promise<{ edition: BudgetEdition; error: null } | { edition: null; error: UserError }> {
  const edition = isRecordId(editionId) ? await em.findOne(BudgetEdition, editionId) : null;
  const problem = edition ? requireBudgetPhase(edition, 'SUBMISSION', 'REVIEW') : editionNotFound(editionId);
  if (problem) {
    return { edition: null, error: userError(problem.code, problem.message, problem.field) };
  }

  return { edition: edition!, error: null };
}
