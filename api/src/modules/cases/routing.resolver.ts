import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  GraphQLISODateTime,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { ConnectionArgs, pageWindow, toConnection } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { assertIds } from './case.errors';
import { jurisdictionNode, scopedNode } from './case.mapper';
import { CategoryNode, DistrictNode, JurisdictionNode } from './case.types';
import { DepartmentConnection } from './case-lifecycle.types';
import { Category } from './category.entity';
import { Department } from './department.entity';
import { District } from './district.entity';
import { Jurisdiction } from './jurisdiction.entity';
import { listScoped } from './reference.service';
import {
  configureCategory,
  createDepartment,
  importDistrictBoundaries,
  setJurisdictionCalendar,
  setRoutingRule,
} from './routing-admin.service';
import { RoutingRule } from './routing-rule.entity';
import {
  ConfigureCategoryInput,
  CreateDepartmentInput,
  ImportDistrictBoundariesInput,
  SetJurisdictionCalendarInput,
  SetRoutingRuleInput,
} from './routing.inputs';
import {
  CategoryServiceLevelNode,
  ConfigureCategoryPayload,
  DepartmentPayload,
  ImportDistrictBoundariesPayload,
  JurisdictionCalendarNode,
  JurisdictionCalendarPayload,
  RoutingRuleConnection,
  RoutingRuleNode,
  RoutingRulePayload,
} from './routing.types';
import { Access } from '../../platform/auth/access';

function ruleNode(rule: RoutingRule): RoutingRuleNode {
  return {
    id: rule.id,
    category: rule.category ? scopedNode(rule.category) : null,
    district: rule.district ? scopedNode(rule.district) : null,
    department: scopedNode(rule.department),
  };
}

function calendarNode(jurisdiction: Jurisdiction): JurisdictionCalendarNode {
  return {
    timeZone: jurisdiction.timeZone,
    holidayCountry: jurisdiction.holidayCountry,
    holidayRegion: jurisdiction.holidayRegion ?? null,
    workingWeekdays: jurisdiction.workingWeekdays.split(',').map(Number),
    workdayStartMinute: jurisdiction.workdayStartMinute,
    workdayEndMinute: jurisdiction.workdayEndMinute,
  };
}

/** Departments, routing rules, category service levels, calendars and district boundaries. */
@Resolver()
export class RoutingResolver {
  @Query(() => DepartmentConnection, { description: 'Departments in name order.' })
  @Access('PUBLIC')
  async departments(
    @Arg('jurisdictionId', () => ID, {
      nullable: true,
      description: 'Only departments of this jurisdiction.',
    })
    jurisdictionId: string | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<DepartmentConnection> {
    const page = await listScoped(ctx.em, Department, jurisdictionId, args);

    return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: scopedNode(edge.node) })) };
  }

  @Query(() => RoutingRuleConnection, { description: 'Routing rules of one jurisdiction.' })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async routingRules(
    @Arg('jurisdictionId', () => ID, { description: 'Jurisdiction of the rules.' })
    jurisdictionId: string,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<RoutingRuleConnection> {
    assertIds('jurisdictionId', [jurisdictionId]);
    const window = pageWindow(args);
    const [rules, total] = await ctx.em.findAndCount(
      RoutingRule,
      { jurisdiction: jurisdictionId },
      {
        populate: ['category.jurisdiction', 'district.jurisdiction', 'department.jurisdiction'],
        orderBy: { id: 'asc' },
        limit: window.limit,
        offset: window.offset,
      },
    );
    const page = toConnection(rules, window, total);

    return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: ruleNode(edge.node) })) };
  }

  @Mutation(() => DepartmentPayload, {
    description: 'Creates a department with its own case queue.',
  })
  @Access(['ADMINISTRATOR'])
  async createDepartment(
    @Arg('input', () => CreateDepartmentInput, { description: 'The department.' })
    input: CreateDepartmentInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DepartmentPayload> {
    const result = await createDepartment(ctx.em, input);

    return { department: result.value && scopedNode(result.value), errors: result.errors };
  }

  @Mutation(() => ConfigureCategoryPayload, {
    description: "Sets a category's default department, deadline targets and evidence rule.",
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async configureCategory(
    @Arg('input', () => ConfigureCategoryInput, { description: 'The category and its settings.' })
    input: ConfigureCategoryInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ConfigureCategoryPayload> {
    const result = await configureCategory(ctx.em, input);

    return { category: result.value && scopedNode(result.value), errors: result.errors };
  }

  @Mutation(() => RoutingRulePayload, {
    description: 'Creates, replaces or removes one routing rule.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async setRoutingRule(
    @Arg('input', () => SetRoutingRuleInput, { description: 'The rule.' })
    input: SetRoutingRuleInput,
    @Ctx() ctx: RequestContext,
  ): Promise<RoutingRulePayload> {
    const result = await setRoutingRule(ctx.em, input);
    if (!result.value || result.value === 'REMOVED') {
      return { rule: null, errors: result.errors };
    }
    await ctx.em.populate(result.value, [
      'category.jurisdiction',
      'district.jurisdiction',
      'department.jurisdiction',
    ]);

    return { rule: ruleNode(result.value), errors: [] };
  }

  @Mutation(() => JurisdictionCalendarPayload, {
    description:
      "Sets a jurisdiction's working hours and holidays. Deadlines of cases opened earlier stay as they are.",
  })
  @Access(['ADMINISTRATOR'])
  async setJurisdictionCalendar(
    @Arg('input', () => SetJurisdictionCalendarInput, { description: 'The calendar.' })
    input: SetJurisdictionCalendarInput,
    @Ctx() ctx: RequestContext,
  ): Promise<JurisdictionCalendarPayload> {
    const result = await setJurisdictionCalendar(ctx.em, input);

    return { jurisdiction: result.value && jurisdictionNode(result.value), errors: result.errors };
  }

  @Mutation(() => ImportDistrictBoundariesPayload, {
    description:
      "Replaces a jurisdiction's districts with those of a GeoJSON FeatureCollection in one transaction, as the district-boundaries CLI import does. New located cases get the district that contains them. Districts missing from the collection are retired: they keep their cases but lose their boundary and receive no new cases.",
  })
  @Access(['ADMINISTRATOR'])
  async importDistrictBoundaries(
    @Arg('input', () => ImportDistrictBoundariesInput, {
      description: 'The jurisdiction and its boundaries.',
    })
    input: ImportDistrictBoundariesInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ImportDistrictBoundariesPayload> {
    const result = await importDistrictBoundaries(ctx.em, input, ctx.config.boundaryCheckTimeoutSeconds);

    return {
      districts: (result.value?.districts ?? []).map(scopedNode),
      retiredDistricts: (result.value?.retired ?? []).map(scopedNode),
      errors: result.errors,
    };
  }
}

@Resolver(() => CategoryNode)
export class CategoryServiceLevelResolver {
  @FieldResolver(() => CategoryServiceLevelNode, {
    description: 'Routing, deadline targets and evidence rule of the category.',
  })
  async serviceLevel(
    @Root() node: CategoryNode,
    @Ctx() ctx: RequestContext,
  ): Promise<CategoryServiceLevelNode> {
    const category = await ctx.em.findOneOrFail(
      Category,
      { id: node.id },
      { populate: ['department.jurisdiction'] },
    );

    return {
      department: category.department ? scopedNode(category.department) : null,
      targetHours: category.targetHours ?? null,
      warningHours: category.warningHours ?? null,
      requiresFixEvidence: category.requiresFixEvidence,
    };
  }
}

@Resolver(() => JurisdictionNode)
export class JurisdictionCalendarResolver {
  @FieldResolver(() => JurisdictionCalendarNode, {
    description: 'Working hours and holidays that deadlines count.',
  })
  async calendar(
    @Root() node: JurisdictionNode,
    @Ctx() ctx: RequestContext,
  ): Promise<JurisdictionCalendarNode> {
    return calendarNode(await ctx.em.findOneOrFail(Jurisdiction, { id: node.id }));
  }
}

@Resolver(() => DistrictNode)
export class DistrictRetirementResolver {
  @FieldResolver(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When a boundary import that no longer contained the district retired it; null while the district is active. A retired district keeps its cases and receives no new ones.',
  })
  async retiredAt(@Root() node: DistrictNode, @Ctx() ctx: RequestContext): Promise<Date | null> {
    // Districts listed in the same request are in the identity map, so this reads no row again.
    const district = await ctx.em.findOne(District, { id: node.id });

    return district?.retiredAt ?? null;
  }
}
