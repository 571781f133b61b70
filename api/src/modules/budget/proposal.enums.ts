import { registerEnumType } from 'type-graphql';

/** Review status of a submitted project. */
export type ProposalStatus =
  'SUBMITTED' | 'ACCEPTED' | 'REJECTED' | 'APPEALED' | 'APPEAL_DISMISSED';

/** GraphQL names of the proposal statuses. */
export const ProposalStatusEnum = {
  SUBMITTED: 'SUBMITTED',
  ACCEPTED: 'ACCEPTED',
  REJECTED: 'REJECTED',
  APPEALED: 'APPEALED',
  APPEAL_DISMISSED: 'APPEAL_DISMISSED',
} as const satisfies Record<ProposalStatus, ProposalStatus>;

/** One step in the review history of a proposal. */
export type ProposalDecisionKind =
  'COST_CHANGED' | 'ACCEPTED' | 'REJECTED' | 'APPEALED' | 'APPEAL_UPHELD' | 'APPEAL_DISMISSED';

/** GraphQL names of the review history steps. */
export const ProposalDecisionKindEnum = {
  COST_CHANGED: 'COST_CHANGED',
  ACCEPTED: 'ACCEPTED',
  REJECTED: 'REJECTED',
  APPEALED: 'APPEALED',
  APPEAL_UPHELD: 'APPEAL_UPHELD',
  APPEAL_DISMISSED: 'APPEAL_DISMISSED',
} as const satisfies Record<ProposalDecisionKind, ProposalDecisionKind>;

/** Outcome a department gives a submitted proposal. */
export type ReviewOutcome = 'ACCEPT' | 'REJECT' | 'CHANGE_COST';

/** GraphQL names of the review outcomes. */
export const ReviewOutcomeEnum = {
  ACCEPT: 'ACCEPT',
  REJECT: 'REJECT',
  CHANGE_COST: 'CHANGE_COST',
} as const satisfies Record<ReviewOutcome, ReviewOutcome>;

registerEnumType(ProposalStatusEnum, {
  name: 'ProposalStatus',
  description: 'Review status of a project submitted to a budget edition.',
  valuesConfig: {
    SUBMITTED: { description: 'Waiting for the department review.' },
    ACCEPTED: { description: 'Accepted: the project is on the ballot.' },
    REJECTED: { description: 'Rejected with a reason; the author may appeal once.' },
    APPEALED: { description: 'The author appealed the rejection; waiting for the decision.' },
    APPEAL_DISMISSED: { description: 'The appeal was dismissed; the rejection is final.' },
  },
});

registerEnumType(ProposalDecisionKindEnum, {
  name: 'ProposalDecisionKind',
  description: 'One step in the review history of a proposal.',
  valuesConfig: {
    COST_CHANGED: { description: 'The department set a reviewed cost; the review goes on.' },
    ACCEPTED: { description: 'The department accepted the project.' },
    REJECTED: { description: 'The department rejected the project.' },
    APPEALED: { description: 'The author appealed the rejection.' },
    APPEAL_UPHELD: { description: 'The appeal was upheld and the project accepted.' },
    APPEAL_DISMISSED: { description: 'The appeal was dismissed.' },
  },
});

registerEnumType(ReviewOutcomeEnum, {
  name: 'ReviewOutcome',
  description: 'Outcome a department gives a submitted proposal.',
  valuesConfig: {
    ACCEPT: { description: 'Accept the project for the ballot, optionally at a reviewed cost.' },
    REJECT: { description: 'Reject the project; a reason is required.' },
    CHANGE_COST: { description: 'Set the reviewed cost and keep the proposal in review.' },
  },
});
