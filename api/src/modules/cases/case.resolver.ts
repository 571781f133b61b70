import { Arg, Args, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { CaseChangedEvent, CaseSnapshot } from '@ratusz/shared';
import { ConnectionArgs, type Connection } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { caseNode } from './case.mapper';
import { findCase, listCases, listReportedCases, openCase } from './case.service';
import { residentReporterId } from './case-access';
import { changeCaseStatus } from './case-lifecycle.service';
import {
  CaseConnection,
  CaseEventNode,
  CaseNode,
  ChangeCaseStatusPayload,
  OpenCasePayload,
} from './case.types';
import { CaseFilter } from './case-filter.input';
import { ChangeCaseStatusInput } from './change-case-status.input';
import { OpenCaseInput } from './open-case.input';
import { Access } from '../../platform/auth/access';

function casePage(page: Connection<CaseSnapshot>): CaseConnection {
  return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: caseNode(edge.node) })) };
}

@Resolver()
export class CaseResolver {
  @Query(() => CaseConnection, { description: 'Cases matching the filter, newest first.' })
  @Access('PUBLIC')
  async cases(
    @Arg('filter', () => CaseFilter, {
      nullable: true,
      description: 'Conditions the cases must meet.',
    })
    filter: CaseFilter | null,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseConnection> {
    return casePage(await listCases(ctx.em, filter, args));
  }

  @Query(() => CaseNode, {
    nullable: true,
    description: 'One case by id; null when there is none.',
  })
  @Access('PUBLIC')
  async case(
    @Arg('id', () => ID, { description: 'Id of the case.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseNode | null> {
    const snapshot = await findCase(ctx.em, id);

    return snapshot ? caseNode(snapshot) : null;
  }

  @Query(() => CaseConnection, {
    description:
      'Cases the signed-in resident opened through openCase, newest first. Cases filed anonymously, by e-mail, through Open311 or by staff on their behalf are not listed.',
  })
  @Access(['RESIDENT'])
  async myCases(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseConnection> {
    return casePage(await listReportedCases(ctx.em, ctx.viewer.id!, args));
  }

  @Mutation(() => OpenCasePayload, {
    description:
      "Opens a service request and numbers it. Open to anonymous callers, as 311 and Open311 intake accept reports without an account. A signed-in RESIDENT without a staff role becomes the case's reporter, so the case appears in myCases and in their personal data export and erasure.",
  })
  @Access('PUBLIC')
  async openCase(
    @Arg('input', () => OpenCaseInput, { description: 'The request.' }) input: OpenCaseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<OpenCasePayload> {
    const result = await openCase(ctx, input, undefined, {
      reporterAccountId: residentReporterId(ctx.viewer),
    });

    return { case: result.case && caseNode(result.case), errors: result.errors };
  }

  @Mutation(() => ChangeCaseStatusPayload, {
    description:
      'Sets the status of a case when the transition is allowed; otherwise errors name the current and requested status.',
  })
  @Access(['AGENT', 'DEPARTMENT_MANAGER'])
  async changeCaseStatus(
    @Arg('input', () => ChangeCaseStatusInput, { description: 'The case and its new status.' })
    input: ChangeCaseStatusInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ChangeCaseStatusPayload> {
    const result = await changeCaseStatus(ctx, input);

    return { case: result.case && caseNode(result.case), errors: result.errors };
  }

  @Subscription(() => CaseEventNode, {
    topics: 'CASE_CHANGED',
    filter: ({
      payload,
      args,
    }: {
      payload: CaseChangedEvent;
      args: { jurisdictionId?: string | null };
    }) => !args.jurisdictionId || payload.case.jurisdiction.id === args.jurisdictionId,
    description: 'Cases as they are opened or changed, optionally of one jurisdiction.',
  })
  @Access('PUBLIC')
  caseChanged(
    @Root() event: CaseChangedEvent,
    @Arg('jurisdictionId', () => ID, {
      nullable: true,
      description: 'Only cases of this jurisdiction.',
    })
    _jurisdictionId: string | null,
  ): CaseEventNode {
    return { kind: event.kind, case: caseNode(event.case) };
  }
}
