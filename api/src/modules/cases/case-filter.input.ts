import { Field, GraphQLISODateTime, ID, InputType } from 'type-graphql';
import type { CaseChannel, CaseStatus } from '@ratusz/shared';
import { CaseChannelEnum, CaseStatusEnum } from './case.enums';

@InputType({ description: 'Conditions a case must meet; omitted fields do not restrict.' })
export class CaseFilter {
  @Field(() => ID, { nullable: true, description: 'Only cases of this jurisdiction.' })
  jurisdictionId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Only cases in one of these categories.' })
  categoryIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only cases in one of these districts.' })
  districtIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: "Only cases in one of these departments' queues.",
  })
  departmentIds?: string[] | null;

  @Field(() => [CaseStatusEnum], {
    nullable: true,
    description: 'Only cases in one of these statuses.',
  })
  statuses?: CaseStatus[] | null;

  @Field(() => [CaseChannelEnum], {
    nullable: true,
    description: 'Only cases from one of these channels.',
  })
  channels?: CaseChannel[] | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Only cases created at or after this time.',
  })
  createdFrom?: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Only cases created before this time.',
  })
  createdTo?: Date | null;
}
