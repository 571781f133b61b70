import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '@ratusz/shared';
import { Access } from '../../platform/auth/access';
import type { Viewer } from '../../platform/auth/viewer';
import { ConnectionArgs, pageWindow, toConnection } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { ServiceCase } from '../cases/case.entity';
import { CaseQueryError, MAX_DESCRIPTION_LENGTH } from '../cases/case.errors';
import { caseNode } from '../cases/case.mapper';
import { CaseNode } from '../cases/case.types';
import {
  countAffectedResidents,
  mergeCases,
  suggestDuplicates,
  supportCase,
  type DuplicateMutationResult,
  type PrivateFieldAccess,
} from './duplicate.service';
import {
  DuplicateCasePayload,
  DuplicateQueryInput,
  DuplicateSuggestionConnection,
  MergeCasesInput,
  SupportCaseInput,
} from './duplicate.types';

/** Roles that read the description of a case in their own department's queue, as `caseReporterDetails` allows. */
const DESCRIPTION_READER_ROLES: readonly Role[] = ['AGENT', 'DEPARTMENT_MANAGER'];

/**
 * Builds the test of which candidates `viewer` gets exact values for: the cases the viewer
 * reported, and for agents and department managers the cases in their department's queue.
 */
function privateFieldAccess(viewer: Viewer): PrivateFieldAccess {
  if (viewer.id === null) {
    return () => false;
  }
  const readsDescriptions = DESCRIPTION_READER_ROLES.some((role) => viewer.roles.includes(role));

  return (candidate) => {
    if (candidate.reporterAccountId === viewer.id) {
      return true;
    }
    const department = candidate.department?.code ?? null;

    return readsDescriptions && department !== null && department === viewer.departmentId;
  };
}

function payload(result: DuplicateMutationResult): DuplicateCasePayload {
  return { case: result.case && caseNode(result.case), errors: result.errors };
}

function assertReportInput(input: DuplicateQueryInput): void {
  if (!(Math.abs(input.latitude) <= 90) || !(Math.abs(input.longitude) <= 180)) {
    throw new CaseQueryError(
      `Coordinates (${input.latitude}, ${input.longitude}) are out of range: latitude must be within -90..90 and longitude within -180..180.`,
    );
  }
  if ((input.description?.length ?? 0) > MAX_DESCRIPTION_LENGTH) {
    throw new CaseQueryError(
      `description has ${input.description!.length} characters: shorten it to at most ${MAX_DESCRIPTION_LENGTH}.`,
    );
  }
}

@Resolver(() => CaseNode)
export class DuplicateResolver {
  @Access('PUBLIC')
  @Query(() => DuplicateSuggestionConnection, {
    description:
      "Open cases of the same category within RATUSZ_DUPLICATE_RADIUS_METERS (default 100 m) of a report being filed, best match first, so the resident can support one instead of filing a new case. Descriptions are never returned. Exact distances and description similarity are given only for the caller's own cases and, for agents and department managers, for cases in their department's queue. Every other case is measured to its public rounded coordinates, its distance is rounded to 10 m, and it is ranked by that distance alone, so its description and exact position do not change the result.",
  })
  async duplicateSuggestions(
    @Arg('input', () => DuplicateQueryInput, { description: 'Category, place and text of the report.' })
    input: DuplicateQueryInput,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<DuplicateSuggestionConnection> {
    assertReportInput(input);
    const window = pageWindow(args);
    const suggestions = await suggestDuplicates(
      ctx.em,
      input,
      ctx.config.duplicateRadiusMeters,
      privateFieldAccess(ctx.viewer),
    );
    const page = suggestions
      .slice(window.offset, window.offset + window.limit)
      .map((suggestion) => ({ ...suggestion, case: caseNode(suggestion.case) }));

    return toConnection(page, window, suggestions.length);
  }

  @Access(['RESIDENT'])
  @Mutation(() => DuplicateCasePayload, {
    description:
      'The signed-in resident reports the same problem as an open case ("me too") instead of filing a new one. Each resident supports a case once; a repeat returns ALREADY_SUPPORTED.',
  })
  async supportCase(
    @Arg('input', () => SupportCaseInput, { description: 'The case to support.' })
    input: SupportCaseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DuplicateCasePayload> {
    const context = { em: ctx.em, events: ctx.events, hashKey: ctx.config.hashKey };

    return payload(await supportCase(context, ctx.viewer.id!, input.caseId));
  }

  @Access(['AGENT', 'DEPARTMENT_MANAGER', 'ADMINISTRATOR'])
  @Mutation(() => DuplicateCasePayload, {
    description:
      'Closes an open case as DUPLICATE of a master case of the same jurisdiction. Its supporters are copied to the master, and both timelines get a MERGED entry.',
  })
  async mergeCases(
    @Arg('input', () => MergeCasesInput, { description: 'The duplicate and its master.' })
    input: MergeCasesInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DuplicateCasePayload> {
    const context = { em: ctx.em, events: ctx.events, hashKey: ctx.config.hashKey };

    return payload(await mergeCases(context, input));
  }

  @FieldResolver(() => Int, {
    description:
      'Residents affected by the problem: the reporter, the reporter of each case merged into this one, and each distinct resident who supported it.',
  })
  async affectedResidents(@Root() node: CaseNode, @Ctx() ctx: RequestContext): Promise<number> {
    // NOTE: two queries per case; a long list asking for this field would want a loader.
    return countAffectedResidents(ctx.em, node.id);
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: 'Master case this case was merged into; null unless it was closed as DUPLICATE by a merge.',
  })
  async duplicateOfId(@Root() node: CaseNode, @Ctx() ctx: RequestContext): Promise<string | null> {
    const entity = await ctx.em.findOne(ServiceCase, { id: node.id }, { fields: ['duplicateOf'] });

    return entity?.duplicateOf?.id ?? null;
  }
}
