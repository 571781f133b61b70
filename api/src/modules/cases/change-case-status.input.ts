import { Field, ID, InputType } from 'type-graphql';
import type { CaseStatus } from '@ratusz/shared';
import { CaseStatusEnum } from './case.enums';

@InputType({ description: 'A new status for an existing case.' })
export class ChangeCaseStatusInput {
  @Field(() => ID, { description: 'Case to change.' })
  caseId!: string;

  @Field(() => CaseStatusEnum, { description: 'Status to set.' })
  status!: CaseStatus;
}
