import type { EntityManager } from '@mikro-orm/core';
import { isEmbargoed } from './budget-lifecycle';
import type { BallotChannel } from './budget.enums';
import { BudgetEdition } from './budget-edition.entity';
import { BudgetProject } from './budget-project.entity';
import type { BudgetService } from './budget.service';

/** One stored ballot as the export needs it: project codes in ballot order with their points. */
export type ExportBallot = {
  channel: BallotChannel;
  items: { code: string; points: number }[];
};

type BallotItemRow = {
  ballot_id: string;
  channel: BallotChannel;
  code: string | null;
  points: number | string | null;
};

/**
 * Reads every ballot of an edition with its items in ballot order. The export reads ballots
 * only through this function, so a change to the ballot tables changes one query.
 */
export async function readBallotsForExport(
  em: EntityManager,
  editionId: string,
): Promise<ExportBallot[]> {
  const rows: BallotItemRow[] = await em.getConnection().execute(
    `select ballot.id as ballot_id, ballot.channel, project.code, item.points
       from ballot
       left join ballot_item item on item.ballot_id = ballot.id
       left join budget_project project on project.id = item.project_id
      where ballot.edition_id = ?
      order by ballot.id, item.position`,
    [editionId],
  );
  const ballots: ExportBallot[] = [];
  let currentId: string | null = null;
  for (const row of rows) {
    if (row.ballot_id !== currentId) {
      ballots.push({ channel: row.channel, items: [] });
      currentId = row.ballot_id;
    }
    if (row.code !== null) {
      ballots.at(-1)!.items.push({ code: row.code, points: Number(row.points) });
    }
  }

  return ballots;
}

/**
 * META keys in the order the export writes them, after which any other key follows in
 * alphabetical order. The order is fixed because PostgreSQL's jsonb does not keep the order of
 * the keys as imported.
 */
const META_ORDER = [
  'description',
  'country',
  'unit',
  'subunit',
  'instance',
  'district',
  'num_projects',
  'num_votes',
  'budget',
  'vote_type',
  'rule',
  'date_begin',
  'date_end',
  'min_length',
  'max_length',
  'max_sum_cost',
  'min_sum_points',
  'max_sum_points',
  'max_points',
  'min_project_score_threshold',
  'edition',
  'language',
  'currency',
];

/** Writes minor units as a pabulib amount: `250000` when whole, `250000.50` otherwise. */
export function formatMoney(minor: number): string {
  const whole = Math.floor(minor / 100);
  const cents = minor % 100;

  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`;
}

/**
 * Quotes a CSV field when it contains the separator, a quote or a line break, doubling inner
 * quotes, as the parser reads them.
 */
function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvRow(fields: (string | number | null | undefined)[]): string {
  return fields
    .map((field) => csvField(field === null || field === undefined ? '' : String(field)))
    .join(';');
}

/** META of the export: the stored META lines with the facts the edition itself holds on top. */
function metaOf(edition: BudgetEdition, projectCount: number, ballotCount: number) {
  const meta: Record<string, string> = { ...edition.meta };
  const fromEdition: Record<string, string | number | null | undefined> = {
    num_projects: projectCount,
    num_votes: ballotCount,
    budget: formatMoney(edition.budget),
    vote_type: edition.voteType,
    rule: edition.sourceRule ?? edition.rule,
    currency: edition.currency,
    min_length: edition.minLength,
    max_length: edition.maxLength,
    max_sum_cost:
      edition.maxSumCost === null || edition.maxSumCost === undefined
        ? null
        : formatMoney(edition.maxSumCost),
    min_sum_points: edition.minSumPoints,
    max_sum_points: edition.maxSumPoints,
    max_points: edition.maxPointsPerProject,
    min_project_score_threshold: edition.minProjectScore,
  };
  for (const [key, value] of Object.entries(fromEdition)) {
    if (value !== null && value !== undefined) {
      meta[key] = String(value);
    }
  }
  // Category budget caps go to `categories` and `budget_per_category`, in the same order.
  // NOTE: pabulib has no line for a cap on the number of projects per category, so such caps
  // are not exported.
  const costLimits = (edition.categoryLimits ?? []).filter((limit) => limit.maxCost !== null);
  if (costLimits.length > 0) {
    meta.categories = costLimits.map((limit) => limit.category).join(',');
    meta.budget_per_category = costLimits.map((limit) => formatMoney(limit.maxCost!)).join(',');
  } else {
    delete meta.budget_per_category;
  }
  // Name fields come from the edition only when the file had no line for them: an imported
  // `district` already gives the edition its subunit.
  const names = { description: edition.description, country: edition.country, unit: edition.unit };
  for (const [key, value] of Object.entries(names)) {
    if (meta[key] === undefined && value) {
      meta[key] = value;
    }
  }
  if (meta.subunit === undefined && meta.district === undefined && edition.subunit) {
    meta.subunit = edition.subunit;
  }
  const rest = Object.keys(meta)
    .filter((key) => !META_ORDER.includes(key))
    .sort();

  return [...META_ORDER.filter((key) => meta[key] !== undefined), ...rest].map((key) => [
    key,
    meta[key]!,
  ]);
}

function projectRows(
  edition: BudgetEdition,
  projects: BudgetProject[],
  selectedByTally: Set<string>,
): string[] {
  const scored = edition.voteType === 'cumulative' || edition.voteType === 'ordinal';
  const hasCategory = projects.some((project) => project.category);
  const hasLocation = projects.some(
    (project) => project.latitude !== null && project.latitude !== undefined,
  );
  const header = ['project_id', 'cost', 'votes'];
  header.push(...(scored ? ['score'] : []), 'name', ...(hasCategory ? ['category'] : []));
  header.push('selected', ...(hasLocation ? ['latitude', 'longitude'] : []));

  const rows = projects.map((project) => {
    const selected = project.publishedSelected ?? selectedByTally.has(project.id);
    const fields: (string | number | null | undefined)[] = [
      project.code,
      formatMoney(project.cost),
      project.votes,
    ];
    fields.push(...(scored ? [project.score] : []), project.name);
    fields.push(...(hasCategory ? [project.category] : []), selected ? 1 : 0);
    fields.push(...(hasLocation ? [project.latitude, project.longitude] : []));

    return csvRow(fields);
  });

  return [csvRow(header), ...rows];
}

/**
 * Writes ballots with voter ids 1..n. Ballots are sorted by their own row text first, so the
 * order and the numbers depend only on what the ballots contain: they carry no link to the
 * stored voter hash, the time of voting or the order of casting.
 */
function voteRows(edition: BudgetEdition, ballots: ExportBallot[]): string[] {
  const withPoints = edition.voteType === 'cumulative' || edition.voteType === 'ordinal';
  const withMethod = ballots.some((ballot) => ballot.channel !== 'IMPORT');
  const header = ['voter_id', 'vote', ...(withPoints ? ['points'] : [])];
  header.push(...(withMethod ? ['voting_method'] : []));

  const bodies = ballots.map((ballot) => {
    const fields = [ballot.items.map((item) => item.code).join(',')];
    if (withPoints) {
      fields.push(ballot.items.map((item) => item.points).join(','));
    }
    if (withMethod) {
      fields.push(ballot.channel === 'IMPORT' ? '' : ballot.channel.toLowerCase());
    }

    return csvRow(fields);
  });
  bodies.sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));

  return [csvRow(header), ...bodies.map((body, index) => `${index + 1};${body}`)];
}

/** Export of an edition whose counts are hidden until its publication time. */
export class EmbargoError extends Error {
  constructor(edition: BudgetEdition) {
    super(
      `Budget edition ${edition.id} is under embargo until ${edition.resultsPublishAt!.toISOString()}: export it after that time.`,
    );
    this.name = 'EmbargoError';
  }
}

/**
 * Writes an edition as a pabulib `.pb` file (META, PROJECTS and VOTES), or returns null for an
 * unknown edition. Throws `EmbargoError` while the edition's counts are under embargo. Reading the output back with the pabulib importer gives the same projects,
 * ballots and outcome. Compared with an imported source file the output is normalised:
 *
 * - lines end in LF, and a field is quoted only when it contains `;`, `"` or a line break;
 * - META keys follow a fixed order (`META_ORDER`, then alphabetical), and `num_projects`,
 *   `num_votes`, the budget, the vote type, the rule, the currency and the ballot limits are
 *   written from the edition;
 * - amounts are written in major units without a trailing `.0`;
 * - category budget caps are written as `categories` and `budget_per_category`. Caps on the
 *   number of funded projects per category are left out, because pabulib has no line for them;
 * - PROJECTS has the columns project_id, cost, votes, score (cumulative and ordinal only), name,
 *   category, selected, latitude and longitude; other source columns are not stored and are
 *   dropped. `selected` is the city's published outcome where the source had one, otherwise
 *   the edition's tally under its rule;
 * - VOTES has voter_id, vote, points (cumulative and ordinal only) and voting_method (when any
 *   ballot came from the internet or paper); voters' other columns, such as age or sex, are
 *   never stored and are dropped. Voter ids are renumbered as `voteRows` describes.
 */
export async function exportPabulib(
  budget: BudgetService,
  em: EntityManager,
  editionId: string,
): Promise<string | null> {
  const edition = await em.findOne(BudgetEdition, editionId);
  if (!edition) {
    return null;
  }
  if (isEmbargoed(edition, new Date())) {
    throw new EmbargoError(edition);
  }
  const projects = await em.find(BudgetProject, { edition }, { orderBy: { position: 'asc' } });
  const ballots = await readBallotsForExport(em, edition.id);
  const tally = await budget.tally(edition.id);
  const selectedByTally = new Set(
    tally!.projects.filter((project) => project.selected).map((project) => project.projectId),
  );
  const lines = [
    'META',
    csvRow(['key', 'value']),
    ...metaOf(edition, projects.length, ballots.length).map(csvRow),
    'PROJECTS',
    ...projectRows(edition, projects, selectedByTally),
    'VOTES',
    ...voteRows(edition, ballots),
  ];

  return `${lines.join('\n')}\n`;
}
