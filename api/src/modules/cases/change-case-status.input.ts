import { Field, ID, InputType } from 'type-graphql';
import type { CaseStatus, CloseReason } from '@ratusz/shared';
import { CaseStatusEnum } from './case.enums';
import { CloseReasonEnum } from './case-timeline.enums';

@InputType({ description: 'A new status for an existing case, set by staff.' })
export class ChangeCaseStatusInput {
  @Field(() => ID, { description: 'Case to change.' })
  caseId!: string;

  @Field(() => CaseStatusEnum, {
    description: 'Status to set; must be an allowed next status of the current one.',
  })
  status!: CaseStatus;

  @Field(() => CloseReasonEnum, {
    nullable: true,
    description: 'Why the case is closed; required with CLOSED and rejected otherwise.',
  })
  closeReason?: CloseReason | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Photo URL (http or https) showing the fix. Required when resolving, or closing as FIXED, a case whose category asks for evidence and that has none yet.',
  })
  evidenceUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Note for the resident, shown with the status change in the public timeline.',
  })
  publicNote?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Note for staff only, added to the timeline as an internal entry.',
  })
  internalNote?: string | null;
}
