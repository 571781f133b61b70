import { Field, ID, InputType } from 'type-graphql';
import { TimelineVisibilityEnum, type TimelineVisibility } from './case-timeline.enums';

@InputType({ description: 'A staff note on a case.' })
export class AddCaseNoteInput {
  @Field(() => ID, { description: 'Case to annotate.' })
  caseId!: string;

  @Field(() => String, { description: 'Text of the note, at most 5,000 characters.' })
  text!: string;

  @Field(() => TimelineVisibilityEnum, {
    description: 'PUBLIC shows the note to the resident; INTERNAL keeps it for staff.',
  })
  visibility!: TimelineVisibility;
}

@InputType({ description: "A case's department queue and optional agent." })
export class AssignCaseInput {
  @Field(() => ID, { description: 'Case to assign.' })
  caseId!: string;

  @Field(() => ID, {
    description:
      "Department whose queue receives the case, by code (such as roads) or id; of the case's jurisdiction.",
  })
  departmentId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Agent who handles the case: the id of a local account, or the oidc: viewer id of an OIDC user who has signed in at least once; null for the queue only.',
  })
  agentId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Reason for the assignment, for staff only.',
  })
  internalNote?: string | null;
}

@InputType({ description: "The resident's review of a resolved case." })
export class ReviewCaseInput {
  @Field(() => ID, { description: 'Case under review.' })
  caseId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Public comment of the resident; required when reopening.',
  })
  note?: string | null;
}
