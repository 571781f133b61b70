import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context';
import { isRecordId } from '../../platform/ids';
import { BudgetProject } from './budget-project.entity';
import { BudgetService } from './budget.service';
import { ProjectImplementation, ProjectMilestone } from './implementation.entity';
import { ImplementationService } from './implementation.service';
import {
  AddProjectMilestoneInput,
  ProjectImplementationPayload,
  ProjectMilestonePayload,
  UpdateProjectImplementationInput,
  UpdateProjectMilestoneInput,
} from './implementation.types';
import { BudgetProposal } from './proposal.entity';
import { Access } from '../../platform/auth/access';

function serviceOf(ctx: RequestContext): ImplementationService {
  return new ImplementationService(
    ctx.em,
    new BudgetService(ctx.em, { hashKey: ctx.config.hashKey, events: ctx.events }),
  );
}

/** Public read of a project's implementation and the proposal it came from. */
@Resolver(() => BudgetProject)
export class BudgetProjectDetailsResolver {
  @Query(() => BudgetProject, { nullable: true, description: 'One budget project by id.' })
  @Access('PUBLIC')
  budgetProject(
    @Arg('id', () => ID, { description: 'Identifier of the project.' }) id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return isRecordId(id) ? ctx.em.findOne(BudgetProject, id) : null;
  }

  @FieldResolver(() => ProjectImplementation, {
    nullable: true,
    description:
      'Implementation of a funded project (NOT_STARTED until the city enters one); null when not funded.',
  })
  implementation(@Root() project: BudgetProject, @Ctx() ctx: RequestContext) {
    return serviceOf(ctx).read(project);
  }

  @FieldResolver(() => BudgetProposal, {
    nullable: true,
    description: 'The resident proposal the project came from; null for imported projects.',
  })
  proposal(@Root() project: BudgetProject, @Ctx() ctx: RequestContext) {
    return ctx.em.findOne(BudgetProposal, { project: project.id });
  }
}

@Resolver(() => ProjectImplementation)
export class ImplementationResolver {
  @FieldResolver(() => [ProjectMilestone], { description: 'Milestones by planned date.' })
  milestones(@Root() implementation: ProjectImplementation, @Ctx() ctx: RequestContext) {
    return serviceOf(ctx).milestones(implementation.project.id);
  }

  @Mutation(() => ProjectImplementationPayload, {
    description: 'Sets the status, progress and spend of a funded project.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async updateProjectImplementation(
    @Arg('input', () => UpdateProjectImplementationInput, { description: 'The update.' })
    input: UpdateProjectImplementationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProjectImplementationPayload> {
    const result = await serviceOf(ctx).update(input);

    return { implementation: result.value, errors: result.errors };
  }

  @Mutation(() => ProjectMilestonePayload, { description: 'Adds a milestone to a funded project.' })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async addProjectMilestone(
    @Arg('input', () => AddProjectMilestoneInput, { description: 'The milestone.' })
    input: AddProjectMilestoneInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProjectMilestonePayload> {
    const result = await serviceOf(ctx).addMilestone(input.projectId, input);

    return { milestone: result.value, errors: result.errors };
  }

  @Mutation(() => ProjectMilestonePayload, {
    description: 'Replaces the title, dates and photos of a milestone.',
  })
  @Access(['ADMINISTRATOR', 'DEPARTMENT_MANAGER'])
  async updateProjectMilestone(
    @Arg('input', () => UpdateProjectMilestoneInput, { description: 'The new fields.' })
    input: UpdateProjectMilestoneInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ProjectMilestonePayload> {
    const result = await serviceOf(ctx).updateMilestone(input.milestoneId, input);

    return { milestone: result.value, errors: result.errors };
  }
}
