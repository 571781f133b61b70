import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { startTestServer, type TestServer } from '../support/server';

const UPDATE = `mutation Update($input: UpdateProjectImplementationInput!) {
  updateProjectImplementation(input: $input) {
    implementation { status abandonedReason progressPercent spentToDate updatedAt }
    errors { code field message }
  }
}`;
const ADD_MILESTONE = `mutation Add($input: AddProjectMilestoneInput!) {
  addProjectMilestone(input: $input) {
    milestone { id title plannedOn completedOn photoUrls }
    errors { code field message }
  }
}`;
const UPDATE_MILESTONE = `mutation Change($input: UpdateProjectMilestoneInput!) {
  updateProjectMilestone(input: $input) {
    milestone { id title plannedOn completedOn photoUrls }
    errors { code field message }
  }
}`;
const PROJECT = `query Project($id: ID!) {
  budgetProject(id: $id) {
    code
    implementation {
      status progressPercent spentToDate abandonedReason
      milestones { title plannedOn completedOn photoUrls }
    }
  }
}`;

describe('implementation tracking over GraphQL', () => {
  let server: TestServer;
  let ids: Record<string, string>;

  async function update(input: Record<string, unknown>) {
    const response = await server.graphql(UPDATE, { input }, { as: 'ADMINISTRATOR' });
    expect(response.errors).toBeUndefined();

    return response.data!.updateProjectImplementation;
  }

  async function addMilestone(input: Record<string, unknown>) {
    const response = await server.graphql(
      ADD_MILESTONE,
      {
        input: { projectId: ids.WON, title: 'Design approved', plannedOn: '2027-03-01', ...input },
      },
      { as: 'ADMINISTRATOR' },
    );
    expect(response.errors).toBeUndefined();

    return response.data!.addProjectMilestone;
  }

  const errorCodes = (result: { errors: { code: string }[] }) =>
    result.errors.map((error) => error.code);

  beforeAll(async () => {
    server = await startTestServer();
    const service = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
    const edition = await service.createEdition({
      name: 'Test district 2026',
      currency: 'PLN',
      budget: 100_000,
      voteType: 'approval',
      rule: 'greedy',
    });
    const projects = await service.addProjects(edition, [
      { code: 'WON', name: 'Library garden', cost: 60_000, publishedSelected: true },
      { code: 'LOST', name: 'Skate park', cost: 90_000, publishedSelected: false },
      { code: 'TALLY', name: 'Street lamps', cost: 30_000 },
      { code: 'UNFUNDED', name: 'Ice rink', cost: 80_000 },
    ]);
    ids = Object.fromEntries(projects.map((project) => [project.code, project.id]));
    await service.castBallot({
      editionId: edition.id,
      voterId: 'voter-1',
      projectIds: [ids.TALLY!, ids.UNFUNDED!],
      channel: 'INTERNET',
    });
    await service.castBallot({
      editionId: edition.id,
      voterId: 'voter-2',
      projectIds: [ids.TALLY!],
      channel: 'INTERNET',
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('funded project starts NOT_STARTED', async () => {
    const response = await server.graphql(PROJECT, { id: ids.WON });

    expect(response.errors).toBeUndefined();
    expect(response.data!.budgetProject.implementation).toEqual({
      status: 'NOT_STARTED',
      progressPercent: 0,
      spentToDate: 0,
      abandonedReason: null,
      milestones: [],
    });
  });

  it('unfunded project has no implementation', async () => {
    const lost = await server.graphql(PROJECT, { id: ids.LOST });
    const unfunded = await server.graphql(PROJECT, { id: ids.UNFUNDED });
    const result = await update({ projectId: ids.LOST, status: 'IN_PROGRESS' });

    expect(lost.data!.budgetProject.implementation).toBeNull();
    expect(unfunded.data!.budgetProject.implementation).toBeNull();
    expect(errorCodes(result)).toEqual(['PROJECT_NOT_FUNDED']);
  });

  it('tally winner without published outcome is funded', async () => {
    const result = await update({ projectId: ids.TALLY, status: 'IN_DESIGN', progressPercent: 10 });

    expect(result.errors).toEqual([]);
    expect(result.implementation).toMatchObject({ status: 'IN_DESIGN', progressPercent: 10 });
  });

  it('update stores progress and spend', async () => {
    const result = await update({
      projectId: ids.WON,
      status: 'IN_PROGRESS',
      progressPercent: 40,
      spentToDate: 25_000,
    });
    const kept = await update({ projectId: ids.WON, status: 'IN_PROGRESS' });

    expect(result.errors).toEqual([]);
    expect(result.implementation).toMatchObject({
      status: 'IN_PROGRESS',
      progressPercent: 40,
      spentToDate: 25_000,
      abandonedReason: null,
    });
    expect(kept.implementation).toMatchObject({ progressPercent: 40, spentToDate: 25_000 });
  });

  it.each([
    ['progress over 100', { status: 'IN_PROGRESS', progressPercent: 101 }, 'INVALID_PROGRESS'],
    ['negative progress', { status: 'IN_PROGRESS', progressPercent: -1 }, 'INVALID_PROGRESS'],
    [
      'progress when not started',
      { status: 'NOT_STARTED', progressPercent: 5 },
      'INVALID_PROGRESS',
    ],
    ['completed below 100', { status: 'COMPLETED', progressPercent: 90 }, 'INVALID_PROGRESS'],
    ['negative spend', { status: 'IN_PROGRESS', spentToDate: -1 }, 'INVALID_AMOUNT'],
    ['abandoned without reason', { status: 'ABANDONED' }, 'REQUIRED'],
    [
      'reason while in progress',
      { status: 'IN_PROGRESS', abandonedReason: 'No.' },
      'UNEXPECTED_REASON',
    ],
    ['unknown project', { status: 'IN_PROGRESS', projectId: 'project-1' }, 'PROJECT_NOT_FOUND'],
  ])('update rejects %s', async (_case, input, code) => {
    const result = await update({ projectId: ids.WON, ...input });

    expect(result.implementation).toBeNull();
    expect(errorCodes(result)).toEqual([code]);
    expect(result.errors[0].message.length).toBeGreaterThan(20);
  });

  it('completed sets progress to 100', async () => {
    const result = await update({ projectId: ids.TALLY, status: 'COMPLETED', spentToDate: 31_000 });

    expect(result.implementation).toMatchObject({
      status: 'COMPLETED',
      progressPercent: 100,
      spentToDate: 31_000,
    });
  });

  it('abandoned keeps the reason', async () => {
    const result = await update({
      projectId: ids.TALLY,
      status: 'ABANDONED',
      progressPercent: 20,
      abandonedReason: 'The site was sold.',
    });

    expect(result.implementation).toMatchObject({
      status: 'ABANDONED',
      abandonedReason: 'The site was sold.',
    });
  });

  it('milestones are listed by planned date', async () => {
    const later = await addMilestone({
      title: 'Garden opened',
      plannedOn: '2027-09-01',
      photoUrls: ['https://photos.example.org/garden/1.jpg'],
    });
    const earlier = await addMilestone({ plannedOn: '2027-03-01', completedOn: '2027-03-04' });
    const response = await server.graphql(PROJECT, { id: ids.WON });

    expect(later.errors).toEqual([]);
    expect(earlier.errors).toEqual([]);
    expect(response.data!.budgetProject.implementation.milestones).toEqual([
      {
        title: 'Design approved',
        plannedOn: '2027-03-01',
        completedOn: '2027-03-04',
        photoUrls: [],
      },
      {
        title: 'Garden opened',
        plannedOn: '2027-09-01',
        completedOn: null,
        photoUrls: ['https://photos.example.org/garden/1.jpg'],
      },
    ]);
  });

  it.each([
    [
      'http photo',
      { photoUrls: ['http://photos.example.org/1.jpg'] },
      'INVALID_URL',
      ['photoUrls', '0'],
    ],
    [
      'script URL',
      { photoUrls: ['https://a.example/ok.jpg', 'javascript:alert(1)'] },
      'INVALID_URL',
      ['photoUrls', '1'],
    ],
    ['relative URL', { photoUrls: ['/photos/1.jpg'] }, 'INVALID_URL', ['photoUrls', '0']],
    [
      'URL with a password',
      { photoUrls: ['https://user:secret@example.org/1.jpg'] },
      'INVALID_URL',
      ['photoUrls', '0'],
    ],
    [
      'long URL',
      { photoUrls: [`https://example.org/${'a'.repeat(2_048)}`] },
      'INVALID_URL',
      ['photoUrls', '0'],
    ],
    [
      '21 photos',
      { photoUrls: Array.from({ length: 21 }, (_, i) => `https://example.org/${i}.jpg`) },
      'TOO_MANY_PHOTOS',
      ['photoUrls'],
    ],
    ['impossible date', { plannedOn: '2027-02-30' }, 'INVALID_DATE', ['plannedOn']],
    ['date with time', { completedOn: '2027-03-01T10:00:00Z' }, 'INVALID_DATE', ['completedOn']],
    ['blank title', { title: ' ' }, 'REQUIRED', ['title']],
  ])('milestone rejects %s', async (_case, input, code, field) => {
    const result = await addMilestone(input);

    expect(result.milestone).toBeNull();
    expect(errorCodes(result)).toEqual([code]);
    expect(result.errors[0].field).toEqual(field);
  });

  it('milestone on an unfunded project is rejected', async () => {
    const result = await addMilestone({ projectId: ids.UNFUNDED });

    expect(errorCodes(result)).toEqual(['PROJECT_NOT_FUNDED']);
  });

  it('milestone update replaces its fields', async () => {
    const added = await addMilestone({ title: 'Fence built', plannedOn: '2027-05-01' });
    const response = await server.graphql(
      UPDATE_MILESTONE,
      {
        input: {
          milestoneId: added.milestone.id,
          title: 'Fence built',
          plannedOn: '2027-05-01',
          completedOn: '2027-05-20',
          photoUrls: ['https://photos.example.org/fence.jpg'],
        },
      },
      { as: 'ADMINISTRATOR' },
    );
    const missing = await server.graphql(
      UPDATE_MILESTONE,
      {
        input: {
          milestoneId: '00000000-0000-4000-8000-000000000000',
          title: 'x',
          plannedOn: '2027-05-01',
        },
      },
      { as: 'ADMINISTRATOR' },
    );

    expect(response.data!.updateProjectMilestone).toEqual({
      milestone: {
        id: added.milestone.id,
        title: 'Fence built',
        plannedOn: '2027-05-01',
        completedOn: '2027-05-20',
        photoUrls: ['https://photos.example.org/fence.jpg'],
      },
      errors: [],
    });
    expect(errorCodes(missing.data!.updateProjectMilestone)).toEqual(['MILESTONE_NOT_FOUND']);
  });
});
