import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser';
import { importFile } from './support/imports';
import {
  chromiumPath,
  createDatabase,
  freePort,
  graphql,
  repoRoot,
  run,
  startService,
  waitForHttp,
  type Service,
  type TestDatabase,
} from './support/stack';

/**
 * Script in free text: names, titles, statements and questions that carry `<script>`, an
 * `<img onerror>` and an `<svg onload>` are stored through the API and shown on every dashboard
 * page. Each page must show them as text: no dialog, no console output from the payload, no
 * request for the image, and the marker global the payload sets stays undefined.
 */

/**
 * Markup that would set `window.ratuszXss` and log "ratusz-xss" if it ran. It has no `;` or `"`,
 * so it also fits an unquoted pabulib CSV cell.
 */
function hostile(label: string): string {
  return (
    `${label} <script>console.log('ratusz-xss',window.ratuszXss=1)</script>` +
    `<img src=/ratusz-xss-image onerror=console.log('ratusz-xss',window.ratuszXss=2)>` +
    `<svg onload=alert('ratusz-xss')></svg>`
  );
}

const TEXT = {
  edition: hostile('Edition'),
  project: hostile('Project'),
  consultationTitle: hostile('Consultation'),
  consultationDescription: hostile('Description'),
  statement: hostile('Statement'),
  prompt: hostile('Prompt'),
  option: hostile('Option'),
  category: hostile('Category'),
};

const hasChromium = fs.existsSync(chromiumPath);

type Stack = {
  apiUrl: string;
  dashboardUrl: string;
  database: TestDatabase;
  services: Service[];
  browser: TestBrowser;
  folder: string;
  editionId: string;
  consultationId: string;
};

let stack: Stack;

/**
 * Writes a small pabulib file whose subunit (part of the edition name), description and project
 * name carry the payload.
 */
function writeHostilePabulib(folder: string): string {
  const file = path.join(folder, 'hostile.pb');
  const lines = [
    'META',
    'key;value',
    `description;${TEXT.edition}`,
    'country;Poland',
    'unit;Testowo',
    'instance;2026',
    `subunit;${TEXT.edition}`,
    'num_projects;2',
    'num_votes;2',
    'budget;1000',
    'vote_type;approval',
    'rule;greedy',
    'currency;PLN',
    'PROJECTS',
    'project_id;cost;votes;name',
    `1;400;2;${TEXT.project}`,
    '2;500;1;Plain project',
    'VOTES',
    'voter_id;vote',
    '1;1,2',
    '2;1',
  ];
  fs.writeFileSync(file, `${lines.join('\n')}\n`);

  return file;
}

async function createAdministrator(
  apiUrl: string,
  apiEnv: Record<string, string>,
): Promise<string> {
  const login = 'admin@hostile.test';
  const password = 'hostile text test administrator';
  await run(
    'node',
    [
      path.join(repoRoot, 'api', 'dist', 'cli', 'account.js'),
      'create',
      `--login=${login}`,
      '--roles=ADMINISTRATOR',
    ],
    { env: apiEnv, input: `${password}\n` },
  );
  const signedIn = await graphql<{ signIn: { token: string | null } }>(
    apiUrl,
    'mutation S($input: SignInInput!) { signIn(input: $input) { token } }',
    { input: { login, password } },
  );

  return signedIn.signIn.token!;
}

/** Creates a consultation whose title, description, question and statement carry the payload. */
async function seedConsultation(apiUrl: string, token: string): Promise<string> {
  const created = await graphql<{ createConsultation: { consultation: { id: string } } }>(
    apiUrl,
    'mutation C($input: CreateConsultationInput!) { createConsultation(input: $input) { consultation { id } } }',
    {
      input: {
        title: TEXT.consultationTitle,
        description: TEXT.consultationDescription,
        resultsPolicy: 'LIVE',
      },
    },
    token,
  );
  const consultationId = created.createConsultation.consultation.id;
  const questionnaire = await graphql<{ setQuestionnaire: { errors: unknown[] } }>(
    apiUrl,
    'mutation Q($input: SetQuestionnaireInput!) { setQuestionnaire(input: $input) { errors { code message } } }',
    {
      input: {
        consultationId,
        questions: [
          { code: 'q1', type: 'SINGLE_CHOICE', prompt: TEXT.prompt, options: [TEXT.option, 'no'] },
        ],
      },
    },
    token,
  );
  expect(questionnaire.setQuestionnaire.errors).toEqual([]);
  await graphql(
    apiUrl,
    'mutation A($input: AdvanceConsultationPhaseInput!) { advanceConsultationPhase(input: $input) { errors { code } } }',
    { input: { consultationId, phase: 'OPEN' } },
    token,
  );
  const submitted = await graphql<{
    submitStatement: { statement: { id: string } | null; errors: unknown[] };
  }>(
    apiUrl,
    'mutation S($input: SubmitStatementInput!) { submitStatement(input: $input) { statement { id } errors { code message } } }',
    { input: { consultationId, participantId: 'hostile-author', text: TEXT.statement } },
  );
  expect(submitted.submitStatement.errors).toEqual([]);
  await graphql(
    apiUrl,
    'mutation M($input: ModerateStatementInput!) { moderateStatement(input: $input) { errors { code } } }',
    { input: { statementId: submitted.submitStatement.statement!.id, decision: 'ACCEPTED' } },
    token,
  );
  await graphql(
    apiUrl,
    'mutation S($input: SubmitQuestionnaireInput!) { submitQuestionnaire(input: $input) { submitted } }',
    {
      input: {
        consultationId,
        participantId: 'hostile-respondent',
        answers: [{ questionCode: 'q1', choice: TEXT.option }],
      },
    },
  );

  return consultationId;
}

/** Adds a service whose category name carries the payload, with one case in it. */
async function seedCategory(apiUrl: string, token: string): Promise<void> {
  const { jurisdictions } = await graphql<{ jurisdictions: { edges: { node: { id: string } }[] } }>(
    apiUrl,
    '{ jurisdictions(first: 1) { edges { node { id } } } }',
  );
  const jurisdictionId = jurisdictions.edges[0]!.node.id;
  const service = await graphql<{
    createService: { definition: { category: { id: string } } | null; errors: unknown[] };
  }>(
    apiUrl,
    'mutation C($input: CreateServiceInput!) { createService(input: $input) { definition { category { id } } errors { code message } } }',
    {
      input: {
        jurisdictionId,
        serviceCode: 'HOSTILE-1',
        name: TEXT.category,
        description: 'Service with markup in its name.',
        type: 'REALTIME',
      },
    },
    token,
  );
  expect(service.createService.errors).toEqual([]);
  await graphql(
    apiUrl,
    'mutation O($input: OpenCaseInput!) { openCase(input: $input) { errors { code } } }',
    {
      input: {
        jurisdictionId,
        categoryId: service.createService.definition!.category.id,
        channel: 'WEB',
        latitude: 52.2297,
        longitude: 21.0122,
        description: hostile('Case description'),
      },
    },
  );
}

async function startStack(): Promise<Stack> {
  for (const file of ['api/dist/main.js', 'dashboard/.next/BUILD_ID']) {
    if (!fs.existsSync(path.join(repoRoot, file))) {
      throw new Error(`Missing build output ${file}: run \`npm run build\` first.`);
    }
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ratusz-hostile-text-'));
  const database = await createDatabase();
  const apiEnv = {
    ...database.env,
    RATUSZ_HASH_KEY: 'hostile-text-browser-test-key',
    RATUSZ_MIN_AGGREGATE_COUNT: '1',
    LOG_LEVEL: 'warn',
  };
  const apiPort = await freePort();
  const dashboardPort = await freePort();
  const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
  const api = startService('node', [path.join(repoRoot, 'api', 'dist', 'main.js')], {
    env: {
      ...apiEnv,
      RATUSZ_SEED_DEMO: 'true',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      CORS_ORIGINS: dashboardUrl,
      RATUSZ_RATE_LIMIT_EXEMPT: '127.0.0.1',
    },
  });
  const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
  await waitForHttp(`http://127.0.0.1:${apiPort}/health`, api);
  await importFile('pabulib', writeHostilePabulib(folder), {
    ...apiEnv,
    RATUSZ_SEED_DEMO: 'false',
  });
  const token = await createAdministrator(apiUrl, apiEnv);
  const consultationId = await seedConsultation(apiUrl, token);
  await seedCategory(apiUrl, token);
  const { budgetEditions } = await graphql<{
    budgetEditions: { edges: { node: { id: string; name: string } }[] };
  }>(apiUrl, '{ budgetEditions(first: 100) { edges { node { id name } } } }');
  const edition = budgetEditions.edges.find((edge) => edge.node.name.endsWith(TEXT.edition));
  if (!edition) {
    throw new Error(
      `No edition named by the payload among ${JSON.stringify(budgetEditions.edges)}`,
    );
  }
  const editionId = edition.node.id;

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
    folder,
    editionId,
    consultationId,
  };
}

/** What a payload could have done on a page, recorded from the moment it starts loading. */
type Effects = { dialogs: string[]; consoleLines: string[]; imageRequests: string[] };

async function openWatched(address: string): Promise<{ page: Page; effects: Effects }> {
  const page = await stack.browser.context.newPage();
  const effects: Effects = { dialogs: [], consoleLines: [], imageRequests: [] };
  page.on('dialog', (dialog) => {
    effects.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.text().includes('ratusz-xss')) {
      effects.consoleLines.push(message.text());
    }
  });
  page.on('request', (request) => {
    if (request.url().includes('ratusz-xss-image')) {
      effects.imageRequests.push(request.url());
    }
  });
  await page.goto(`${stack.dashboardUrl}${address}`, { waitUntil: 'networkidle' });

  return { page, effects };
}

describe.skipIf(!hasChromium)('script in free text on the dashboard', () => {
  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.browser.close();
    for (const service of stack?.services.reverse() ?? []) {
      await service.stop();
    }
    await stack?.database.drop();
    if (stack?.folder) {
      fs.rmSync(stack.folder, { recursive: true, force: true });
    }
  });

  const pages: [string, () => string, string[]][] = [
    ['index', () => '/', [TEXT.edition, TEXT.consultationTitle]],
    ['budget', () => `/budgets/${stack.editionId}`, [TEXT.edition, TEXT.project]],
    [
      'consultation',
      () => `/consultations/${stack.consultationId}`,
      [
        TEXT.consultationTitle,
        TEXT.consultationDescription,
        TEXT.prompt,
        TEXT.option,
        TEXT.statement,
      ],
    ],
    ['priorities', () => '/priorities', [TEXT.category]],
    ['heatmap', () => '/heatmap', []],
  ];

  it('watchers catch a running payload', async () => {
    const { page, effects } = await openWatched('/');

    await page.setContent(`<p>${hostile('Control')}</p>`, { waitUntil: 'networkidle' });
    const marker = await page.evaluate(
      () => (window as unknown as { ratuszXss?: number }).ratuszXss,
    );

    expect(effects.dialogs).toEqual(['ratusz-xss']);
    expect(effects.consoleLines.length).toBeGreaterThan(0);
    expect(marker).toBeDefined();
    await page.close();
  });

  it.each(pages)('%s page renders the markup as text', async (_name, address, shown) => {
    const { page, effects } = await openWatched(address());
    const text = await page.evaluate(() => document.body.innerText);
    const marker = await page.evaluate(
      () => (window as unknown as { ratuszXss?: number }).ratuszXss,
    );
    const injected = await page.evaluate(
      () =>
        document.querySelectorAll('img[src*="ratusz-xss-image"], svg[onload]').length +
        [...document.scripts].filter((script) => script.text.startsWith("console.log('ratusz-xss'"))
          .length,
    );

    expect(effects.dialogs).toEqual([]);
    expect(effects.consoleLines).toEqual([]);
    expect(effects.imageRequests).toEqual([]);
    expect(marker).toBeUndefined();
    expect(injected).toBe(0);
    for (const value of shown) {
      expect(text).toContain(value);
    }
    await page.close();
  });
});
