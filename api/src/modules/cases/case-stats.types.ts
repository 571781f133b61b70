import { Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { CategoryNode, DistrictNode } from './case.types';

@ObjectType({ description: 'Number of cases in one group of a caseCounts query.' })
export class CaseCount {
  @Field(() => String, {
    description: 'Stable key of the group: an id, a status, a channel or YYYY-MM.',
  })
  key!: string;

  @Field(() => String, { description: 'Display label of the group.' })
  label!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Number of cases; null when suppressed because the group is too small to publish.',
  })
  count!: number | null;

  @Field(() => Boolean, {
    description:
      'Whether the count is withheld (DISTRICT groups under serverInfo.minAggregateCount).',
  })
  suppressed!: boolean;
}

@ObjectType({ description: 'Bounding box in degrees (WGS 84).' })
export class GeoExtent {
  @Field(() => Float, { description: 'Southern edge.' })
  minLatitude!: number;

  @Field(() => Float, { description: 'Western edge.' })
  minLongitude!: number;

  @Field(() => Float, { description: 'Northern edge.' })
  maxLatitude!: number;

  @Field(() => Float, { description: 'Eastern edge.' })
  maxLongitude!: number;
}

@ObjectType({ description: 'Number of located cases in one H3 cell.' })
export class HeatmapCell {
  @Field(() => String, { description: 'H3 cell index as a hexadecimal string.' })
  h3Index!: string;

  @Field(() => Int, { description: 'Number of cases located in the cell.' })
  count!: number;
}

@ObjectType({ description: 'Located cases counted per H3 cell, with small cells withheld.' })
export class CaseHeatmap {
  @Field(() => Int, { description: 'H3 resolution of the cells, from 0 to 10.' })
  resolution!: number;

  @Field(() => [HeatmapCell], {
    description: 'Cells with at least minCount cases, most cases first.',
  })
  cells!: HeatmapCell[];

  @Field(() => Int, { description: 'Cases matching the filter, located or not.' })
  totalCases!: number;

  @Field(() => Int, { description: 'Matching cases without coordinates.' })
  casesWithoutLocation!: number;

  @Field(() => Int, { description: 'Cells withheld because they hold fewer than minCount cases.' })
  suppressedCells!: number;

  @Field(() => Int, { description: 'Cases in the withheld cells.' })
  suppressedCases!: number;

  @Field(() => Int, { description: 'Minimum number of cases in a published cell.' })
  minCount!: number;

  @Field(() => GeoExtent, {
    nullable: true,
    description:
      'Bounding box of all located cases matching the filter; null when none is located.',
  })
  extent!: GeoExtent | null;
}

@ObjectType({ description: 'Priority of one category within one district.' })
export class PriorityEntry {
  @Field(() => Int, { description: 'Position in the district, 1 for the highest score.' })
  rank!: number;

  @Field(() => CategoryNode, { description: 'The category ranked.' })
  category!: CategoryNode;

  @Field(() => Float, { description: 'Priority score; see PriorityRanking.formula.' })
  score!: number;

  @Field(() => Int, { description: 'Cases of the category in the district.' })
  caseCount!: number;

  @Field(() => Int, { description: 'Of those, cases neither RESOLVED nor CLOSED.' })
  openCount!: number;

  @Field(() => Int, { description: 'Cases at most halfLifeDays old at asOf.' })
  recentCount!: number;

  @Field(() => Float, { description: 'Mean age in days of the open cases at asOf; 0 when none.' })
  meanOpenAgeDays!: number;
}

@ObjectType({ description: 'Ranked categories of one district.' })
export class DistrictPriorities {
  @Field(() => DistrictNode, {
    nullable: true,
    description: 'The district; null for cases without one.',
  })
  district!: DistrictNode | null;

  @Field(() => [PriorityEntry], { description: 'Highest-priority categories first.' })
  entries!: PriorityEntry[];
}

@ObjectType({ description: 'Categories ranked by priority score in each district.' })
export class PriorityRanking {
  @Field(() => GraphQLISODateTime, {
    description: 'Time the ages are measured at; by default the newest creation time in view.',
  })
  asOf!: Date;

  @Field(() => String, { description: 'The score formula in words and symbols.' })
  formula!: string;

  @Field(() => Int, { description: 'Days after which the recency weight of a case halves.' })
  halfLifeDays!: number;

  @Field(() => Int, {
    description:
      'Fewest cases a category needs in a district to be listed; smaller groups are left out for privacy.',
  })
  minCount!: number;

  @Field(() => [DistrictPriorities], {
    description: 'Districts by name; cases without a district last.',
  })
  districts!: DistrictPriorities[];
}
