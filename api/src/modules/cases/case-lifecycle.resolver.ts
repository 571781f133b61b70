import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import type { CaseDeadlineEvent } from '@ratusz/shared';
import { ConnectionArgs } from '../../platform/graphql/connection';
import type { RequestContext } from '../../platform/graphql/context';
import { worksCase } from './case-access';
import { ServiceCase } from './case.entity';
import { caseNode } from './case.mapper';
import type { CaseMutationResult } from './case.service';
import { CaseNode } from './case.types';
import { AddCaseNoteInput, AssignCaseInput, ReviewCaseInput } from './case-lifecycle.inputs';
import { addCaseNote, assignCase, confirmCaseFix, reopenCase } from './case-lifecycle.service';
import { CaseDeadlineEventNode, CasePayload, CaseTimelineConnection } from './case-lifecycle.types';
import { audienceFor, CASE_STAFF_ROLES, listTimeline, type TimelineAudience } from './case-timeline.service';
import { Access } from '../../platform/auth/access';
import { recordPersonalDataRead, type PersonalDataAccessReason } from '../privacy/personal-data-read';
import { PersonalDataAccessReasonEnum } from '../privacy/privacy.types';

function payload(result: CaseMutationResult): CasePayload {
  return { case: result.case && caseNode(result.case), errors: result.errors };
}

@Resolver(() => CaseNode)
export class CaseLifecycleResolver {
  private async timelinePage(
    node: CaseNode,
    requested: TimelineAudience,
    args: ConnectionArgs,
    ctx: RequestContext,
    reason: PersonalDataAccessReason | null = null,
  ) {
    const audience = audienceFor(ctx, requested, node.department);
    const page =
      audience === 'STAFF'
        ? await this.readStaffPage(node, args, ctx, reason)
        : await listTimeline(ctx.em, node.id, audience, args);

    return {
      ...page,
      edges: page.edges.map((edge) => ({
        ...edge,
        node: {
          ...edge.node,
          fromStatus: edge.node.fromStatus ?? null,
          toStatus: edge.node.toStatus ?? null,
          closeReason: edge.node.closeReason ?? null,
          evidenceUrl: edge.node.evidenceUrl ?? null,
          departmentId: edge.node.departmentId ?? null,
          agentId: edge.node.agentId ?? null,
          // A resident's own words (a reply, a reason for reopening) are personal data: the
          // public history shows that the step happened, and only staff read the text.
          note: audience !== 'STAFF' && edge.node.actor === 'RESIDENT' ? null : (edge.node.note ?? null),
        },
      })),
    };
  }

  /**
   * Reads a page of the full history. Residents' own notes (e-mail replies, comments on
   * confirmation or reopening) are personal data, so a page that contains one is recorded in
   * the audit log in the transaction of the read.
   */
  private readStaffPage(node: CaseNode, args: ConnectionArgs, ctx: RequestContext, reason: PersonalDataAccessReason | null) {
    return ctx.em.transactional(async (tx) => {
      const page = await listTimeline(tx, node.id, 'STAFF', args);
      const residentNotes = page.edges.some((edge) => edge.node.actor === 'RESIDENT' && edge.node.note);
      if (residentNotes) {
        await recordPersonalDataRead(tx, ctx.viewer, {
          subjectType: 'service_case',
          subjectId: node.id,
          fields: ['timeline.residentNote'],
          reason,
        });
      }

      return page;
    });
  }

  @FieldResolver(() => CaseTimelineConnection, {
    description:
      'Public history of the case, oldest first: status changes and public notes, as the resident sees them.',
  })
  async timeline(
    @Root() node: CaseNode,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseTimelineConnection> {
    return this.timelinePage(node, 'PUBLIC', args, ctx);
  }

  @FieldResolver(() => CaseTimelineConnection, {
    description:
      "STAFF ONLY. Full history of the case, oldest first, with internal notes, assignments and deadline events. Needs the AGENT, DEPARTMENT_MANAGER, ADMINISTRATOR or AUDITOR role. Agents and department managers of another department than the case's get the public entries only. A page that contains a resident's note is recorded in the audit log.",
  })
  @Access([...CASE_STAFF_ROLES])
  async staffTimeline(
    @Root() node: CaseNode,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('reason', () => PersonalDataAccessReasonEnum, {
      nullable: true,
      description: "Why the history is read; recorded in the audit log when the page contains a resident's note.",
    })
    reason?: PersonalDataAccessReason | null,
  ): Promise<CaseTimelineConnection> {
    return this.timelinePage(node, 'STAFF', args, ctx, reason ?? null);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "STAFF ONLY. Agent handling the case, as a local account id or an oidc: viewer id; null for the queue only, for viewers without an AGENT, DEPARTMENT_MANAGER, ADMINISTRATOR or AUDITOR role, and for agents and department managers of another department than the case's.",
  })
  async assignedAgentId(
    @Root() node: CaseNode,
    @Ctx() ctx: RequestContext,
  ): Promise<string | null> {
    if (audienceFor(ctx, 'STAFF', node.department) !== 'STAFF') {
      return null;
    }
    // NOTE: one query per case; a list of many cases asking for this field would want a loader.
    const entity = await ctx.em.findOne(ServiceCase, { id: node.id }, { fields: ['agentId'] });

    return entity?.agentId ?? null;
  }

  @Mutation(() => CasePayload, { description: 'Adds a staff note, public or internal, to a case.' })
  @Access(['AGENT', 'DEPARTMENT_MANAGER'])
  async addCaseNote(
    @Arg('input', () => AddCaseNoteInput, { description: 'The case and the note.' })
    input: AddCaseNoteInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CasePayload> {
    return payload(await addCaseNote(ctx, input));
  }

  @Mutation(() => CasePayload, {
    description:
      "Moves a case to a department's queue and optionally to one agent; the change is kept in the timeline. An AGENT assigns cases of their own department only, within it, to themselves, another agent of it or its queue. Moving a case to another department needs a DEPARTMENT_MANAGER of its current department or an ADMINISTRATOR, and a case in no queue yet is routed by a DEPARTMENT_MANAGER or an ADMINISTRATOR. Other assignments return payload errors naming the rule.",
  })
  @Access(['AGENT', 'DEPARTMENT_MANAGER', 'ADMINISTRATOR'])
  async assignCase(
    @Arg('input', () => AssignCaseInput, { description: 'The case and its new assignment.' })
    input: AssignCaseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CasePayload> {
    return payload(await assignCase(ctx, input, ctx.viewer));
  }

  @Mutation(() => CasePayload, {
    description:
      'The resident confirms the fix of a RESOLVED case, which closes it as FIXED. Allowed within RATUSZ_REOPEN_WINDOW_DAYS of the resolution.',
  })
  @Access(['AGENT', 'DEPARTMENT_MANAGER'])
  async confirmCaseFix(
    @Arg('input', () => ReviewCaseInput, { description: 'The case and an optional comment.' })
    input: ReviewCaseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CasePayload> {
    return payload(await confirmCaseFix(ctx, input, ctx.config));
  }

  @Mutation(() => CasePayload, {
    description:
      'The resident reopens a RESOLVED case, or one closed as FIXED, within RATUSZ_REOPEN_WINDOW_DAYS of the resolution. The case returns to IN_PROGRESS.',
  })
  @Access(['AGENT', 'DEPARTMENT_MANAGER'])
  async reopenCase(
    @Arg('input', () => ReviewCaseInput, { description: 'The case and why it is reopened.' })
    input: ReviewCaseInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CasePayload> {
    return payload(await reopenCase(ctx, input, ctx.config));
  }

  @Subscription(() => CaseDeadlineEventNode, {
    topics: 'CASE_DEADLINE',
    // Checked per event and per subscriber: agents and department managers receive the cases of
    // their own department and the cases without one.
    filter: ({
      payload: event,
      args,
      context,
    }: {
      payload: CaseDeadlineEvent;
      args: { jurisdictionId?: string | null; departmentId?: string | null };
      context: RequestContext;
    }) =>
      worksCase(context.viewer, event.case.department) &&
      (!args.jurisdictionId || event.case.jurisdiction.id === args.jurisdictionId) &&
      (!args.departmentId || event.case.department?.id === args.departmentId),
    description:
      "Cases reaching their warning time or passing their target, for the contact-centre dashboard. Each subscriber receives the cases of its own department and the cases not yet in a department's queue.",
  })
  @Access(['AGENT', 'DEPARTMENT_MANAGER'])
  caseDeadlineAlerts(
    @Root() event: CaseDeadlineEvent,
    @Arg('jurisdictionId', () => ID, {
      nullable: true,
      description: 'Only cases of this jurisdiction.',
    })
    _jurisdictionId: string | null,
    @Arg('departmentId', () => ID, {
      nullable: true,
      description: "Only cases in this department's queue.",
    })
    _departmentId: string | null,
  ): CaseDeadlineEventNode {
    return { kind: event.kind, case: caseNode(event.case) };
  }
}
