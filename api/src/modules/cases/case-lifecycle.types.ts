import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type { CaseStatus, CloseReason, DeadlineEventKind } from '@ratusz/shared';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import { CaseStatusEnum } from './case.enums';
import { CaseNode, DepartmentNode } from './case.types';
import {
  CloseReasonEnum,
  DeadlineEventKindEnum,
  TimelineActorEnum,
  TimelineEntryKindEnum,
  TimelineVisibilityEnum,
  type TimelineActor,
  type TimelineEntryKind,
  type TimelineVisibility,
} from './case-timeline.enums';

@ObjectType('CaseTimelineEntry', { description: "One event in a case's history." })
export class CaseTimelineEntryNode {
  @Field(() => ID, { description: 'Identifier of the entry.' })
  id!: string;

  @Field(() => Int, { description: 'Place in the timeline, 1 for the first entry.' })
  position!: number;

  @Field(() => GraphQLISODateTime, { description: 'When it happened.' })
  createdAt!: Date;

  @Field(() => TimelineEntryKindEnum, { description: 'What happened.' })
  kind!: TimelineEntryKind;

  @Field(() => TimelineActorEnum, { description: 'Who caused it.' })
  actor!: TimelineActor;

  @Field(() => TimelineVisibilityEnum, { description: 'Who may read it.' })
  visibility!: TimelineVisibility;

  @Field(() => CaseStatusEnum, { nullable: true, description: 'Status before a status change.' })
  fromStatus!: CaseStatus | null;

  @Field(() => CaseStatusEnum, { nullable: true, description: 'Status after a status change.' })
  toStatus!: CaseStatus | null;

  @Field(() => CloseReasonEnum, {
    nullable: true,
    description: 'Reason given when the case was closed.',
  })
  closeReason!: CloseReason | null;

  @Field(() => String, { nullable: true, description: 'Photo URL given as evidence of the fix.' })
  evidenceUrl!: string | null;

  @Field(() => ID, { nullable: true, description: 'Department assigned, for ASSIGNED entries.' })
  departmentId!: string | null;

  @Field(() => String, { nullable: true, description: 'Agent assigned, for ASSIGNED entries.' })
  agentId!: string | null;

  @Field(() => String, { nullable: true, description: 'Note written with the event.' })
  note!: string | null;
}

@ObjectType({ description: 'A page of timeline entries, oldest first.' })
export class CaseTimelineConnection extends ConnectionType(
  CaseTimelineEntryNode,
  'CaseTimelineEntry',
) {}

@ObjectType({ description: 'A page of departments.' })
export class DepartmentConnection extends ConnectionType(DepartmentNode, 'Department') {}

@ObjectType({ description: 'Result of a case mutation: the changed case, or the errors.' })
export class CasePayload {
  @Field(() => CaseNode, {
    nullable: true,
    description: 'The changed case; null when errors is not empty.',
  })
  case!: CaseNode | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}

@ObjectType('CaseDeadlineEvent', {
  description: 'An open case that reached its warning time or passed its target.',
})
export class CaseDeadlineEventNode {
  @Field(() => DeadlineEventKindEnum, {
    description: 'Whether the warning time or the target passed.',
  })
  kind!: DeadlineEventKind;

  @Field(() => CaseNode, { description: 'The case when the event was published.' })
  case!: CaseNode;
}
