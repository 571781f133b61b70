import { registerEnumType } from 'type-graphql';
import type { CloseReason, DeadlineEventKind } from '@ratusz/shared';

/** Kind of event a timeline entry records. */
export type TimelineEntryKind =
  | 'OPENED'
  | 'STATUS_CHANGED'
  | 'NOTE'
  | 'ASSIGNED'
  | 'CONFIRMED'
  | 'REOPENED'
  | 'SLA_WARNING'
  | 'SLA_BREACHED'
  | 'MERGED';

/** Originator of a timeline entry. */
export type TimelineActor = 'STAFF' | 'RESIDENT' | 'SYSTEM';

/** Readership of a timeline entry. */
export type TimelineVisibility = 'PUBLIC' | 'INTERNAL';

const kindDescriptions: Record<TimelineEntryKind, string> = {
  OPENED: 'The case was opened.',
  STATUS_CHANGED: 'Staff changed the status.',
  NOTE: 'A note was added without other changes.',
  ASSIGNED: 'The case was assigned to a department queue or an agent.',
  CONFIRMED: 'The resident confirmed the fix.',
  REOPENED: 'The resident reopened the case after its resolution.',
  SLA_WARNING: 'The case reached its warning time.',
  SLA_BREACHED: 'The case passed its target time.',
  MERGED: 'A duplicate was merged into this case, or this case was merged into its master.',
};

const actorDescriptions: Record<TimelineActor, string> = {
  STAFF: 'City staff.',
  RESIDENT: 'The resident who reported the case.',
  SYSTEM: 'Ratusz itself, for example the routing rules or the deadline checker.',
};

const visibilityDescriptions: Record<TimelineVisibility, string> = {
  PUBLIC: 'Visible to the resident and the public.',
  INTERNAL: 'Visible to staff only.',
};

const closeReasonDescriptions: Record<CloseReason, string> = {
  FIXED: 'The problem was fixed.',
  DUPLICATE: 'Another case reports the same problem.',
  NOT_CITY_RESPONSIBILITY: 'The problem is outside the responsibility of the city.',
  NO_FURTHER_ACTION: 'Nothing more will be done, for example because the problem was not found.',
  REFERRED_ELSEWHERE: 'Passed to another organisation, such as a utility company.',
};

const deadlineEventDescriptions: Record<DeadlineEventKind, string> = {
  SLA_WARNING: 'The case reached its warning time and is still open.',
  SLA_BREACHED: 'The case passed its target time and is still open.',
};

function enumOf<T extends string>(name: string, description: string, values: Record<T, string>) {
  const object = Object.fromEntries(Object.keys(values).map((key) => [key, key])) as Record<T, T>;
  registerEnumType(object, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      Object.entries(values).map(([key, text]) => [key, { description: text }]),
    ) as Record<T, { description: string }>,
  });

  return object;
}

export const TimelineEntryKindEnum = enumOf(
  'CaseTimelineEntryKind',
  'What a timeline entry records.',
  kindDescriptions,
);
export const TimelineActorEnum = enumOf(
  'CaseTimelineActor',
  'Who caused a timeline entry.',
  actorDescriptions,
);
export const TimelineVisibilityEnum = enumOf(
  'NoteVisibility',
  'Who may read a note.',
  visibilityDescriptions,
);
export const CloseReasonEnum = enumOf(
  'CloseReason',
  'Why a case was closed.',
  closeReasonDescriptions,
);
export const DeadlineEventKindEnum = enumOf(
  'DeadlineEventKind',
  'Kind of deadline event on the caseDeadlineAlerts subscription.',
  deadlineEventDescriptions,
);
