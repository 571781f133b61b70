import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../platform/graphql/connection';
import { UserError } from '../../platform/graphql/user-error';
import { CategoryNode, DepartmentNode, DistrictNode, JurisdictionNode } from './case.types';

@ObjectType('RoutingRule', {
  description: 'Sends new cases of a category, a district, or both, to a department.',
})
export class RoutingRuleNode {
  @Field(() => ID, { description: 'Identifier of the rule.' })
  id!: string;

  @Field(() => CategoryNode, {
    nullable: true,
    description: 'Category matched; null matches every category.',
  })
  category!: CategoryNode | null;

  @Field(() => DistrictNode, {
    nullable: true,
    description: 'District matched; null matches every district.',
  })
  district!: DistrictNode | null;

  @Field(() => DepartmentNode, { description: 'Department that receives the cases.' })
  department!: DepartmentNode;
}

@ObjectType('CategoryServiceLevel', {
  description: "A category's routing, deadline targets and evidence rule.",
})
export class CategoryServiceLevelNode {
  @Field(() => DepartmentNode, {
    nullable: true,
    description: 'Department of new cases when no routing rule matches.',
  })
  department!: DepartmentNode | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Working hours until a case is overdue; null for no deadline.',
  })
  targetHours!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Working hours until the contact centre is warned.',
  })
  warningHours!: number | null;

  @Field(() => Boolean, { description: 'Whether resolving or closing as FIXED needs a photo URL.' })
  requiresFixEvidence!: boolean;
}

@ObjectType('JurisdictionCalendar', {
  description: 'When a jurisdiction works; deadlines count these hours only.',
})
export class JurisdictionCalendarNode {
  @Field(() => String, { description: 'IANA time zone of the working hours.' })
  timeZone!: string;

  @Field(() => String, { description: 'Country whose public holidays are days off.' })
  holidayCountry!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Region of the country for regional holidays.',
  })
  holidayRegion!: string | null;

  @Field(() => [Int], { description: 'Working ISO weekdays: 1 is Monday and 7 is Sunday.' })
  workingWeekdays!: number[];

  @Field(() => Int, { description: 'Local start of the working day, in minutes after midnight.' })
  workdayStartMinute!: number;

  @Field(() => Int, { description: 'Local end of the working day, in minutes after midnight.' })
  workdayEndMinute!: number;
}

@ObjectType({ description: 'A page of routing rules.' })
export class RoutingRuleConnection extends ConnectionType(RoutingRuleNode, 'RoutingRule') {}

@ObjectType({ description: 'Result of createDepartment.' })
export class DepartmentPayload {
  @Field(() => DepartmentNode, {
    nullable: true,
    description: 'The department; null when errors is not empty.',
  })
  department!: DepartmentNode | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of configureCategory.' })
export class ConfigureCategoryPayload {
  @Field(() => CategoryNode, {
    nullable: true,
    description: 'The category; null when errors is not empty.',
  })
  category!: CategoryNode | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of setRoutingRule.' })
export class RoutingRulePayload {
  @Field(() => RoutingRuleNode, {
    nullable: true,
    description: 'The stored rule; null when the rule was removed or errors is not empty.',
  })
  rule!: RoutingRuleNode | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of setJurisdictionCalendar.' })
export class JurisdictionCalendarPayload {
  @Field(() => JurisdictionNode, {
    nullable: true,
    description: 'The jurisdiction; null when errors is not empty.',
  })
  jurisdiction!: JurisdictionNode | null;

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of importDistrictBoundaries.' })
export class ImportDistrictBoundariesPayload {
  @Field(() => [DistrictNode], {
    description: 'Districts whose boundary was stored, in input order; empty on errors.',
  })
  districts!: DistrictNode[];

  @Field(() => [DistrictNode], {
    description:
      'Districts missing from the collection that this import retired, in code order; empty on errors.',
  })
  retiredDistricts!: DistrictNode[];

  @Field(() => [UserError], { description: 'Problems with the input; empty on success.' })
  errors!: UserError[];
}
