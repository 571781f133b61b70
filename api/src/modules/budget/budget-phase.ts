import type { BallotError } from './ballot.errors';
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
