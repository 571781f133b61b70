import { Field, Float, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import type { CaseChannel, CaseStatus, CloseReason } from '@ratusz/shared';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import {
  CaseChannelEnum,
  CaseEventKindEnum,
  CaseStatusEnum,
  type CaseEventKind,
} from './case.enums';
import { CloseReasonEnum } from './case-timeline.enums';

@ObjectType('Jurisdiction', { description: 'A city or data set whose cases are kept together.' })
export class JurisdictionNode {
  @Field(() => ID, { description: 'Identifier of the jurisdiction.' })
  id!: string;

  @Field(() => String, { description: 'Short lower-case code, such as nyc, la, sf or demo.' })
  code!: string;

  @Field(() => String, { description: 'Display name, such as New York City.' })
  name!: string;
}

@ObjectType('Category', { description: 'A kind of service request within one jurisdiction.' })
export class CategoryNode {
  @Field(() => ID, { description: 'Identifier of the category.' })
  id!: string;

  @Field(() => String, {
    description: 'Service code from the source, or one derived from the name.',
  })
  code!: string;

  @Field(() => String, { description: 'Display name, such as Graffiti Removal.' })
  name!: string;

  @Field(() => JurisdictionNode, { description: 'Jurisdiction the category belongs to.' })
  jurisdiction!: JurisdictionNode;
}

@ObjectType('District', { description: 'An area of one jurisdiction that cases are counted by.' })
export class DistrictNode {
  @Field(() => ID, { description: 'Identifier of the district.' })
  id!: string;

  @Field(() => String, {
    description: 'Code derived from the name, unique within the jurisdiction.',
  })
  code!: string;

  @Field(() => String, { description: 'Display name, such as Brooklyn or Council District 9.' })
  name!: string;

  @Field(() => JurisdictionNode, { description: 'Jurisdiction the district belongs to.' })
  jurisdiction!: JurisdictionNode;
}

@ObjectType('Department', { description: 'A unit of one jurisdiction with its own queue of cases.' })
export class DepartmentNode {
  @Field(() => ID, { description: 'Identifier of the department.' })
  id!: string;

  @Field(() => String, { description: 'Code unique within the jurisdiction, such as roads.' })
  code!: string;

  @Field(() => String, { description: 'Display name, such as Roads and Pavements.' })
  name!: string;

  @Field(() => JurisdictionNode, { description: 'Jurisdiction the department belongs to.' })
  jurisdiction!: JurisdictionNode;
}

@ObjectType('Case', {
  description: "A 311 service request. The resident's description is never exposed.",
})
export class CaseNode {
  @Field(() => ID, { description: 'Identifier of the case.' })
  id!: string;

  @Field(() => String, {
    description:
      'Case number: CODE-YEAR-SEQUENCE for cases opened here, CODE-SOURCEID for imports.',
  })
  number!: string;

  @Field(() => JurisdictionNode, { description: 'Jurisdiction the case belongs to.' })
  jurisdiction!: JurisdictionNode;

  @Field(() => CategoryNode, { description: 'Kind of request.' })
  category!: CategoryNode;

  @Field(() => DistrictNode, { nullable: true, description: 'District of the case, when known.' })
  district!: DistrictNode | null;

  @Field(() => CaseStatusEnum, { description: 'Current status.' })
  status!: CaseStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Status as the source system wrote it, for imported cases.',
  })
  sourceStatus!: string | null;

  @Field(() => CaseChannelEnum, { description: 'Channel through which the case arrived.' })
  channel!: CaseChannel;

  @Field(() => Float, {
    nullable: true,
    description: 'Latitude in degrees (WGS 84), when located.',
  })
  latitude!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Longitude in degrees (WGS 84), when located.',
  })
  longitude!: number | null;

  @Field(() => GraphQLISODateTime, { description: 'When the case was opened.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the case last changed.' })
  updatedAt!: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the case was resolved or closed; null while open.',
  })
  closedAt!: Date | null;

  @Field(() => CloseReasonEnum, { nullable: true, description: 'Why the case was closed; null unless CLOSED.' })
  closeReason!: CloseReason | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'First staff response: the first status change or public note by staff.',
  })
  respondedAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Latest resolution (RESOLVED, or CLOSED straight from work); null while open or after reopening.',
  })
  resolvedAt!: Date | null;

  @Field(() => DepartmentNode, {
    nullable: true,
    description: "Department whose queue the case is in; null when no routing rule matched.",
  })
  department!: DepartmentNode | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: "When the contact centre is warned, counted in the jurisdiction's working hours; null without a warning target.",
  })
  warningAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: "When the case is overdue, counted in the jurisdiction's working hours; null without a target.",
  })
  dueAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Since when the deadline clock is paused because staff wait for the resident; null while it runs.',
  })
  clockPausedAt!: Date | null;
}

@ObjectType('CaseEvent', { description: 'A case that was opened or changed.' })
export class CaseEventNode {
  @Field(() => CaseEventKindEnum, { description: 'Whether the case was opened or changed.' })
  kind!: CaseEventKind;

  @Field(() => CaseNode, { description: 'The case after the change.' })
  case!: CaseNode;
}

@ObjectType({ description: 'A page of jurisdictions.' })
export class JurisdictionConnection extends ConnectionType(JurisdictionNode, 'Jurisdiction') {}

@ObjectType({ description: 'A page of categories.' })
export class CategoryConnection extends ConnectionType(CategoryNode, 'Category') {}

@ObjectType({ description: 'A page of districts.' })
export class DistrictConnection extends ConnectionType(DistrictNode, 'District') {}

@ObjectType({ description: 'A page of cases.' })
export class CaseConnection extends ConnectionType(CaseNode, 'Case') {}

@ObjectType({ description: 'Result of openCase: the new case, or the errors that prevented it.' })
export class OpenCasePayload {
  @Field(() => CaseNode, {
    nullable: true,
    description: 'The opened case; null when errors is not empty.',
  })
  case!: CaseNode | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of changeCaseStatus: the changed case, or the errors.' })
export class ChangeCaseStatusPayload {
  @Field(() => CaseNode, {
    nullable: true,
    description: 'The changed case; null when errors is not empty.',
  })
  case!: CaseNode | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}
