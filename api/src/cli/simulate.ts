import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Keeps the dashboards moving: opens cases, casts ballots and votes on statements through the
 * public GraphQL API, like residents would. Usage:
 *
 *   npm run simulate -- [--url=http://127.0.0.1:4000/graphql] [--rate=1] [--count=N]
 *
 * `--rate` is events per second; without `--count` it runs until stopped with Ctrl-C.
 */
type Options = { url: string; rate: number; count: number };

function parseOptions(argv: string[]): Options {
  const values = new Map(
    argv.map((argument) => {
      const match = /^--([a-z]+)=(.*)$/.exec(argument);
      if (!match) {
        throw new Error(`Invalid argument ${JSON.stringify(argument)}: use --url=, --rate= or --count=.`);
      }

      return [match[1]!, match[2]!] as const;
    }),
  );
  const rate = Number(values.get('rate') ?? 1);
  const count = Number(values.get('count') ?? Infinity);
  if (!(rate > 0 && rate <= 1000)) {
    throw new Error(`Invalid --rate=${values.get('rate')}: use a number of events per second from 0.001 to 1000.`);
  }
  if (!(count > 0)) {
    throw new Error(`Invalid --count=${values.get('count')}: use a positive whole number.`);
  }

  return { url: values.get('url') ?? process.env.RATUSZ_API_URL ?? 'http://127.0.0.1:4000/graphql', rate, count };
}

async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data || body.errors?.length) {
    throw new Error(`GraphQL request failed: ${body.errors?.map((error) => error.message).join('; ') ?? response.status}`);
  }

  return body.data;
}

type Targets = {
  jurisdictionId?: string;
  categoryIds: string[];
  districtIds: string[];
  edition?: { id: string; maxLength: number; projectIds: string[] };
  statementIds: string[];
};

// Small pages keep each request under the API's query cost limit, which multiplies nested
// page sizes.
const TARGETS_QUERY = `{
  jurisdictions(first: 100) { edges { node { id code } } }
  budgetEditions(first: 20) { edges { node { id voteType maxLength } } }
  consultations(first: 1) { edges { node { statements(first: 100) { edges { node { id moderation } } } } } }
}`;

async function projectIdsOf(url: string, editionId: string): Promise<string[]> {
  const data = await graphql<{ budgetEdition: { projects: { edges: { node: { id: string } }[] } } }>(
    url,
    `query ($id: ID!) { budgetEdition(id: $id) { projects(first: 100) { edges { node { id } } } } }`,
    { id: editionId },
  );

  return data.budgetEdition.projects.edges.map((edge) => edge.node.id);
}

/** Finds what to act on: the demo jurisdiction (or the first), an approval edition, a consultation. */
async function findTargets(url: string): Promise<Targets> {
  type Edges<T> = { edges: { node: T }[] };
  const data = await graphql<{
    jurisdictions: Edges<{ id: string; code: string }>;
    budgetEditions: Edges<{ id: string; voteType: string; maxLength: number | null }>;
    consultations: Edges<{ statements: Edges<{ id: string; moderation: string }> }>;
  }>(url, TARGETS_QUERY);
  const jurisdictions = data.jurisdictions.edges.map((edge) => edge.node);
  const jurisdiction = jurisdictions.find((item) => item.code === 'demo') ?? jurisdictions[0];
  const edition = data.budgetEditions.edges.map((edge) => edge.node).find((item) => item.voteType === 'APPROVAL');
  const targets: Targets = {
    jurisdictionId: jurisdiction?.id,
    categoryIds: [],
    districtIds: [],
    edition: edition && {
      id: edition.id,
      maxLength: edition.maxLength ?? 1,
      projectIds: await projectIdsOf(url, edition.id),
    },
    statementIds: (data.consultations.edges[0]?.node.statements.edges ?? [])
      .map((edge) => edge.node)
      .filter((statement) => statement.moderation === 'ACCEPTED')
      .map((statement) => statement.id),
  };
  if (jurisdiction) {
    const scoped = await graphql<{ categories: Edges<{ id: string }>; districts: Edges<{ id: string }> }>(
      url,
      `query ($id: ID!) { categories(jurisdictionId: $id, first: 100) { edges { node { id } } }
        districts(jurisdictionId: $id, first: 100) { edges { node { id } } } }`,
      { id: jurisdiction.id },
    );
    targets.categoryIds = scoped.categories.edges.map((edge) => edge.node.id);
    targets.districtIds = scoped.districts.edges.map((edge) => edge.node.id);
  }

  return targets;
}

function pick<T>(items: T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

async function openCase(url: string, targets: Targets): Promise<string> {
  const data = await graphql<{ openCase: { case: { number: string } | null; errors: { message: string }[] } }>(
    url,
    `mutation ($input: OpenCaseInput!) { openCase(input: $input) { case { number } errors { message } } }`,
    {
      input: {
        jurisdictionId: targets.jurisdictionId,
        categoryId: pick(targets.categoryIds),
        districtId: targets.districtIds.length > 0 ? pick(targets.districtIds) : null,
        latitude: 52 + (Math.random() - 0.5) * 0.06,
        longitude: 19 + (Math.random() - 0.5) * 0.09,
        channel: pick(['WEB', 'PHONE', 'MOBILE_APP']),
      },
    },
  );

  return data.openCase.case ? `opened case ${data.openCase.case.number}` : `case rejected: ${data.openCase.errors[0]?.message}`;
}

async function castBallot(url: string, edition: NonNullable<Targets['edition']>): Promise<string> {
  const shuffled = [...edition.projectIds].sort(() => Math.random() - 0.5);
  const length = 1 + Math.floor(Math.random() * Math.min(edition.maxLength, shuffled.length));
  const data = await graphql<{ castBallot: { ballotId: string | null; errors: { message: string }[] } }>(
    url,
    `mutation ($input: CastBallotInput!) { castBallot(input: $input) { ballotId errors { message } } }`,
    { input: { editionId: edition.id, voterId: `simulated-${randomUUID()}`, projectIds: shuffled.slice(0, length) } },
  );

  return data.castBallot.ballotId ? `cast a ballot for ${length} projects` : `ballot rejected: ${data.castBallot.errors[0]?.message}`;
}

async function voteOnStatement(url: string, statementIds: string[]): Promise<string> {
  const vote = pick(['AGREE', 'AGREE', 'DISAGREE', 'PASS']);
  await graphql(
    url,
    `mutation ($input: CastStatementVoteInput!) { castStatementVote(input: $input) { errors { message } } }`,
    { input: { statementId: pick(statementIds), participantId: `simulated-${randomUUID()}`, vote } },
  );

  return `voted ${vote} on a statement`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const targets = await findTargets(options.url);
  const actions: (() => Promise<string>)[] = [];
  if (targets.jurisdictionId && targets.categoryIds.length > 0) {
    actions.push(() => openCase(options.url, targets));
  }
  if (targets.edition && targets.edition.projectIds.length > 0) {
    const edition = targets.edition;
    actions.push(() => castBallot(options.url, edition));
  }
  if (targets.statementIds.length > 0) {
    actions.push(() => voteOnStatement(options.url, targets.statementIds));
  }
  if (actions.length === 0) {
    throw new Error(`Nothing to simulate at ${options.url}: import data or start the API with the demo city.`);
  }

  let stopped = false;
  process.on('SIGINT', () => {
    stopped = true;
  });
  for (let event = 0; event < options.count && !stopped; event += 1) {
    process.stdout.write(`${new Date().toISOString()} ${await actions[event % actions.length]!()}\n`);
    await sleep(1000 / options.rate);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
