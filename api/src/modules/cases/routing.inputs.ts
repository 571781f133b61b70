import { Field, ID, InputType, Int } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';

@InputType({ description: 'A new department of a jurisdiction.' })
export class CreateDepartmentInput {
  @Field(() => ID, { description: 'Jurisdiction of the department.' })
  jurisdictionId!: string;

  @Field(() => String, { description: 'Display name, such as Roads and Pavements.' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Code of lower-case letters, digits and hyphens; derived from the name when omitted.',
  })
  code?: string | null;
}

@InputType({
  description:
    "A category's routing, deadline targets and evidence rule. Omitted fields keep their value.",
})
export class ConfigureCategoryInput {
  @Field(() => ID, { description: 'Category to configure.' })
  categoryId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Department that receives new cases when no routing rule matches; null for none.',
  })
  departmentId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Working hours from opening until a case is overdue, from 1 to 2000; null for no deadline.',
  })
  targetHours?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Working hours from opening until the contact centre is warned; less than targetHours, or null.',
  })
  warningHours?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether resolving, or closing as FIXED, needs a photo URL as evidence.',
  })
  requiresFixEvidence?: boolean | null;
}

@InputType({
  description:
    'Routing of new cases of a category, a district, or both, to a department. The most specific rule wins: category and district, then category, then district, then a catch-all.',
})
export class SetRoutingRuleInput {
  @Field(() => ID, { description: 'Jurisdiction of the rule.' })
  jurisdictionId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Category the rule applies to; omit for every category.',
  })
  categoryId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'District the rule applies to; omit for every district.',
  })
  districtId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Department that receives the cases; null removes the rule for this category and district.',
  })
  departmentId?: string | null;
}

@InputType({ description: 'When a jurisdiction works, for deadlines counted in working hours.' })
export class SetJurisdictionCalendarInput {
  @Field(() => ID, { description: 'Jurisdiction to configure.' })
  jurisdictionId!: string;

  @Field(() => String, { description: 'IANA time zone, such as Europe/Warsaw.' })
  timeZone!: string;

  @Field(() => String, {
    description: 'ISO 3166-1 alpha-2 country whose public holidays are days off, such as PL.',
  })
  holidayCountry!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Region code for regional holidays, such as BY with DE.',
  })
  holidayRegion?: string | null;

  @Field(() => [Int], { description: 'Working ISO weekdays: 1 is Monday and 7 is Sunday.' })
  workingWeekdays!: number[];

  @Field(() => Int, {
    description: 'Local start of the working day in minutes after midnight, such as 480 for 08:00.',
  })
  workdayStartMinute!: number;

  @Field(() => Int, {
    description: 'Local end of the working day in minutes after midnight, such as 960 for 16:00.',
  })
  workdayEndMinute!: number;
}

@InputType({ description: 'District boundaries as GeoJSON.' })
export class ImportDistrictBoundariesInput {
  @Field(() => ID, { description: 'Jurisdiction of the districts.' })
  jurisdictionId!: string;

  @Field(() => JSONObjectResolver, {
    description:
      'A GeoJSON FeatureCollection (WGS 84) of up to 500 features. Each has a Polygon or MultiPolygon geometry and a name property, and optionally a code property that matches an existing district.',
  })
  featureCollection!: Record<string, unknown>;

  @Field(() => String, {
    nullable: true,
    description:
      'Feature property that holds the district name, such as BoroName; name when not given.',
  })
  nameProperty?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Feature property that holds the district code, such as BoroCD. When not given, a code property is used if present and otherwise the code is derived from the name.',
  })
  codeProperty?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether to retire every active district when the boundaries match none of them by code. Without it such an import is rejected (WOULD_RETIRE_ALL_DISTRICTS), because it usually means the code property differs from the previous import.',
  })
  replaceAll?: boolean | null;
}
