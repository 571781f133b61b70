import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../platform/graphql/user-error';
import { ProjectImplementation, ProjectMilestone } from './implementation.entity';
import { ImplementationStatusEnum, type ImplementationStatus } from './implementation.enums';
import { MAX_MILESTONE_PHOTOS } from './implementation.validation';

@InputType({ description: "An update of a funded project's implementation." })
export class UpdateProjectImplementationInput {
  @Field(() => ID, { description: 'Funded project.' })
  projectId!: string;

  @Field(() => ImplementationStatusEnum, { description: 'Stage of the work.' })
  status!: ImplementationStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Why the project was abandoned; required with ABANDONED and only then.',
  })
  abandonedReason?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Share of the work done, 0 to 100. Omitted: 0 for NOT_STARTED, 100 for COMPLETED, otherwise unchanged.',
  })
  progressPercent?: number | null;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description: 'Money spent so far in minor units; unchanged when omitted.',
  })
  spentToDate?: number | null;
}

@InputType({ description: 'Title, dates and photos of a milestone.' })
export class MilestoneFieldsInput {
  @Field(() => String, { description: 'What the step delivers, up to 200 characters.' })
  title!: string;

  @Field(() => String, { description: 'Planned date, YYYY-MM-DD.' })
  plannedOn!: string;

  @Field(() => String, { nullable: true, description: 'Date the step was done, YYYY-MM-DD.' })
  completedOn?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: `https URLs of photos, at most ${MAX_MILESTONE_PHOTOS}.`,
  })
  photoUrls?: string[] | null;
}

@InputType({ description: 'A new milestone of a funded project.' })
export class AddProjectMilestoneInput extends MilestoneFieldsInput {
  @Field(() => ID, { description: 'Funded project.' })
  projectId!: string;
}

@InputType({ description: 'New title, dates and photos of a milestone.' })
export class UpdateProjectMilestoneInput extends MilestoneFieldsInput {
  @Field(() => ID, { description: 'Milestone to change.' })
  milestoneId!: string;
}

@ObjectType({ description: 'Result of updateProjectImplementation.' })
export class ProjectImplementationPayload {
  @Field(() => ProjectImplementation, {
    nullable: true,
    description: 'The implementation after the update; null when nothing changed.',
  })
  implementation!: ProjectImplementation | null;

  @Field(() => [UserError], { description: 'Reasons nothing changed; empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a milestone mutation.' })
export class ProjectMilestonePayload {
  @Field(() => ProjectMilestone, {
    nullable: true,
    description: 'The milestone after the change; null when nothing changed.',
  })
  milestone!: ProjectMilestone | null;

  @Field(() => [UserError], { description: 'Reasons nothing changed; empty on success.' })
  errors!: UserError[];
}
