import type { EntityManager } from '@mikro-orm/core';
import { isRecordId } from '../../platform/ids';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { BudgetProject } from './budget-project.entity';
import type { BudgetService } from './budget.service';
import type { ImplementationStatus } from './implementation.enums';
import { ProjectImplementation, ProjectMilestone } from './implementation.entity';
import { checkDate, checkPhotoUrls } from './implementation.validation';
import { checkText, PROPOSAL_LIMITS } from './proposal.validation';

/** An update of a funded project's implementation; omitted numbers keep their values. */
export type UpdateImplementation = {
  projectId: string;
  status: ImplementationStatus;
  abandonedReason?: string | null;
  progressPercent?: number | null;
  spentToDate?: number | null;
};

/** A milestone of a funded project. Dates are YYYY-MM-DD. */
export type MilestoneInput = {
  title: string;
  plannedOn: string;
  completedOn?: string | null;
  photoUrls?: string[] | null;
};

type Result<T> = { value: T; errors: [] } | { value: null; errors: UserError[] };

const failed = (errors: UserError[]) => ({ value: null, errors });

/** Progress a status implies when the update omits it: 0 before the start, 100 when done. */
function defaultProgress(status: ImplementationStatus): number | undefined {
  if (status === 'NOT_STARTED') {
    return 0;
  }

  return status === 'COMPLETED' ? 100 : undefined;
}

/** Checks a milestone's title, dates and photo URLs. */
function checkMilestone(input: MilestoneInput): UserError[] {
  return [
    ...checkText('title', input.title, PROPOSAL_LIMITS.title),
    ...checkDate('plannedOn', input.plannedOn),
    ...(input.completedOn ? checkDate('completedOn', input.completedOn) : []),
    ...checkPhotoUrls(input.photoUrls ?? []),
  ];
}

/** Checks that progress and reason fit the status, and that the numbers are in range. */
function checkUpdate(input: UpdateImplementation, progress: number, spent: number): UserError[] {
  const errors: UserError[] = [];
  if (!Number.isInteger(progress) || progress < 0 || progress > 100) {
    errors.push(
      userError(
        'INVALID_PROGRESS',
        `The progressPercent ${progress} is not a whole number from 0 to 100.`,
        ['progressPercent'],
      ),
    );
  } else if (input.status === 'NOT_STARTED' && progress !== 0) {
    errors.push(
      userError(
        'INVALID_PROGRESS',
        `A NOT_STARTED project has progress 0, not ${progress}: pick IN_DESIGN or IN_PROGRESS.`,
        ['progressPercent'],
      ),
    );
  } else if (input.status === 'COMPLETED' && progress !== 100) {
    errors.push(
      userError('INVALID_PROGRESS', `A COMPLETED project has progress 100, not ${progress}.`, [
        'progressPercent',
      ]),
    );
  }
  if (!Number.isSafeInteger(spent) || spent < 0) {
    errors.push(
      userError(
        'INVALID_AMOUNT',
        `The spentToDate ${spent} is not a whole number of minor units of at least 0.`,
        ['spentToDate'],
      ),
    );
  }
  if (input.status === 'ABANDONED') {
    errors.push(
      ...checkText('abandonedReason', input.abandonedReason ?? '', PROPOSAL_LIMITS.reason, true),
    );
  } else if (input.abandonedReason) {
    errors.push(
      userError(
        'UNEXPECTED_REASON',
        `An abandonedReason goes only with status ABANDONED, not ${input.status}.`,
        ['abandonedReason'],
      ),
    );
  }

  return errors;
}

/**
 * Implementation tracking of funded projects: status, progress, spend and milestones. A project
 * counts as funded when the city published it as selected, or, without a published outcome,
 * when the edition's tally selects it.
 */
export class ImplementationService {
  constructor(
    private readonly em: EntityManager,
    private readonly budget: BudgetService,
  ) {}

  /** Returns the funded project with id `projectId`, or the error explaining why there is none. */
  private async fundedProject(projectId: string): Promise<Result<BudgetProject>> {
    const project = isRecordId(projectId) ? await this.em.findOne(BudgetProject, projectId) : null;
    if (!project) {
      return failed([
        userError(
          'PROJECT_NOT_FOUND',
          `Budget project ${projectId} does not exist: pass an id from an edition's projects.`,
          ['projectId'],
        ),
      ]);
    }
    if (!(await this.isFunded(project))) {
      return failed([
        userError(
          'PROJECT_NOT_FUNDED',
          `Budget project ${project.code} was not funded, so it has no implementation to track.`,
          ['projectId'],
        ),
      ]);
    }

    return { value: project, errors: [] };
  }

  /** Checks whether the project won: published as selected, or selected by the tally without one. */
  async isFunded(project: BudgetProject): Promise<boolean> {
    if (project.publishedSelected !== null && project.publishedSelected !== undefined) {
      return project.publishedSelected;
    }
    const tally = await this.budget.tally(project.edition.id);

    return (
      tally?.projects.some((entry) => entry.projectId === project.id && entry.selected) ?? false
    );
  }

  /** Sets the status, progress and spend of a funded project, creating its record on first use. */
  async update(input: UpdateImplementation): Promise<Result<ProjectImplementation>> {
    const found = await this.fundedProject(input.projectId);
    if (!found.value) {
      return found;
    }
    const current = await this.em.findOne(ProjectImplementation, { project: found.value });
    const progress =
      input.progressPercent ?? defaultProgress(input.status) ?? current?.progressPercent ?? 0;
    const spent = input.spentToDate ?? current?.spentToDate ?? 0;
    const errors = checkUpdate(input, progress, spent);
    if (errors.length > 0) {
      return failed(errors);
    }
    const implementation =
      current ?? this.em.create(ProjectImplementation, { project: found.value });
    implementation.status = input.status;
    implementation.abandonedReason =
      input.status === 'ABANDONED' ? input.abandonedReason!.trim() : null;
    implementation.progressPercent = progress;
    implementation.spentToDate = spent;
    implementation.updatedAt = new Date();
    await this.em.flush();

    return { value: implementation, errors: [] };
  }

  /** Adds a milestone to a funded project. */
  async addMilestone(projectId: string, input: MilestoneInput): Promise<Result<ProjectMilestone>> {
    const found = await this.fundedProject(projectId);
    if (!found.value) {
      return found;
    }
    const errors = checkMilestone(input);
    if (errors.length > 0) {
      return failed(errors);
    }
    const milestone = this.em.create(ProjectMilestone, {
      project: found.value,
      title: input.title.trim(),
      plannedOn: input.plannedOn,
      completedOn: input.completedOn ?? null,
      photoUrls: input.photoUrls ?? [],
    });
    await this.em.flush();

    return { value: milestone, errors: [] };
  }

  /** Replaces the title, dates and photos of a milestone. */
  async updateMilestone(
    milestoneId: string,
    input: MilestoneInput,
  ): Promise<Result<ProjectMilestone>> {
    const milestone = isRecordId(milestoneId)
      ? await this.em.findOne(ProjectMilestone, milestoneId)
      : null;
    if (!milestone) {
      return failed([
        userError(
          'MILESTONE_NOT_FOUND',
          `Milestone ${milestoneId} does not exist: pass an id from the project's milestones.`,
          ['milestoneId'],
        ),
      ]);
    }
    const errors = checkMilestone(input);
    if (errors.length > 0) {
      return failed(errors);
    }
    milestone.title = input.title.trim();
    milestone.plannedOn = input.plannedOn;
    milestone.completedOn = input.completedOn ?? null;
    milestone.photoUrls = input.photoUrls ?? [];
    await this.em.flush();

    return { value: milestone, errors: [] };
  }

  /**
   * Returns the implementation of a funded project, a NOT_STARTED record (not stored) when none
   * was entered yet, or null for a project that was not funded.
   */
  async read(project: BudgetProject): Promise<ProjectImplementation | null> {
    const stored = await this.em.findOne(ProjectImplementation, { project });
    if (stored) {
      return stored;
    }

    return (await this.isFunded(project))
      ? Object.assign(new ProjectImplementation(), { project })
      : null;
  }

  /** Returns a project's milestones by planned date. */
  milestones(projectId: string): Promise<ProjectMilestone[]> {
    return this.em.find(
      ProjectMilestone,
      { project: projectId },
      { orderBy: { plannedOn: 'asc', createdAt: 'asc' } },
    );
  }
}
