import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { appendScopedAudit } from '../../platform/audit/audit-subscriber';
import { invalidPersonId, isRecordId, personIdProblem } from '../../platform/ids';
import type { PageWindow } from '../../platform/graphql/connection';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { hashIdentifier } from '../../platform/identity';
import { BudgetEdition } from './budget-edition.entity';
import { requireBudgetPhase } from './budget-phase';
import { BudgetProject } from './budget-project.entity';
import type { BudgetPhase } from './budget.enums';
import { BudgetService } from './budget.service';
import type { ProposalDecisionKind, ProposalStatus, ReviewOutcome } from './proposal.enums';
import { BudgetProposal, ProposalDecision } from './proposal.entity';
import {
  checkCost,
  checkLocation,
  checkOptionalText,
  checkText,
  PROPOSAL_LIMITS,
} from './proposal.validation';

/** A project as a resident submits it. Cost in minor units. */
export type SubmitProposal = {
  editionId: string;
  residentId: string;
  title: string;
  description: string;
  estimatedCost: number;
  latitude?: number | null;
  longitude?: number | null;
  category: string;
  district?: string | null;
};

/** A department's review of a submitted proposal. */
export type ReviewProposal = {
  proposalId: string;
  department: string;
  outcome: ReviewOutcome;
  reason?: string | null;
  reviewedCost?: number | null;
};

/** The author's appeal against a rejection. */
export type AppealProposal = { proposalId: string; residentId: string; text: string };

/** A department's decision on an appeal. */
export type DecideAppeal = {
  proposalId: string;
  department: string;
  upheld: boolean;
  reason?: string | null;
  reviewedCost?: number | null;
};

/** The outcome of a proposal mutation: the changed proposal, or the reasons nothing changed. */
export type ProposalResult =
  { proposal: BudgetProposal; errors: [] } | { proposal: null; errors: UserError[] };

/** Attempts at numbering a proposal when another submission takes the same number. */
const NUMBERING_ATTEMPTS = 3;

const failed = (errors: UserError[]): ProposalResult => ({ proposal: null, errors });

/**
 * Returns a WRONG_PHASE result when the edition is outside `allowed`. Projects are submitted in
 * SUBMISSION; reviews and appeals run until voting opens, because the ballot is fixed then.
 */
function phaseFailure(
  edition: BudgetEdition,
  ...allowed: [BudgetPhase, ...BudgetPhase[]]
): ProposalResult | null {
  const problem = requireBudgetPhase(edition, ...allowed);

  return problem ? failed([userError(problem.code, problem.message, ['editionId'])]) : null;
}

function proposalNotFound(proposalId: string): ProposalResult {
  return failed([
    userError(
      'PROPOSAL_NOT_FOUND',
      `Proposal ${proposalId} does not exist: pass an id from budgetProposals.`,
      ['proposalId'],
    ),
  ]);
}

function wrongStatus(proposal: BudgetProposal, action: string, expected: ProposalStatus[]) {
  return failed([
    userError(
      'INVALID_PROPOSAL_STATUS',
      `Proposal ${proposal.id} is ${proposal.status}: it can be ${action} only when ${expected.join(' or ')}.`,
      ['proposalId'],
    ),
  ]);
}

/**
 * Submission, review and appeal of residents' projects. Each mutation has one method here, so a
 * phase check is one line at its start. Every change of status writes a `ProposalDecision`
 * in the same transaction, and a status change applies only when the status is still the one
 * read, so two reviewers deciding at once cannot both succeed.
 */
export class ProposalService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: { hashKey: string },
  ) {}

  /** Derives the stored author hash; the namespace keeps it apart from the voter hashes. */
  submitterHash(editionId: string, residentId: string): string {
    return hashIdentifier(this.deps.hashKey, `budget-submitter:${editionId}`, residentId);
  }

  /** Validates and stores a new proposal with status SUBMITTED. */
  async submit(input: SubmitProposal): Promise<ProposalResult> {
    const residentProblem = personIdProblem(input.residentId);
    if (residentProblem) {
      return failed([invalidPersonId('residentId', residentProblem)]);
    }
    const edition = isRecordId(input.editionId)
      ? await this.em.findOne(BudgetEdition, input.editionId)
      : null;
    if (!edition) {
      return failed([
        userError(
          'EDITION_NOT_FOUND',
          `Budget edition ${input.editionId} does not exist: pass an id from budgetEditions.`,
          ['editionId'],
        ),
      ]);
    }
    const wrongPhase = phaseFailure(edition, 'SUBMISSION');
    if (wrongPhase) {
      return wrongPhase;
    }
    const errors = [
      ...checkText('title', input.title, PROPOSAL_LIMITS.title),
      ...checkText('description', input.description, PROPOSAL_LIMITS.description, true),
      ...checkCost('estimatedCost', input.estimatedCost, edition.budget, edition.currency),
      ...checkLocation(input.latitude, input.longitude),
      ...checkText('category', input.category, PROPOSAL_LIMITS.category),
      ...checkOptionalText('district', input.district, PROPOSAL_LIMITS.district),
    ];
    if (errors.length > 0) {
      return failed(errors);
    }

    for (let attempt = 1; ; attempt += 1) {
      try {
        const proposal = await this.em.transactional(async (tx) => {
          const created = tx.create(BudgetProposal, {
            edition: edition.id,
            number: await this.nextNumber(tx, edition.id),
            submitterHash: this.submitterHash(edition.id, input.residentId),
            title: input.title.trim(),
            description: input.description.trim(),
            estimatedCost: input.estimatedCost,
            latitude: input.latitude ?? null,
            longitude: input.longitude ?? null,
            category: input.category.trim(),
            district: input.district?.trim() || null,
          });
          await tx.flush();

          return created.id;
        });

        return { proposal: await this.em.findOneOrFail(BudgetProposal, proposal), errors: [] };
      } catch (error) {
        if (
          !(error instanceof UniqueConstraintViolationException) ||
          attempt >= NUMBERING_ATTEMPTS
        ) {
          throw error;
        }
      }
    }
  }

  /** Number after the highest proposal number and after the edition's existing projects. */
  private async nextNumber(tx: EntityManager, editionId: string): Promise<number> {
    const [last] = await tx.find(
      BudgetProposal,
      { edition: editionId },
      { orderBy: { number: 'desc' }, limit: 1, fields: ['number'] },
    );
    const projects = await tx.count(BudgetProject, { edition: editionId });

    return Math.max(last?.number ?? 0, projects) + 1;
  }

  /**
   * Applies a department's review to a SUBMITTED proposal: ACCEPT puts it on the ballot at the
   * reviewed cost (or the estimate), REJECT needs a reason, CHANGE_COST records a reviewed cost
   * and keeps the proposal in review.
   */
  async review(input: ReviewProposal): Promise<ProposalResult> {
    const proposal = await this.find(input.proposalId);
    if (!proposal) {
      return proposalNotFound(input.proposalId);
    }
    const wrongPhase = phaseFailure(proposal.edition, 'SUBMISSION', 'REVIEW');
    if (wrongPhase) {
      return wrongPhase;
    }
    if (proposal.status !== 'SUBMITTED') {
      return wrongStatus(proposal, 'reviewed', ['SUBMITTED']);
    }
    const errors = this.checkDecision(proposal, input, input.outcome === 'REJECT');
    if (input.outcome === 'CHANGE_COST' && (input.reviewedCost ?? null) === null) {
      errors.push(
        userError('REQUIRED', 'CHANGE_COST needs a reviewedCost in minor units.', ['reviewedCost']),
      );
    }
    if (errors.length > 0) {
      return failed(errors);
    }

    switch (input.outcome) {
      case 'ACCEPT':
        return this.transition(proposal, 'SUBMITTED', 'ACCEPTED', 'ACCEPTED', input);
      case 'REJECT':
        return this.transition(proposal, 'SUBMITTED', 'REJECTED', 'REJECTED', input);
      case 'CHANGE_COST':
        return this.transition(proposal, 'SUBMITTED', 'SUBMITTED', 'COST_CHANGED', input);
    }
  }

  /** Records the author's one appeal against a REJECTED proposal. */
  async appeal(input: AppealProposal): Promise<ProposalResult> {
    const residentProblem = personIdProblem(input.residentId);
    if (residentProblem) {
      return failed([invalidPersonId('residentId', residentProblem)]);
    }
    const proposal = await this.find(input.proposalId);
    if (!proposal) {
      return proposalNotFound(input.proposalId);
    }
    if (proposal.submitterHash !== this.submitterHash(proposal.edition.id, input.residentId)) {
      return failed([
        userError(
          'NOT_AUTHOR',
          'Only the author of a proposal may appeal its rejection: pass the residentId it was submitted with.',
          ['residentId'],
        ),
      ]);
    }
    if (proposal.appealText !== null && proposal.appealText !== undefined) {
      return failed([
        userError(
          'ALREADY_APPEALED',
          `Proposal ${proposal.id} was already appealed: a rejection may be appealed once.`,
          ['proposalId'],
        ),
      ]);
    }
    const wrongPhase = phaseFailure(proposal.edition, 'SUBMISSION', 'REVIEW');
    if (wrongPhase) {
      return wrongPhase;
    }
    if (proposal.status !== 'REJECTED') {
      return wrongStatus(proposal, 'appealed', ['REJECTED']);
    }
    const errors = checkText('text', input.text, PROPOSAL_LIMITS.appealText, true);
    if (errors.length > 0) {
      return failed(errors);
    }

    return this.transition(proposal, 'REJECTED', 'APPEALED', 'APPEALED', {
      appealText: input.text.trim(),
    });
  }

  /** Decides an APPEALED proposal: upheld puts it on the ballot, dismissed needs a reason. */
  async decideAppeal(input: DecideAppeal): Promise<ProposalResult> {
    const proposal = await this.find(input.proposalId);
    if (!proposal) {
      return proposalNotFound(input.proposalId);
    }
    const wrongPhase = phaseFailure(proposal.edition, 'SUBMISSION', 'REVIEW');
    if (wrongPhase) {
      return wrongPhase;
    }
    if (proposal.status !== 'APPEALED') {
      return wrongStatus(proposal, 'decided on appeal', ['APPEALED']);
    }
    const errors = this.checkDecision(proposal, input, !input.upheld);
    if (errors.length > 0) {
      return failed(errors);
    }

    return input.upheld
      ? this.transition(proposal, 'APPEALED', 'ACCEPTED', 'APPEAL_UPHELD', input)
      : this.transition(proposal, 'APPEALED', 'APPEAL_DISMISSED', 'APPEAL_DISMISSED', input);
  }

  /** Returns one page of an edition's proposals in number order, with the total number. */
  async list(editionId: string, status: ProposalStatus | null, window: PageWindow) {
    const [nodes, total] = await this.em.findAndCount(
      BudgetProposal,
      { edition: editionId, ...(status ? { status } : {}) },
      { orderBy: { number: 'asc' }, offset: window.offset, limit: window.limit },
    );

    return { nodes, total };
  }

  /** Returns the review history of a proposal, oldest first. */
  history(proposalId: string): Promise<ProposalDecision[]> {
    return this.em.find(
      ProposalDecision,
      { proposal: proposalId },
      { orderBy: { sequence: 'asc' } },
    );
  }

  private async find(proposalId: string): Promise<BudgetProposal | null> {
    return isRecordId(proposalId)
      ? this.em.findOne(BudgetProposal, proposalId, { populate: ['edition'], refresh: true })
      : null;
  }

  /** Checks the department, the reason (required when rejecting) and a reviewed cost. */
  private checkDecision(
    proposal: BudgetProposal,
    input: { department: string; reason?: string | null; reviewedCost?: number | null },
    reasonRequired: boolean,
  ): UserError[] {
    const errors = checkText('department', input.department, PROPOSAL_LIMITS.department);
    if (reasonRequired && (input.reason ?? null) === null) {
      errors.push(
        userError(
          'REQUIRED',
          'A rejection needs a reason that the author and the public can read.',
          ['reason'],
        ),
      );
    }
    errors.push(...checkOptionalText('reason', input.reason, PROPOSAL_LIMITS.reason));
    const edition = proposal.edition;
    if (input.reviewedCost !== null && input.reviewedCost !== undefined) {
      errors.push(
        ...checkCost('reviewedCost', input.reviewedCost, edition.budget, edition.currency),
      );
    }

    return errors;
  }

  /**
   * Moves a proposal from status `from` to `to` and records step `kind`, in one transaction. An
   * accepted proposal becomes a ballot project at its reviewed cost or estimate. When the
   * status is no longer `from`, because another request decided first, nothing is written.
   */
  private async transition(
    proposal: BudgetProposal,
    from: ProposalStatus,
    to: ProposalStatus,
    kind: ProposalDecisionKind,
    change: {
      department?: string;
      reason?: string | null;
      reviewedCost?: number | null;
      appealText?: string;
    },
  ): Promise<ProposalResult> {
    const reviewedCost = change.reviewedCost ?? proposal.reviewedCost ?? null;
    const updated = await this.em.transactional(async (tx) => {
      const now = new Date();
      const changed = await tx.nativeUpdate(
        BudgetProposal,
        { id: proposal.id, status: from },
        {
          status: to,
          updatedAt: now,
          reviewedCost,
          ...(change.appealText === undefined ? {} : { appealText: change.appealText }),
          ...(kind === 'REJECTED' || kind === 'APPEAL_DISMISSED'
            ? { rejectionReason: change.reason?.trim() }
            : {}),
        },
      );
      if (changed === 0) {
        return false;
      }
      // The update bypasses the unit of work, so the flush subscriber does not see it.
      await appendScopedAudit(tx, {
        action: 'budget_proposal.updated',
        subjectType: 'budget_proposal',
        subjectId: proposal.id,
        details: { decision: kind, fromStatus: from, toStatus: to },
      });
      tx.create(ProposalDecision, {
        proposal: proposal.id,
        kind,
        department: change.department?.trim() ?? null,
        reason: change.reason?.trim() || null,
        cost: change.reviewedCost ?? null,
        decidedAt: now,
        sequence: await tx.count(ProposalDecision, { proposal: proposal.id }),
      });
      if (to === 'ACCEPTED') {
        const project = await new BudgetService(tx, this.deps).addProject(
          tx.getReference(BudgetEdition, proposal.edition.id),
          {
            code: String(proposal.number),
            name: proposal.title,
            cost: reviewedCost ?? proposal.estimatedCost,
            category: proposal.category,
            latitude: proposal.latitude,
            longitude: proposal.longitude,
          },
        );
        await tx.nativeUpdate(BudgetProposal, { id: proposal.id }, { project: project.id });
        await appendScopedAudit(tx, {
          action: 'budget_proposal.updated',
          subjectType: 'budget_proposal',
          subjectId: proposal.id,
          details: { fields: 'project', projectId: project.id },
        });
      }
      await tx.flush();

      return true;
    });
    if (!updated) {
      const current = (await this.find(proposal.id))!;

      return failed([
        userError(
          'PROPOSAL_CHANGED',
          `Proposal ${proposal.id} changed to ${current.status} while this request ran: reload it and decide again.`,
          ['proposalId'],
        ),
      ]);
    }

    return { proposal: (await this.find(proposal.id))!, errors: [] };
  }
}
