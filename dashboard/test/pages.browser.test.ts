import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, formatNumber } from '../src/lib/format';
import { launchBrowser, type TestBrowser } from './support/browser';
import { importFile, type ImportResult } from './support/imports';
import {
  parseCsv,
  readAcceptedStatements,
  readPabulib,
  readPolisVotes,
  toRecords,
} from './support/real-data';
import {
  chromiumPath,
  createDatabase,
  dataDir,
  freePort,
  graphql,
  repoRoot,
  run,
  startService,
  waitForHttp,
  type Service,
  type TestDatabase,
} from './support/stack';

const PB_FILE = path.join(dataDir, 'pabulib', 'Poland_Warszawa_2019_Las.pb');
const NYC_FILE = path.join(dataDir, 'service-requests', 'nyc', '311_subset.micro.csv');
// The Seattle conversation is used because the London one records sensitive demographics.
const POLIS_FOLDER = path.join(dataDir, 'consultations', '15-per-hour-seattle');

/** Minimum count a public aggregate may show, set on the API so the test can rely on it. */
const MIN_AGGREGATE_COUNT = 5;
/** Word every questionnaire answer of the browser test contains. */
const KEYWORD = 'shelters';
/** Maximum wait for a live update to reach the page, in milliseconds. */
const LIVE_TIMEOUT_MS = 20_000;

const hasData = fs.existsSync(dataDir);
const hasChromium = fs.existsSync(chromiumPath);

if (!hasData) {
  console.warn(`Dashboard browser tests skipped: ${dataDir} does not exist. Set RATUSZ_DATA_DIR.`);
}
if (!hasChromium) {
  console.warn(`Dashboard browser tests skipped: no Chromium at ${chromiumPath}.`);
}
type Stack = {
  apiUrl: string;
  dashboardUrl: string;
  database: TestDatabase;
  services: Service[];
  browser: TestBrowser;
  imports: Record<'cases' | 'budget' | 'consultations', ImportResult>;
  /** Session token of an administrator, for set-up calls that need staff rights. */
  adminToken: string;
};

let stack: Stack;

/** Build outputs the stack runs; `npm test` builds them before any test starts. */
const BUILD_OUTPUTS = [
  path.join(repoRoot, 'api', 'dist', 'main.js'),
  path.join(repoRoot, 'dashboard', '.next', 'BUILD_ID'),
];

function checkBuilt(): void {
  const missing = BUILD_OUTPUTS.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(`Missing build output ${missing.join(', ')}: run \`npm run build\` first.`);
  }
}

async function startStack(): Promise<Stack> {
  checkBuilt();
  const database = await createDatabase();
  const apiEnv = {
    ...database.env,
    RATUSZ_SEED_DEMO: 'false',
    RATUSZ_HASH_KEY: 'dashboard-browser-test-key',
    RATUSZ_MIN_AGGREGATE_COUNT: String(MIN_AGGREGATE_COUNT),
    LOG_LEVEL: 'warn',
  };
  const imports: Stack['imports'] = {
    cases: await importFile('nyc311', NYC_FILE, apiEnv),
    // Reopened for voting, so the live-update test can cast a ballot on it.
    budget: await importFile('pabulib', PB_FILE, apiEnv, ['--phase=VOTING']),
    consultations: await importFile('polis', POLIS_FOLDER, apiEnv),
  };

  const apiPort = await freePort();
  const dashboardPort = await freePort();
  const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
  const api = startService('node', [path.join(repoRoot, 'api', 'dist', 'main.js')], {
    env: {
      ...apiEnv,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      // The pages open WebSockets to the API, which accepts only listed origins.
      CORS_ORIGINS: dashboardUrl,
      RATUSZ_RATE_LIMIT_EXEMPT: '127.0.0.1',
    },
  });
  const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
  await waitForHttp(`http://127.0.0.1:${apiPort}/health`, api);

  const dashboard = startService(
    path.join(repoRoot, 'node_modules', '.bin', 'next'),
    ['start', '-H', '127.0.0.1', '-p', String(dashboardPort)],
    {
      cwd: path.join(repoRoot, 'dashboard'),
      env: { RATUSZ_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  await waitForHttp(`${dashboardUrl}/`, dashboard);

  return {
    apiUrl,
    dashboardUrl,
    database,
    services: [api, dashboard],
    browser: await launchBrowser(),
    imports,
    adminToken: await createAdministrator(apiUrl, apiEnv),
  };
}

/** Creates an administrator with the account command and signs it in over GraphQL. */
async function createAdministrator(apiUrl: string, apiEnv: Record<string, string>): Promise<string> {
  const login = 'admin@dashboard.test';
  const password = 'dashboard test administrator';
  await run('node', [path.join(repoRoot, 'api', 'dist', 'cli', 'account.js'), 'create', `--login=${login}`, '--roles=ADMINISTRATOR'], {
    env: apiEnv,
    input: `${password}\n`,
  });
  const signedIn = await graphql<{ signIn: { token: string | null } }>(
    apiUrl,
    'mutation S($input: SignInInput!) { signIn(input: $input) { token } }',
    { input: { login, password } },
  );

  return signedIn.signIn.token!;
}

async function openPage(address: string): Promise<Page> {
  const page = await stack.browser.context.newPage();
  await page.goto(`${stack.dashboardUrl}${address}`);

  return page;
}

async function numberAt(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute('data-value'));
}

/** Waits until the page's live socket is open and its subscription had time to register. */
async function waitUntilLive(page: Page): Promise<void> {
  await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();
  // graphql-ws sends the subscription right after the connection is acknowledged; a short
  // pause lets the API register it before the test publishes an event.
  await page.waitForTimeout(500);
}

/** Marks the document so a test can tell an in-place update from a reload. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { ratuszMarker: string }).ratuszMarker = 'same document';
  });
}

async function documentMarker(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as { ratuszMarker?: string }).ratuszMarker);
}

async function waitForValue(page: Page, testId: string, value: number): Promise<void> {
  await page
    .locator(`[data-testid="${testId}"][data-value="${value}"]`)
    .waitFor({ timeout: LIVE_TIMEOUT_MS });
}

describe.skipIf(!hasData || !hasChromium)('dashboard pages in Chromium', () => {
  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.browser.close();
    for (const service of stack?.services.reverse() ?? []) {
      await service.stop();
    }
    await stack?.database.drop();
  });

  it('index page names the dashboards', async () => {
    const page = await openPage('/');

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ratusz dashboards');
    await page.close();
  });

  describe('case pages with the NYC 311 extract', () => {
    let nyc: ReturnType<typeof nycFacts>;

    beforeAll(() => {
      nyc = nycFacts(stack.imports.cases!.rejectedLines);
    });

    it('priorities show case counts from the file', async () => {
      const page = await openPage('/priorities');
      const rows = await page.getByTestId('priority-row').evaluateAll((elements) =>
        elements.map((row) => ({
          district: row.closest('section')?.querySelector('h2')?.textContent ?? '',
          category: (row as HTMLTableRowElement).cells[1]?.textContent ?? '',
          count: Number(row.getAttribute('data-case-count')),
        })),
      );
      const expected = rows.map((row) => {
        const borough = row.district === 'Cases without a district' ? '' : row.district;

        return nyc.counts.get(`${borough}|${row.category}`) ?? 0;
      });

      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((row) => row.count)).toEqual(expected);
      await page.close();
    });

    it('priorities show the formula from the API', async () => {
      const { priorities } = await graphql<{ priorities: { formula: string } }>(
        stack.apiUrl,
        '{ priorities { formula } }',
      );
      const page = await openPage('/priorities');

      expect(await page.getByTestId('priority-formula').textContent()).toBe(priorities.formula);
      await page.close();
    });

    it('heatmap counts every case of the file', async () => {
      const page = await openPage('/heatmap');

      expect(await numberAt(page, 'heatmap-total-cases')).toBe(nyc.imported);
      expect(await numberAt(page, 'heatmap-without-location')).toBe(nyc.imported - nyc.located);
      await page.close();
    });

    it('heatmap cells and suppressed cases add up', async () => {
      const page = await openPage('/heatmap');
      const cellCounts = (await page
        .getByTestId('heatmap-cell')
        .evaluateAll((cells) =>
          cells.map((cell) => Number(cell.getAttribute('data-count'))),
        )) as number[];
      const suppressed = Number(
        await page.getByTestId('heatmap-suppressed').getAttribute('data-cases'),
      );
      const shown = cellCounts.reduce((sum, count) => sum + count, 0);

      expect(shown + suppressed).toBe(nyc.located);
      expect(cellCounts.filter((count) => count < MIN_AGGREGATE_COUNT)).toEqual([]);
      expect(await numberAt(page, 'heatmap-cell-count')).toBe(cellCounts.length);
      await page.close();
    });

    it('heatmap redraws after a case opens', async () => {
      const page = await openPage('/heatmap');
      await waitUntilLive(page);
      await markDocument(page);
      const before = await numberAt(page, 'heatmap-total-cases');

      await openCaseLike(nyc.firstLocated);
      await waitForValue(page, 'heatmap-total-cases', before + 1);

      expect(await documentMarker(page)).toBe('same document');
      await page.close();
    });
  });

  describe('budget page with a pabulib file', () => {
    const facts = readPabulib(PB_FILE);
    let editionId: string;

    beforeAll(async () => {
      editionId = await onlyNodeId('budgetEditions');
    });

    it('shows each project vote count from the file', async () => {
      const page = await openPage(`/budgets/${editionId}`);
      const shown = await Promise.all(
        facts.projects.map((project) => numberAt(page, `project-votes-${project.project_id}`)),
      );

      expect(shown).toEqual(facts.projects.map((project) => Number(project.votes)));
      await page.close();
    });

    it('formats vote counts for English readers', async () => {
      const page = await openPage(`/budgets/${editionId}`);
      const first = facts.projects[0]!;

      expect(await page.getByTestId(`project-votes-${first.project_id}`).textContent()).toBe(
        formatNumber('en', Number(first.votes)),
      );
      await page.close();
    });

    it('shows costs, budget and ballots from the file', async () => {
      const page = await openPage(`/budgets/${editionId}`);
      const costs = await Promise.all(
        facts.projects.map((project) => numberAt(page, `project-cost-${project.project_id}`)),
      );

      expect(costs).toEqual(facts.projects.map((project) => Number(project.cost) * 100));
      expect(await numberAt(page, 'budget-total')).toBe(Number(facts.meta.budget) * 100);
      expect(await numberAt(page, 'ballot-count')).toBe(facts.ballotCount);
      await page.close();
    });

    it('shows the amounts in Polish', async () => {
      const page = await openPage(`/budgets/${editionId}?lang=pl`);
      const budget = Number(facts.meta.budget) * 100;

      expect(await page.getByTestId('budget-total').textContent()).toBe(
        formatMoney('pl', budget, 'PLN'),
      );
      await page.close();
    });

    it('updates votes after a ballot without reloading', async () => {
      const page = await openPage(`/budgets/${editionId}`);
      const project = facts.projects[facts.projects.length - 1]!;
      const code = project.project_id!;
      const votesBefore = await numberAt(page, `project-votes-${code}`);
      const ballotsBefore = await numberAt(page, 'ballot-count');
      await waitUntilLive(page);
      await markDocument(page);

      const projectId = await budgetProjectId(editionId, code);
      await graphql(
        stack.apiUrl,
        `
          mutation Cast($input: CastBallotInput!) {
            castBallot(input: $input) {
              errors {
                code
                message
              }
            }
          }
        `,
        { input: { editionId, voterId: 'dashboard-browser-test', projectIds: [projectId] } },
      );
      await waitForValue(page, `project-votes-${code}`, votesBefore + 1);

      expect(await numberAt(page, 'ballot-count')).toBe(ballotsBefore + 1);
      expect(await documentMarker(page)).toBe('same document');
      await page.close();
    });
  });

  describe('consultation page with a Polis conversation', () => {
    const votes = readPolisVotes(path.join(POLIS_FOLDER, 'votes.csv'));
    const accepted = readAcceptedStatements(path.join(POLIS_FOLDER, 'comments.csv'));
    let consultationId: string;

    beforeAll(async () => {
      consultationId = await onlyNodeId('consultations');
    });

    it('shows latest agree votes per statement', async () => {
      const page = await openPage(`/consultations/${consultationId}`);
      const shown = await Promise.all(
        accepted.map((code) => numberAt(page, `statement-agree-${code}`)),
      );

      expect(shown).toEqual(accepted.map((code) => votes.statements.get(code)?.agree ?? 0));
      await page.close();
    });

    it('shows latest disagree and pass votes', async () => {
      const page = await openPage(`/consultations/${consultationId}`);
      const shown = await Promise.all(
        accepted.map(async (code) => [
          await numberAt(page, `statement-disagree-${code}`),
          await numberAt(page, `statement-pass-${code}`),
        ]),
      );

      expect(shown).toEqual(
        accepted.map((code) => [
          votes.statements.get(code)?.disagree ?? 0,
          votes.statements.get(code)?.pass ?? 0,
        ]),
      );
      await page.close();
    });

    it('shows the imported conversation as open', async () => {
      const page = await openPage(`/consultations/${consultationId}`);

      expect(await page.getByTestId('consultation-phase').getAttribute('data-value')).toBe('OPEN');
      expect(await page.getByTestId('results-hidden').count()).toBe(0);
      await page.close();
    });

    it('shows participants and vote events', async () => {
      const page = await openPage(`/consultations/${consultationId}`);

      expect(await numberAt(page, 'participant-count')).toBe(votes.voters);
      expect(await numberAt(page, 'vote-event-count')).toBe(votes.voteEvents);
      await page.close();
    });

    it('updates a statement after a vote without reloading', async () => {
      const page = await openPage(`/consultations/${consultationId}`);
      const code = accepted[0]!;
      const agreeBefore = await numberAt(page, `statement-agree-${code}`);
      await waitUntilLive(page);
      await markDocument(page);

      const statementId = await statementIdOf(consultationId, code);
      await graphql(
        stack.apiUrl,
        `
          mutation Vote($input: CastStatementVoteInput!) {
            castStatementVote(input: $input) {
              errors {
                code
              }
            }
          }
        `,
        { input: { statementId, participantId: 'dashboard-browser-test', vote: 'AGREE' } },
      );
      await waitForValue(page, `statement-agree-${code}`, agreeBefore + 1);

      expect(await documentMarker(page)).toBe('same document');
      await page.close();
    });

    it('shows the opinion groups the API finds', async () => {
      const page = await openPage(`/consultations/${consultationId}`);
      const groups = await opinionGroupsOf(consultationId);
      const sizes = await Promise.all(
        groups.groups.map((group) => numberAt(page, `opinion-group-size-${group.index}`)),
      );

      expect(groups.groups.length).toBeGreaterThan(0);
      expect(await numberAt(page, 'clustered-count')).toBe(groups.clusteredParticipants);
      expect(await numberAt(page, 'excluded-count')).toBe(groups.excludedParticipants);
      expect(sizes).toEqual(groups.groups.map((group) => group.size));
      await page.close();
    });

    it('updates opinion groups after votes without reloading', async () => {
      const page = await openPage(`/consultations/${consultationId}`);
      const clusteredBefore = await numberAt(page, 'clustered-count');
      await waitUntilLive(page);
      await markDocument(page);

      // A participant is clustered once they have voted on 7 accepted statements.
      for (const code of accepted.slice(0, 7)) {
        const statementId = await statementIdOf(consultationId, code);
        await graphql(
          stack.apiUrl,
          'mutation V($input: CastStatementVoteInput!) { castStatementVote(input: $input) { errors { code } } }',
          { input: { statementId, participantId: 'dashboard-groups-test', vote: 'DISAGREE' } },
        );
      }
      await waitForValue(page, 'clustered-count', clusteredBefore + 1);

      expect(await documentMarker(page)).toBe('same document');
      await page.close();
    });
  });

  // Runs after the Polis tests, which expect the imported conversation to be the only one.
  describe('consultation page with a questionnaire', () => {
    let consultationId: string;

    const submitAnswer = (participantId: string, choice: string) =>
      graphql(
        stack.apiUrl,
        'mutation S($input: SubmitQuestionnaireInput!) { submitQuestionnaire(input: $input) { submitted } }',
        {
          input: {
            consultationId,
            participantId,
            answers: [
              { questionCode: 'uses', choice },
              { questionCode: 'wish', text: `Safer stops with ${KEYWORD} at ${participantId}` },
            ],
          },
        },
      );

    beforeAll(async () => {
      const created = await graphql<{ createConsultation: { consultation: { id: string } } }>(
        stack.apiUrl,
        'mutation C($input: CreateConsultationInput!) { createConsultation(input: $input) { consultation { id } } }',
        { input: { title: 'Night bus survey', resultsPolicy: 'LIVE', language: 'EN' } },
        stack.adminToken,
      );
      consultationId = created.createConsultation.consultation.id;
      await graphql(
        stack.apiUrl,
        'mutation Q($input: SetQuestionnaireInput!) { setQuestionnaire(input: $input) { errors { code } } }',
        {
          input: {
            consultationId,
            questions: [
              {
                code: 'uses',
                type: 'SINGLE_CHOICE',
                prompt: 'Do you ride at night?',
                options: ['yes', 'no'],
              },
              { code: 'wish', type: 'SHORT_TEXT', prompt: 'What would help?' },
            ],
          },
        },
        stack.adminToken,
      );
      await graphql(
        stack.apiUrl,
        'mutation A($input: AdvanceConsultationPhaseInput!) { advanceConsultationPhase(input: $input) { errors { code } } }',
        { input: { consultationId, phase: 'OPEN' } },
        stack.adminToken,
      );
      for (let index = 0; index < MIN_AGGREGATE_COUNT; index += 1) {
        await submitAnswer(`survey-resident-${index}`, 'yes');
      }
    });

    it('shows question counts and updates them live', async () => {
      const page = await openPage(`/consultations/${consultationId}`);
      const before = await numberAt(page, 'option-count-uses-yes');
      await waitUntilLive(page);
      await markDocument(page);

      await submitAnswer('survey-resident-late', 'yes');
      await waitForValue(page, 'option-count-uses-yes', MIN_AGGREGATE_COUNT + 1);

      expect(before).toBe(MIN_AGGREGATE_COUNT);
      expect(await page.getByTestId('question-uses').locator('h3').textContent()).toBe(
        'Do you ride at night?',
      );
      expect(await documentMarker(page)).toBe('same document');
      await page.close();
    });

    it('shows text keywords without the answers', async () => {
      const page = await openPage(`/consultations/${consultationId}`);
      const count = await numberAt(page, `keyword-wish-${KEYWORD}`);
      const text = await page.getByTestId('question-wish').textContent();

      // Every submission so far wrote the keyword: the ones in beforeAll and the late one.
      expect(count).toBe(MIN_AGGREGATE_COUNT + 1);
      // Each answer names its participant id, a word only one respondent used.
      expect(text).not.toContain('survey-resident-0');
      expect(text).not.toContain('Safer stops with');
      await page.close();
    });

    it('updates keywords live', async () => {
      const page = await openPage(`/consultations/${consultationId}`);
      const before = await numberAt(page, `keyword-wish-${KEYWORD}`);
      await waitUntilLive(page);
      await markDocument(page);

      await submitAnswer('survey-resident-keyword', 'no');
      await waitForValue(page, `keyword-wish-${KEYWORD}`, before + 1);

      expect(await documentMarker(page)).toBe('same document');
      await page.close();
    });
  });

  describe('consultation page with hidden results', () => {
    it('shows results once the consultation closes, without reloading', async () => {
      const created = await graphql<{ createConsultation: { consultation: { id: string } } }>(
        stack.apiUrl,
        'mutation C($input: CreateConsultationInput!) { createConsultation(input: $input) { consultation { id } } }',
        { input: { title: 'Library hours', resultsPolicy: 'AFTER_CLOSE' } },
        stack.adminToken,
      );
      const consultationId = created.createConsultation.consultation.id;
      const advance = (phase: string) =>
        graphql(
          stack.apiUrl,
          'mutation A($input: AdvanceConsultationPhaseInput!) { advanceConsultationPhase(input: $input) { errors { code } } }',
          { input: { consultationId, phase } },
          stack.adminToken,
        );
      await advance('OPEN');
      const page = await openPage(`/consultations/${consultationId}`);
      await waitUntilLive(page);
      await markDocument(page);
      const hiddenBefore = await page.getByTestId('results-hidden').count();
      const countsBefore = await page.getByTestId('participant-count').count();

      await advance('CLOSED');
      await waitForValue(page, 'participant-count', 0);

      expect(hiddenBefore).toBe(1);
      expect(countsBefore).toBe(0);
      expect(await page.getByTestId('results-hidden').count()).toBe(0);
      expect(await documentMarker(page)).toBe('same document');
      await page.close();
    });
  });
});

/** Counts from the NYC extract over the rows the importer accepted. */
function nycFacts(rejectedLines: Set<number>) {
  const records = toRecords(parseCsv(fs.readFileSync(NYC_FILE, 'utf8')));
  // Line 1 is the header, so record i is on line i + 2 (the file has no multi-line fields).
  const imported = records.filter((_, index) => !rejectedLines.has(index + 2));
  const located = imported.filter((record) => record.Latitude && record.Longitude);
  const counts = new Map<string, number>();
  for (const record of imported) {
    const key = `${boroughName(record.Borough ?? '')}|${record['Complaint Type']}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  return { imported: imported.length, located: located.length, counts, firstLocated: located[0]! };
}

/** Title-cases a borough as the importer names districts; "" for a missing borough. */
function boroughName(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'unspecified') {
    return '';
  }

  return trimmed.toLowerCase().replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}

/** Opens a case in the category and at the place of a record of the NYC extract. */
async function openCaseLike(record: Record<string, string>): Promise<void> {
  const { jurisdictions } = await graphql<{ jurisdictions: { edges: { node: { id: string } }[] } }>(
    stack.apiUrl,
    '{ jurisdictions(first: 1) { edges { node { id } } } }',
  );
  const jurisdictionId = jurisdictions.edges[0]!.node.id;
  const categories = await allNodes<{ id: string; name: string }>(
    'categories(jurisdictionId: $jurisdictionId, first: 100, after: $after)',
    '$jurisdictionId: ID',
    { jurisdictionId },
  );
  const categoryId = categories.find((category) => category.name === record['Complaint Type'])!.id;
  const { openCase } = await graphql<{ openCase: { errors: unknown[] } }>(
    stack.apiUrl,
    'mutation Open($input: OpenCaseInput!) { openCase(input: $input) { errors { code message } } }',
    {
      input: {
        jurisdictionId,
        categoryId,
        latitude: Number(record.Latitude),
        longitude: Number(record.Longitude),
        channel: 'WEB',
      },
    },
  );
  expect(openCase.errors).toEqual([]);
}

/** Reads every `{ id name }` node of a connection field, following its cursor. */
async function allNodes<T>(
  field: string,
  variableDefinitions: string,
  variables: Record<string, unknown>,
): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const data: Record<
      string,
      { edges: { node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string } }
    > = await graphql(
      stack.apiUrl,
      `query Page(${variableDefinitions}, $after: String) { page: ${field} { edges { node { id name } } pageInfo { hasNextPage endCursor } } }`,
      { ...variables, after },
    );
    const page = data.page!;
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) {
      return nodes;
    }
    after = page.pageInfo.endCursor;
  }
}

/** Returns the id of the only record of a top-level connection (one file was imported). */
async function onlyNodeId(field: 'budgetEditions' | 'consultations'): Promise<string> {
  const data = await graphql<Record<string, { edges: { node: { id: string } }[] }>>(
    stack.apiUrl,
    `{ ${field}(first: 2) { edges { node { id } } } }`,
  );
  const edges = data[field]!.edges;
  expect(edges).toHaveLength(1);

  return edges[0]!.node.id;
}

async function budgetProjectId(editionId: string, code: string): Promise<string> {
  const { budgetEdition } = await graphql<{
    budgetEdition: { projects: { edges: { node: { id: string; code: string } }[] } };
  }>(
    stack.apiUrl,
    'query P($id: ID!) { budgetEdition(id: $id) { projects(first: 100) { edges { node { id code } } } } }',
    {
      id: editionId,
    },
  );

  return budgetEdition.projects.edges.find((edge) => edge.node.code === code)!.node.id;
}

type PageGroups = {
  clusteredParticipants: number;
  excludedParticipants: number;
  groups: { index: number; size: number }[];
};

async function opinionGroupsOf(consultationId: string): Promise<PageGroups> {
  const { consultation } = await graphql<{ consultation: { opinionGroups: PageGroups } }>(
    stack.apiUrl,
    'query G($id: ID!) { consultation(id: $id) { opinionGroups { clusteredParticipants excludedParticipants groups { index size } } } }',
    { id: consultationId },
  );

  return consultation.opinionGroups;
}

async function statementIdOf(consultationId: string, code: string): Promise<string> {
  const { consultation } = await graphql<{
    consultation: { results: { statements: { statementId: string; code: string }[] } };
  }>(
    stack.apiUrl,
    'query C($id: ID!) { consultation(id: $id) { results { statements { statementId code } } } }',
    {
      id: consultationId,
    },
  );

  return consultation.results.statements.find((statement) => statement.code === code)!.statementId;
}
