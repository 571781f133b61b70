import { BudgetProcess } from '../../src/modules/budget/budget-process.entity';
import { BudgetService } from '../../src/modules/budget/budget.service';
import { createAccount } from '../../src/modules/accounts/account.service';
import { importCensus } from '../../src/modules/referenda/referendum-setup.service';
import { WebhookDelivery } from '../../src/modules/webhooks/webhook.entity';
import type { IdPool } from './schema-values';
import type { StaffOrResidentRole, TestServer } from './server';

/**
 * Valid arguments for the mutations whose placeholder arguments stop at validation, so a walk of
 * the schema reaches a real change of state for every mutation outside NO_CHANGE_EXEMPTIONS. A
 * walk runs the recipes in table order, after the mutations without a recipe, so records made by
 * one recipe (a DRAFT consultation, a rejected proposal) exist when a later one needs them.
 */

/** What a recipe can use: the server, demo record ids and the ids that earlier recipes stored. */
export type RecipeContext = {
  server: TestServer;
  ids: IdPool;
  createdIds: Record<string, string>;
};

export type MutationRecipe = {
  /**
   * Builds the variables, after making the records the call needs. Without it the walk uses
   * placeholder values (`baseValue`).
   */
  variables?: (context: RecipeContext) => Promise<Record<string, unknown>>;
  /** Caller of the call; the walk's choice from the access rule when left out. */
  caller?: StaffOrResidentRole | null;
  /** Stores ids from the payload (`result`) in `context.createdIds` for later recipes. */
  keep?: (result: any, context: RecipeContext) => void;
};

/**
 * Mutations that may change nothing in a walk, each with the reason. It is empty because every
 * mutation has a recipe or reaches a change with placeholder values.
 */
export const NO_CHANGE_EXEMPTIONS: Record<string, string> = {};

const HOUR_MS = 3_600_000;

/** Resident id under which the walk submits and appeals a proposal, then erases it. */
const WALK_RESIDENT = 'walk-resident-0001';

/** Login and password of the account that `signIn` signs in to. */
const SIGN_IN_ACCOUNT = {
  login: 'walk-sign-in@city.example',
  password: 'a password long enough for the walk',
};

/**
 * Runs a setup operation and returns its `result`, throwing when it fails, so a broken setup
 * shows up as itself instead of as an unchanged mutation.
 */
async function setup(
  context: RecipeContext,
  query: string,
  variables: Record<string, unknown>,
  as: StaffOrResidentRole | null = 'ADMINISTRATOR',
): Promise<any> {
  const response = await context.server.graphql(query, variables, as ? { as } : {});
  const result = response.data?.result as { errors?: unknown[] } | undefined;
  if (response.errors || !result || (result.errors && result.errors.length > 0)) {
    throw new Error(
      `Setup failed: ${query.slice(0, 80)}: ${JSON.stringify(response.errors ?? result?.errors)}`,
    );
  }

  return result;
}

function budgets(context: RecipeContext): BudgetService {
  return new BudgetService(context.server.orm.em.fork(), {
    hashKey: context.server.config.hashKey,
  });
}

/** Creates a budget edition without projects in `phase`, outside any process, and returns its id. */
async function edition(
  context: RecipeContext,
  name: string,
  phase: 'SUBMISSION' | 'REVIEW' = 'SUBMISSION',
) {
  const service = budgets(context);
  const created = await service.createEdition({
    name,
    currency: 'PLN',
    budget: 100_000,
    voteType: 'approval',
    rule: 'greedy',
    phase,
  });

  return created.id;
}

/** Opens a case as an anonymous resident and returns its id. */
async function openCase(context: RecipeContext): Promise<string> {
  const result = await setup(
    context,
    `mutation ($input: OpenCaseInput!) { result: openCase(input: $input) { case { id } errors { code } } }`,
    {
      input: {
        jurisdictionId: context.ids.jurisdiction,
        categoryId: context.ids.category,
        channel: 'WEB',
        description: 'Broken street light at the corner.',
      },
    },
    null,
  );

  return result.case.id;
}

/** Opens a case and resolves it, so the resident can confirm or dispute the fix. */
async function resolvedCase(context: RecipeContext): Promise<string> {
  const caseId = await openCase(context);
  await setup(
    context,
    `mutation ($input: ChangeCaseStatusInput!) { result: changeCaseStatus(input: $input) { errors { code message } } }`,
    {
      input: {
        caseId,
        status: 'RESOLVED',
        evidenceUrl: 'https://city.example/fix.jpg',
        publicNote: 'Fixed.',
      },
    },
    'DEPARTMENT_MANAGER',
  );

  return caseId;
}

/** Creates a referendum over the window `[opensAt, closesAt]` and returns its id and options. */
async function referendum(context: RecipeContext, opensAt: Date, closesAt: Date) {
  const result = await setup(
    context,
    `mutation ($input: CreateReferendumInput!) { result: createReferendum(input: $input) { referendum { id options { id } } errors { code } } }`,
    {
      input: {
        question: 'Should the market square be closed to cars?',
        options: ['Yes', 'No'],
        opensAt: opensAt.toISOString(),
        closesAt: closesAt.toISOString(),
        quorumPercent: 10,
      },
    },
  );

  return result.referendum as { id: string; options: { id: string }[] };
}

export const MUTATION_RECIPES: [string, MutationRecipe][] = [
  // Cases and their routing.
  [
    'createDepartment',
    { keep: (result, context) => (context.createdIds.department = result.department.id) },
  ],
  [
    'changeCaseStatus',
    { variables: async ({ ids }) => ({ input: { caseId: ids.case, status: 'ACTION_SCHEDULED' } }) },
  ],
  [
    'assignCase',
    {
      variables: async ({ ids, createdIds }) => ({
        input: { caseId: ids.case, departmentId: createdIds.department },
      }),
    },
  ],
  [
    'confirmCaseFix',
    { variables: async (context) => ({ input: { caseId: await resolvedCase(context) } }) },
  ],
  [
    'reopenCase',
    {
      variables: async (context) => ({
        input: { caseId: await resolvedCase(context), note: 'The light is still out.' },
      }),
    },
  ],
  [
    'mergeCases',
    {
      variables: async (context) => ({
        input: { masterId: await openCase(context), duplicateId: await openCase(context) },
      }),
    },
  ],
  [
    'configureCategory',
    {
      variables: async ({ ids }) => ({
        input: { categoryId: ids.category, targetHours: 48, warningHours: 24 },
      }),
    },
  ],
  [
    'setRoutingRule',
    {
      variables: async ({ ids, createdIds }) => ({
        input: {
          jurisdictionId: ids.jurisdiction,
          categoryId: ids.category,
          departmentId: createdIds.department,
        },
      }),
    },
  ],
  [
    'setJurisdictionCalendar',
    {
      variables: async ({ ids }) => ({
        input: {
          jurisdictionId: ids.jurisdiction,
          timeZone: 'Europe/Warsaw',
          holidayCountry: 'PL',
          // Hours that differ from the demo calendar's, so the call changes it.
          workdayStartMinute: 7 * 60 + 30,
          workdayEndMinute: 15 * 60 + 30,
          workingWeekdays: [1, 2, 3, 4, 5],
        },
      }),
    },
  ],
  [
    'importDistrictBoundaries',
    {
      variables: async ({ ids }) => ({
        input: {
          jurisdictionId: ids.jurisdiction,
          codeProperty: 'code',
          nameProperty: 'name',
          // The one district matches none of the demo's, so the call retires them all.
          replaceAll: true,
          featureCollection: {
            type: 'FeatureCollection',
            features: [
              {
                type: 'Feature',
                properties: { code: 'walk-north', name: 'Walk North' },
                geometry: {
                  type: 'Polygon',
                  coordinates: [
                    [
                      [21.0, 52.2],
                      [21.1, 52.2],
                      [21.1, 52.3],
                      [21.0, 52.3],
                      [21.0, 52.2],
                    ],
                  ],
                },
              },
            ],
          },
        },
      }),
    },
  ],

  // Webhooks. The walk's server runs no delivery worker, so the loopback URL is never called.
  [
    'createWebhook',
    {
      variables: async () => ({
        input: {
          name: 'Walk webhook',
          url: 'http://127.0.0.1/walk-hook',
          eventTypes: ['CASE_CREATED'],
        },
      }),
      keep: (result, context) => (context.createdIds.webhook = result.webhook.id),
    },
  ],
  [
    'retryWebhookDelivery',
    {
      // A delivery turns FAILED only after the worker's last attempt, so the setup marks one.
      variables: async (context) => {
        await openCase(context);
        const em = context.server.orm.em.fork();
        const delivery = await em.findOneOrFail(WebhookDelivery, {
          webhook: context.createdIds.webhook,
        });
        delivery.status = 'FAILED';
        await em.flush();

        return { input: { id: delivery.id } };
      },
    },
  ],
  [
    'disableWebhook',
    { variables: async ({ createdIds }) => ({ input: { id: createdIds.webhook } }) },
  ],

  // API keys and accounts.
  [
    'createApiKey',
    {
      variables: async () => ({ input: { name: 'Walk key', scopes: ['graphql'] } }),
      keep: (result, context) => (context.createdIds.apiKey = result.apiKey.id),
    },
  ],
  ['rotateApiKey', { variables: async ({ createdIds }) => ({ input: { id: createdIds.apiKey } }) }],
  ['revokeApiKey', { variables: async ({ createdIds }) => ({ input: { id: createdIds.apiKey } }) }],
  [
    'createAccount',
    {
      variables: async () => ({
        input: {
          login: 'walk-account@city.example',
          password: 'a password long enough for the walk',
          roles: ['RESIDENT'],
        },
      }),
      keep: (result, context) => (context.createdIds.account = result.account.id),
    },
  ],
  [
    'setAccountVerificationLevel',
    {
      variables: async ({ createdIds }) => ({
        input: { accountId: createdIds.account, level: 'EMAIL_CONFIRMED' },
      }),
    },
  ],
  [
    'setAccountRoles',
    {
      variables: async ({ createdIds }) => ({
        input: { accountId: createdIds.account, roles: ['AUDITOR'] },
      }),
    },
  ],
  [
    'signIn',
    {
      variables: async ({ server }) => {
        await createAccount(
          server.orm.em.fork(),
          server.config,
          { ...SIGN_IN_ACCOUNT, roles: ['RESIDENT'] },
          null,
        );

        return { input: SIGN_IN_ACCOUNT };
      },
    },
  ],

  // Participatory budget. The demo edition is VOTING, so ballots go there before any phase move.
  [
    'castBallot',
    {
      variables: async ({ ids }) => ({
        input: { editionId: ids.edition, projectIds: [ids.project], voterId: 'walk-voter-0001' },
      }),
    },
  ],
  [
    'advanceBudgetPhase',
    {
      variables: async (context) => ({
        input: { editionId: await edition(context, 'Walk phase edition') },
      }),
    },
  ],
  [
    'createBudgetProcess',
    {
      variables: async () => ({
        input: { name: 'Walktown 2027', unit: 'Walktown', year: 2027, currency: 'PLN' },
      }),
      keep: (result, context) => (context.createdIds.process = result.process.id),
    },
  ],
  [
    'importVoterRegister',
    {
      variables: async ({ createdIds }) => ({
        processId: createdIds.process,
        csv: 'personal_id,birth_date,district\n90010112345,1990-01-01,North\n',
      }),
    },
  ],
  [
    'advanceBudgetProcessPhase',
    {
      variables: async (context) => {
        const em = context.server.orm.em.fork();
        const process = await em.findOneOrFail(BudgetProcess, { id: context.createdIds.process });
        await new BudgetService(em, { hashKey: context.server.config.hashKey }).createEdition({
          name: 'Walktown 2027',
          currency: 'PLN',
          budget: 100_000,
          voteType: 'approval',
          rule: 'greedy',
          phase: 'SUBMISSION',
          process,
        });

        return { input: { processId: context.createdIds.process } };
      },
    },
  ],
  [
    'setBudgetCountingLimits',
    {
      variables: async (context) => {
        context.createdIds.submissionEdition = await edition(context, 'Walk submission edition');

        return {
          input: {
            editionId: context.createdIds.submissionEdition,
            categoryLimits: [],
            minProjectScore: 1,
          },
        };
      },
    },
  ],
  [
    'setBudgetRequiredVerification',
    {
      variables: async ({ createdIds }) => ({
        input: { editionId: createdIds.submissionEdition, level: 'EMAIL_CONFIRMED' },
      }),
    },
  ],
  [
    'submitBudgetProposal',
    {
      variables: async ({ createdIds }) => ({
        input: {
          editionId: createdIds.submissionEdition,
          title: 'Benches in the park',
          description: 'Ten benches along the main alley.',
          category: 'Parks',
          estimatedCost: 10_000,
          residentId: WALK_RESIDENT,
        },
      }),
      keep: (result, context) => (context.createdIds.proposal = result.proposal.id),
    },
  ],
  [
    'reviewBudgetProposal',
    {
      variables: async ({ createdIds }) => ({
        input: {
          proposalId: createdIds.proposal,
          outcome: 'REJECT',
          reason: 'Over the district limit.',
          department: 'Parks Authority',
        },
      }),
    },
  ],
  [
    'appealBudgetProposal',
    {
      variables: async ({ createdIds }) => ({
        input: {
          proposalId: createdIds.proposal,
          residentId: WALK_RESIDENT,
          text: 'The cost estimate was too high.',
        },
      }),
    },
  ],
  [
    'decideBudgetProposalAppeal',
    {
      variables: async ({ createdIds }) => ({
        input: {
          proposalId: createdIds.proposal,
          upheld: false,
          department: 'Mayor’s Office',
          reason: 'The limit stays.',
        },
      }),
    },
  ],
  [
    'addProjectMilestone',
    {
      variables: async ({ ids }) => ({
        input: { projectId: ids.project, title: 'Design', plannedOn: '2027-03-01' },
      }),
      keep: (result, context) => (context.createdIds.milestone = result.milestone.id),
    },
  ],
  [
    'updateProjectMilestone',
    {
      variables: async ({ createdIds }) => ({
        input: {
          milestoneId: createdIds.milestone,
          title: 'Design',
          plannedOn: '2027-03-01',
          completedOn: '2027-02-20',
        },
      }),
    },
  ],

  // Consultations: the DRAFT one that createConsultation made is configured, opened and filled in.
  [
    'createConsultation',
    { keep: (result, context) => (context.createdIds.consultation = result.consultation.id) },
  ],
  [
    'updateConsultation',
    {
      variables: async ({ createdIds }) => ({
        input: { consultationId: createdIds.consultation, title: 'Walk consultation' },
      }),
    },
  ],
  [
    'setQuestionnaire',
    {
      variables: async ({ createdIds }) => ({
        input: {
          consultationId: createdIds.consultation,
          questions: [{ code: 'q1', type: 'SHORT_TEXT', prompt: 'What should change?' }],
        },
      }),
    },
  ],
  [
    'advanceConsultationPhase',
    {
      variables: async ({ createdIds }) => ({
        input: { consultationId: createdIds.consultation, phase: 'OPEN' },
      }),
    },
  ],
  [
    'submitQuestionnaire',
    {
      variables: async ({ createdIds }) => ({
        input: {
          consultationId: createdIds.consultation,
          participantId: 'walk-participant-0001',
          answers: [{ questionCode: 'q1', text: 'More trees.' }],
        },
      }),
    },
  ],
  [
    'submitStatement',
    { keep: (result, context) => (context.createdIds.statement = result.statement.id) },
  ],
  [
    'moderateStatement',
    {
      variables: async ({ createdIds }) => ({
        input: { statementId: createdIds.statement, decision: 'ACCEPTED' },
      }),
    },
  ],

  // Referenda: one SCHEDULED, one OPEN now and one whose voting ended.
  [
    'createReferendum',
    {
      variables: async () => ({
        input: {
          question: 'Should the library open on Sundays?',
          options: ['Yes', 'No'],
          opensAt: new Date(Date.now() + HOUR_MS).toISOString(),
          closesAt: new Date(Date.now() + 2 * HOUR_MS).toISOString(),
          quorumPercent: 10,
        },
      }),
      keep: (result, context) => (context.createdIds.referendum = result.referendum.id),
    },
  ],
  [
    'setReferendumRequiredVerification',
    {
      variables: async ({ createdIds }) => ({
        input: { referendumId: createdIds.referendum, level: 'EMAIL_CONFIRMED' },
      }),
    },
  ],
  [
    'importReferendumCensus',
    {
      variables: async ({ createdIds }) => ({
        input: {
          referendumId: createdIds.referendum,
          csv: 'voter_id,district\nwalk-voter-0001,North\n',
        },
      }),
    },
  ],
  [
    'castReferendumVote',
    {
      variables: async (context) => {
        const opensAt = new Date(Date.now() - HOUR_MS);
        const open = await referendum(context, opensAt, new Date(Date.now() + HOUR_MS));
        const deps = { em: context.server.orm.em.fork(), config: context.server.config };
        // The census is locked once voting opens, so it is imported as of a time before.
        await importCensus(
          deps,
          open.id,
          'voter_id,district\nwalk-voter-0001,North\n',
          new Date(opensAt.getTime() - 60_000),
        );

        return {
          input: {
            referendumId: open.id,
            optionId: open.options[0]!.id,
            voterId: 'walk-voter-0001',
            channel: 'ONLINE',
          },
        };
      },
    },
  ],
  [
    'closeReferendum',
    {
      variables: async (context) => {
        const ended = await referendum(
          context,
          new Date(Date.now() - 2 * HOUR_MS),
          new Date(Date.now() - HOUR_MS),
        );

        return { referendumId: ended.id };
      },
    },
  ],

  // Knowledge base.
  [
    'createKbArticle',
    { keep: (result, context) => (context.createdIds.article = result.articleId) },
  ],
  [
    'editKbArticle',
    {
      variables: async ({ createdIds }) => ({
        input: {
          articleId: createdIds.article,
          titlePl: 'Wywóz śmieci',
          titleEn: 'Waste collection',
          bodyPl: 'Odpady zmieszane odbieramy we wtorki.',
          bodyEn: 'Mixed waste is collected on Tuesdays.',
        },
      }),
      keep: (result, context) => (context.createdIds.articleVersion = String(result.latestVersion)),
    },
  ],
  [
    'publishKbArticle',
    {
      variables: async ({ createdIds }) => ({
        input: { articleId: createdIds.article, version: Number(createdIds.articleVersion) },
      }),
    },
  ],

  // Erasure runs late, once the walk's resident has a proposal and an appeal to erase.
  [
    'erasePersonalData',
    { variables: async () => ({ input: { residentId: WALK_RESIDENT, confirmation: 'ERASE' } }) },
  ],
];
