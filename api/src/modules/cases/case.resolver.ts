import { Arg, Args, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { CaseChangedEvent } from '@ratusz/shared';
import { ConnectionArgs } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { caseNode } from './case.mapper';
import { findCase, listCases, openCase } from './case.service';
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
    const page = await listCases(ctx.em, filter, args);

    return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: caseNode(edge.node) })) };
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

  @Mutation(() => OpenCasePayload, {
    description:
      'Opens a service request and numbers it. Open to anonymous callers, as 311 and Open311 intake accept reports without an account.',
  })
  @Access('PUBLIC')
  async openCase(
    @Arg('input', () => OpenCaseInput, { description: 'The request.' }) input: OpenCaseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<OpenCasePayload> {
    const result = await openCase(ctx, input);

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
