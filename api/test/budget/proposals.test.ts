import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetEdition } from '../../src/modules/budget/budget-edition.entity';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { BudgetProposal } from '../../src/modules/budget/proposal.entity';
import { AuditEvent } from '../../src/platform/audit/audit-event.entity';
import { startTestServer, type TestServer } from '../support/server';

const PROPOSAL_FIELDS = `id number editionId title description estimatedCost reviewedCost latitude longitude
  category district status rejectionReason appealed submittedAt updatedAt
  project { id code name cost category latitude longitude }
  history { kind department reason cost decidedAt }`;

const SUBMIT = `mutation Submit($input: SubmitBudgetProposalInput!) {
  submitBudgetProposal(input: $input) { proposal { ${PROPOSAL_FIELDS} } errors { code field message } }
}`;
const REVIEW = `mutation Review($input: ReviewBudgetProposalInput!) {
  reviewBudgetProposal(input: $input) { proposal { ${PROPOSAL_FIELDS} } errors { code field message } }
}`;
const APPEAL = `mutation Appeal($input: AppealBudgetProposalInput!) {
  appealBudgetProposal(input: $input) { proposal { ${PROPOSAL_FIELDS} } errors { code field message } }
}`;
const DECIDE = `mutation Decide($input: DecideBudgetProposalAppealInput!) {
  decideBudgetProposalAppeal(input: $input) { proposal { ${PROPOSAL_FIELDS} } errors { code field message } }
}`;
const EDITION = `query Edition($id: ID!) {
  budgetEdition(id: $id) { projects(first: 100) { edges { node { code name cost } } } tally { projects { code } } }
}`;

const AUTHOR = 'resident-0042';

describe('budget proposals over GraphQL', () => {
  let server: TestServer;
  let editionId: string;

  const valid = () => ({
    editionId,
    residentId: AUTHOR,
    title: 'Benches in Park Południowy',
    description: 'Ten benches along the main path.\nEach bench has a backrest.',
    estimatedCost: 40_000_00,
    latitude: 52.2297,
    longitude: 21.0122,
    category: 'Greenery',
    district: 'Mokotów',
  });

  async function submit(overrides: Record<string, unknown> = {}) {
    const response = await server.graphql(
      SUBMIT,
      { input: { ...valid(), ...overrides } },
      { as: 'RESIDENT' },
    );
    expect(response.errors).toBeUndefined();

    return response.data!.submitBudgetProposal;
  }

  async function review(input: Record<string, unknown>) {
    const response = await server.graphql(
      REVIEW,
      {
        input: { department: 'Roads Authority', ...input },
      },
      { as: 'ADMINISTRATOR' },
    );
    expect(response.errors).toBeUndefined();

    return response.data!.reviewBudgetProposal;
  }

  async function appeal(input: Record<string, unknown>) {
    const response = await server.graphql(APPEAL, { input }, { as: 'RESIDENT' });
    expect(response.errors).toBeUndefined();

    return response.data!.appealBudgetProposal;
  }

  async function decide(input: Record<string, unknown>) {
    const response = await server.graphql(
      DECIDE,
      {
        input: { department: 'Mayor’s Office', ...input },
      },
      { as: 'ADMINISTRATOR' },
    );
    expect(response.errors).toBeUndefined();

    return response.data!.decideBudgetProposalAppeal;
  }

  async function ballotCodes() {
    const response = await server.graphql(EDITION, { id: editionId });

    return response.data!.budgetEdition.projects.edges.map((edge: any) => edge.node.code);
  }

  beforeAll(async () => {
    server = await startTestServer();
    const service = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
    const edition = await service.createEdition({
      name: 'Test city 2027',
      currency: 'PLN',
      budget: 100_000_00,
      voteType: 'approval',
      rule: 'greedy',
    });
    editionId = edition.id;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('submit stores a SUBMITTED proposal', async () => {
    const result = await submit();

    expect(result.errors).toEqual([]);
    expect(result.proposal).toMatchObject({
      number: 1,
      editionId,
      title: 'Benches in Park Południowy',
      estimatedCost: 40_000_00,
      reviewedCost: null,
      latitude: 52.2297,
      longitude: 21.0122,
      category: 'Greenery',
      district: 'Mokotów',
      status: 'SUBMITTED',
      appealed: false,
      project: null,
      history: [],
    });
  });

  it('submit and review follow the phases', async () => {
    const pending = await submit({ title: 'Phase check' });
    const service = new BudgetService(server.orm.em.fork(), { hashKey: server.config.hashKey });
    const voting = await service.createEdition({
      name: 'Voting city 2027',
      currency: 'PLN',
      budget: 100_000_00,
      voteType: 'approval',
      rule: 'greedy',
      phase: 'VOTING',
    });
    const late = await submit({ editionId: voting.id });
    await server.orm.em.fork().nativeUpdate(BudgetEdition, { id: editionId }, { phase: 'VOTING' });
    const lateReview = await review({ proposalId: pending.proposal.id, outcome: 'ACCEPT' });
    await server.orm.em
      .fork()
      .nativeUpdate(BudgetEdition, { id: editionId }, { phase: 'SUBMISSION' });

    expect(late.proposal).toBeNull();
    expect(late.errors.map((error: { code: string }) => error.code)).toEqual(['WRONG_PHASE']);
    expect(late.errors[0].message).toContain('phase VOTING');
    expect(late.errors[0].message).toContain('requires phase SUBMISSION');
    expect(lateReview.proposal).toBeNull();
    expect(lateReview.errors[0].message).toContain('requires phase SUBMISSION or REVIEW');
  });

  it('submit keeps the author only as a hash', async () => {
    const result = await submit({ title: 'Author check' });
    const stored = await server.orm.em.fork().findOneOrFail(BudgetProposal, result.proposal.id);

    expect(JSON.stringify(result)).not.toContain(AUTHOR);
    expect(stored.submitterHash).not.toContain(AUTHOR);
    expect(stored.submitterHash).toHaveLength(43);
  });

  it.each([
    ['blank title', { title: '   ' }, 'REQUIRED', 'title'],
    ['long title', { title: 'x'.repeat(201) }, 'TOO_LONG', 'title'],
    ['title with a line break', { title: 'Two\nlines' }, 'INVALID_TEXT', 'title'],
    ['long description', { description: 'x'.repeat(10_001) }, 'TOO_LONG', 'description'],
    ['control character', { description: 'Bell\u0007' }, 'INVALID_TEXT', 'description'],
    ['zero cost', { estimatedCost: 0 }, 'INVALID_COST', 'estimatedCost'],
    ['negative cost', { estimatedCost: -5 }, 'INVALID_COST', 'estimatedCost'],
    ['cost over budget', { estimatedCost: 100_000_01 }, 'COST_OVER_BUDGET', 'estimatedCost'],
    ['latitude out of range', { latitude: 90.5 }, 'INVALID_LATITUDE', 'latitude'],
    ['longitude out of range', { longitude: -181 }, 'INVALID_LONGITUDE', 'longitude'],
    ['latitude alone', { longitude: null }, 'INCOMPLETE_LOCATION', 'longitude'],
    ['blank category', { category: '' }, 'REQUIRED', 'category'],
    ['long district', { district: 'd'.repeat(101) }, 'TOO_LONG', 'district'],
    ['empty resident id', { residentId: ' ' }, 'INVALID_PERSON_ID', 'residentId'],
    [
      'unknown edition',
      { editionId: '00000000-0000-4000-8000-000000000000' },
      'EDITION_NOT_FOUND',
      'editionId',
    ],
    ['malformed edition id', { editionId: 'edition-1' }, 'EDITION_NOT_FOUND', 'editionId'],
  ])('submit rejects %s', async (_case, overrides, code, field) => {
    const result = await submit(overrides);

    expect(result.proposal).toBeNull();
    expect(result.errors.map((error: any) => error.code)).toEqual([code]);
    expect(result.errors[0].field).toEqual([field]);
    expect(result.errors[0].message.length).toBeGreaterThan(20);
  });

  it('submit without a location is accepted', async () => {
    const result = await submit({ latitude: null, longitude: null, district: null });

    expect(result.errors).toEqual([]);
    expect(result.proposal.latitude).toBeNull();
    expect(result.proposal.district).toBeNull();
  });

  it('accept puts the project on the ballot', async () => {
    const { proposal } = await submit({ title: 'Bike racks' });
    const result = await review({ proposalId: proposal.id, outcome: 'ACCEPT' });

    expect(result.errors).toEqual([]);
    expect(result.proposal.status).toBe('ACCEPTED');
    expect(result.proposal.project).toMatchObject({
      code: String(proposal.number),
      name: 'Bike racks',
      cost: 40_000_00,
      category: 'Greenery',
    });
    expect(result.proposal.history).toMatchObject([
      { kind: 'ACCEPTED', department: 'Roads Authority', reason: null, cost: null },
    ]);
    expect(await ballotCodes()).toContain(String(proposal.number));
  });

  it('accept audits the status and project', async () => {
    const { proposal } = await submit({ title: 'Drinking fountain' });
    const result = await review({ proposalId: proposal.id, outcome: 'ACCEPT' });
    const events = await server.orm.em
      .fork()
      .find(
        AuditEvent,
        { subjectId: proposal.id, action: 'budget_proposal.updated' },
        { orderBy: { position: 'asc' } },
      );

    expect(result.errors).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]!.details).toMatchObject({
      decision: 'ACCEPTED',
      fromStatus: 'SUBMITTED',
      toStatus: 'ACCEPTED',
    });
    expect(events[1]!.details).toMatchObject({ fields: 'project' });
  });

  it('cost change keeps the estimate', async () => {
    const { proposal } = await submit({ title: 'Playground' });
    const changed = await review({
      proposalId: proposal.id,
      outcome: 'CHANGE_COST',
      reviewedCost: 55_000_00,
      reason: 'Includes the soft surface.',
    });
    const accepted = await review({ proposalId: proposal.id, outcome: 'ACCEPT' });

    expect(changed.errors).toEqual([]);
    expect(changed.proposal.status).toBe('SUBMITTED');
    expect(accepted.proposal).toMatchObject({
      status: 'ACCEPTED',
      estimatedCost: 40_000_00,
      reviewedCost: 55_000_00,
      project: { cost: 55_000_00 },
    });
    expect(accepted.proposal.history.map((step: any) => [step.kind, step.cost])).toEqual([
      ['COST_CHANGED', 55_000_00],
      ['ACCEPTED', null],
    ]);
  });

  it('cost change needs a cost within the budget', async () => {
    const { proposal } = await submit({ title: 'Fountain' });
    const missing = await review({ proposalId: proposal.id, outcome: 'CHANGE_COST' });
    const over = await review({
      proposalId: proposal.id,
      outcome: 'ACCEPT',
      reviewedCost: 200_000_00,
    });

    expect(missing.errors.map((error: any) => error.field)).toEqual([['reviewedCost']]);
    expect(over.errors.map((error: any) => error.code)).toEqual(['COST_OVER_BUDGET']);
  });

  it('rejection needs a reason and stays off the ballot', async () => {
    const { proposal } = await submit({ title: 'Private parking' });
    const withoutReason = await review({ proposalId: proposal.id, outcome: 'REJECT' });
    const rejected = await review({
      proposalId: proposal.id,
      outcome: 'REJECT',
      reason: 'The plot is private land.',
    });

    expect(withoutReason.errors.map((error: any) => error.code)).toEqual(['REQUIRED']);
    expect(rejected.proposal).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'The plot is private land.',
      project: null,
    });
    expect(await ballotCodes()).not.toContain(String(proposal.number));
  });

  it('upheld appeal accepts the project', async () => {
    const { proposal } = await submit({ title: 'Tree planting' });
    await review({ proposalId: proposal.id, outcome: 'REJECT', reason: 'Too close to cables.' });
    const byOther = await appeal({
      proposalId: proposal.id,
      residentId: 'resident-0043',
      text: 'Please.',
    });
    const appealed = await appeal({
      proposalId: proposal.id,
      residentId: AUTHOR,
      text: 'The cables run on the other side.',
    });
    const second = await appeal({ proposalId: proposal.id, residentId: AUTHOR, text: 'Again.' });
    const upheld = await decide({
      proposalId: proposal.id,
      upheld: true,
      reason: 'Site plan checked.',
    });

    expect(byOther.errors.map((error: any) => error.code)).toEqual(['NOT_AUTHOR']);
    expect(appealed.proposal).toMatchObject({ status: 'APPEALED', appealed: true });
    expect(JSON.stringify(appealed)).not.toContain('other side');
    expect(second.errors.map((error: any) => error.code)).toEqual(['ALREADY_APPEALED']);
    expect(upheld.proposal.status).toBe('ACCEPTED');
    expect(upheld.proposal.project.name).toBe('Tree planting');
    expect(upheld.proposal.history.map((step: any) => [step.kind, step.reason])).toEqual([
      ['REJECTED', 'Too close to cables.'],
      ['APPEALED', null],
      ['APPEAL_UPHELD', 'Site plan checked.'],
    ]);
    expect(await ballotCodes()).toContain(String(proposal.number));
  });

  it('dismissed appeal is final', async () => {
    const { proposal } = await submit({ title: 'Statue' });
    await review({
      proposalId: proposal.id,
      outcome: 'REJECT',
      reason: 'Not a public investment.',
    });
    await appeal({ proposalId: proposal.id, residentId: AUTHOR, text: 'It is public art.' });
    const withoutReason = await decide({ proposalId: proposal.id, upheld: false });
    const dismissed = await decide({
      proposalId: proposal.id,
      upheld: false,
      reason: 'Art is funded elsewhere.',
    });
    const again = await appeal({ proposalId: proposal.id, residentId: AUTHOR, text: 'Once more.' });
    const review2 = await review({ proposalId: proposal.id, outcome: 'ACCEPT' });

    expect(withoutReason.errors.map((error: any) => error.code)).toEqual(['REQUIRED']);
    expect(dismissed.proposal).toMatchObject({
      status: 'APPEAL_DISMISSED',
      rejectionReason: 'Art is funded elsewhere.',
      project: null,
    });
    expect(again.errors.map((error: any) => error.code)).toEqual(['ALREADY_APPEALED']);
    expect(review2.errors.map((error: any) => error.code)).toEqual(['INVALID_PROPOSAL_STATUS']);
  });

  it('appeal before rejection is rejected', async () => {
    const { proposal } = await submit({ title: 'Early appeal' });
    const result = await appeal({
      proposalId: proposal.id,
      residentId: AUTHOR,
      text: 'Just in case.',
    });

    expect(result.errors.map((error: any) => error.code)).toEqual(['INVALID_PROPOSAL_STATUS']);
  });

  it('concurrent reviews decide once', async () => {
    const { proposal } = await submit({ title: 'Race' });
    const results = await Promise.all([
      review({ proposalId: proposal.id, outcome: 'ACCEPT' }),
      review({ proposalId: proposal.id, outcome: 'REJECT', reason: 'Duplicate.' }),
      review({ proposalId: proposal.id, outcome: 'ACCEPT' }),
    ]);
    const succeeded = results.filter((result) => result.errors.length === 0);
    const final = await server.graphql(
      `query P($id: ID!) { budgetProposal(id: $id) { status history { kind } } }`,
      { id: proposal.id },
    );
    const codes = await ballotCodes();

    expect(succeeded).toHaveLength(1);
    expect(final.data!.budgetProposal.history).toHaveLength(1);
    expect(codes.filter((code: string) => code === String(proposal.number)).length).toBe(
      final.data!.budgetProposal.status === 'ACCEPTED' ? 1 : 0,
    );
  });

  it('list filters by status', async () => {
    const response = await server.graphql(
      `query L($editionId: ID!) {
        all: budgetProposals(editionId: $editionId, first: 100) { totalCount edges { node { number } } }
        accepted: budgetProposals(editionId: $editionId, status: ACCEPTED) { edges { node { status } } }
      }`,
      { editionId },
    );
    const numbers = response.data!.all.edges.map((edge: any) => edge.node.number);

    expect(response.errors).toBeUndefined();
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(response.data!.all.totalCount).toBe(numbers.length);
    expect(response.data!.accepted.edges.length).toBeGreaterThan(0);
    expect(
      response.data!.accepted.edges.every((edge: any) => edge.node.status === 'ACCEPTED'),
    ).toBe(true);
  });

  it('export lists only accepted projects', async () => {
    const codes = await ballotCodes();
    const projects = await server.graphql(EDITION, { id: editionId });
    const ids = await server.graphql(
      `query E($id: ID!) { budgetEdition(id: $id) { projects { edges { node { id } } } } }`,
      { id: editionId },
    );
    const projectId = ids.data!.budgetEdition.projects.edges[0].node.id;
    // Review is over for this edition's accepted projects, so its voting opens.
    await server.orm.em.fork().nativeUpdate(BudgetEdition, { id: editionId }, { phase: 'VOTING' });
    const cast = await server.graphql(
      `mutation C($input: CastBallotInput!) { castBallot(input: $input) { errors { code } } }`,
      { input: { editionId, voterId: 'voter-secret-77', projectIds: [projectId] } },
    );
    const exported = await server.graphql(`query X($id: ID!) { budgetEditionPabulib(id: $id) }`, {
      id: editionId,
    });
    const text: string = exported.data!.budgetEditionPabulib;
    const projectSection = text
      .split('PROJECTS\n')[1]!
      .split('VOTES\n')[0]!
      .trim()
      .split('\n')
      .slice(1);

    expect(projects.errors).toBeUndefined();
    expect(cast.data!.castBallot.errors).toEqual([]);
    expect(projectSection.map((row) => row.split(';')[0])).toEqual(codes);
    expect(text).toContain('\nnum_votes;1\n');
    expect(text).toContain('\nVOTES\nvoter_id;vote;voting_method\n1;');
    expect(text).not.toContain('voter-secret-77');
    expect(text).not.toContain(AUTHOR);
  });
});
