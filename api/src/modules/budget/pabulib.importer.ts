import path from 'node:path';
import {
  ballotPoints,
  isBudgetRule,
  ruleProblem,
  validateBallot,
  type CategoryLimit,
} from '@ratusz/shared';
import { MalformedFileError, type ImportContext, type ImportWarning, type Importer } from '../imports/importer';
import type { BudgetPhase } from './budget.enums';
import { BUDGET_PHASES } from './budget-phase';
import { BudgetProcess } from './budget-process.entity';
import type { BallotChannel } from './budget.enums';
import { ballotRulesOf, BudgetService, type NewEdition } from './budget.service';
import { storeBallots, type BallotToStore } from './ballot.writer';
import { optionalNumber, parseMoney, parseWholeNumber } from './pabulib.numbers';
import { parsePabulib, type PabulibFile } from './pabulib.parser';

/** Reads an optional whole-number META value, naming its line when it is not a number. */
function metaNumber(file: string, parsed: PabulibFile, key: string, read = parseWholeNumber) {
  return optionalNumber(file, parsed.metaLines[key] ?? 1, key, parsed.meta[key], read);
}

/**
 * Reads META `budget_per_category`, a comma-separated list of amounts aligned with the
 * `categories` list, into category budget caps. Pabulib has no line for a cap on the number of
 * projects per category.
 */
function categoryLimitsFromMeta(file: string, parsed: PabulibFile): CategoryLimit[] | null {
  const budgets = parsed.meta.budget_per_category;
  if (!budgets) {
    return null;
  }
  const line = parsed.metaLines.budget_per_category ?? 1;
  const names = (parsed.meta.categories ?? '').split(',').map((name) => name.trim());
  const amounts = budgets.split(',');
  if (names.length !== amounts.length || names.some((name) => !name)) {
    throw new MalformedFileError(
      file,
      line,
      'budget_per_category',
      `${amounts.length} amounts do not match the ${names.filter(Boolean).length} names of META categories; give one amount per category, in the same order`,
    );
  }

  return names.map((category, index) => ({
    category,
    maxCost: optionalNumber(file, line, 'budget_per_category', amounts[index]!.trim(), parseMoney),
    maxProjects: null,
  }));
}

function editionFromMeta(file: string, parsed: PabulibFile): NewEdition {
  const { meta } = parsed;
  const rule = meta.rule ?? '';
  const supported = isBudgetRule(rule) && ruleProblem(rule, parsed.voteType) === null;
  const subunit = meta.subunit || meta.district || null;
  const name = [meta.unit, meta.instance, subunit].filter(Boolean).join(' ');

  return {
    name: name || meta.description || path.parse(file).name,
    country: meta.country || null,
    unit: meta.unit || null,
    subunit,
    description: meta.description || null,
    currency: meta.currency || 'PLN',
    budget: parsed.budget,
    voteType: parsed.voteType,
    rule: supported ? rule : 'greedy',
    sourceRule: meta.rule || null,
    minProjectScore: metaNumber(file, parsed, 'min_project_score_threshold'),
    categoryLimits: categoryLimitsFromMeta(file, parsed),
    minLength: metaNumber(file, parsed, 'min_length'),
    maxLength: metaNumber(file, parsed, 'max_length'),
    maxSumCost: metaNumber(file, parsed, 'max_sum_cost', parseMoney),
    minSumPoints: metaNumber(file, parsed, 'min_sum_points'),
    maxSumPoints: metaNumber(file, parsed, 'max_sum_points'),
    maxPointsPerProject: metaNumber(file, parsed, 'max_points'),
    meta,
  };
}

function channelOf(votingMethod: string | null): BallotChannel {
  switch (votingMethod?.toLowerCase()) {
    case 'internet':
      return 'INTERNET';
    case 'paper':
      return 'PAPER';
    default:
      return 'IMPORT';
  }
}

/** Summarises ballots that break the edition's META limits: one warning per kind of violation. */
function limitWarnings(
  file: string,
  counts: Map<string, { count: number; line: number; limit: number | null }>,
) {
  return [...counts].map(([code, { count, line, limit }]): ImportWarning => ({
    line,
    message: `${file}: ${count} ballots break ${code} (limit ${limit ?? 'none'}), first on this line; they are counted as the city published them`,
  }));
}

/** Warns where the file's own `votes` or `score` column differs from a recount of its ballots. */
function columnWarnings(
  file: string,
  parsed: PabulibFile,
  ballots: BallotToStore[],
  codeById: Map<string, string>,
) {
  const counted = new Map<string, { votes: number; score: number }>();
  for (const item of ballots.flatMap((ballot) => ballot.items)) {
    const code = codeById.get(item.projectId)!;
    const total = counted.get(code) ?? { votes: 0, score: 0 };
    total.votes += 1;
    total.score += item.points;
    counted.set(code, total);
  }

  return parsed.projects.flatMap((project): ImportWarning[] => {
    const total = counted.get(project.code) ?? { votes: 0, score: 0 };
    const differs =
      (project.votes !== null && project.votes !== total.votes) ||
      (project.score !== null && project.score !== total.score);

    return differs
      ? [
          {
            line: project.line,
            field: 'votes',
            message: `${file}: project ${project.code} lists ${project.votes} votes and score ${project.score}, but its ballots give ${total.votes} and ${total.score}`,
          },
        ]
      : [];
  });
}

/** Earliest and latest `instance` values read as a budget year rather than a local number. */
const YEARS = { min: 1990, max: 2100 };

/**
 * Returns the process of the file's city and year, creating it on first use, so a city-wide
 * file and its district files share one process. Returns null when `instance` is not a year
 * (Amsterdam numbers its instances).
 */
async function processOf(context: ImportContext, service: BudgetService, parsed: PabulibFile) {
  const { unit, instance, currency } = parsed.meta;
  const year = Number(instance);
  if (!unit || !Number.isInteger(year) || year < YEARS.min || year > YEARS.max) {
    return null;
  }
  const existing = await context.em.findOne(BudgetProcess, { unit, year });

  return (
    existing ??
    service.createProcess({ name: `${unit} ${year}`, unit, year, currency: currency || 'PLN' })
  );
}

/**
 * Returns the phase the `--phase` option names, or RESULTS, the phase of a vote that has
 * ended. Another phase (VOTING) reopens a past vote, for demos and tests of live voting.
 */
function phaseOption(file: string, options: Record<string, string>): BudgetPhase {
  const phase = options.phase || 'RESULTS';
  if (!(BUDGET_PHASES as readonly string[]).includes(phase)) {
    throw new MalformedFileError(
      file,
      undefined,
      'phase',
      `option --phase=${phase} is not a budget phase: use one of ${BUDGET_PHASES.join(', ')}`,
    );
  }

  return phase as BudgetPhase;
}

/** Imports a pabulib `.pb` file as one budget edition with its projects and ballots. */
export const pabulibImporter: Importer = {
  kind: 'pabulib',
  description:
    'Participatory-budget vote in the pabulib .pb format; one file becomes one edition, in phase RESULTS unless --phase=<PHASE> names another.',
  run: async (filePath, content, context) => {
    const file = path.basename(filePath);
    const parsed = parsePabulib(file, content);
    const service = new BudgetService(context.em, { hashKey: context.config.hashKey });
    const edition = await service.createEdition({
      ...editionFromMeta(file, parsed),
      phase: phaseOption(file, context.options),
      process: await processOf(context, service, parsed),
    });
    const projects = await service.addProjects(
      edition,
      parsed.projects.map((project) => ({
        code: project.code,
        name: project.name,
        cost: project.cost,
        category: project.category,
        latitude: project.latitude,
        longitude: project.longitude,
        publishedSelected: project.selected,
      })),
    );
    const idByCode = new Map(projects.map((project) => [project.code, project.id]));
    const costs = new Map(projects.map((project) => [project.id, project]));
    const rules = ballotRulesOf(edition);

    const violations = new Map<string, { count: number; line: number; limit: number | null }>();
    const ballots = parsed.votes.map((vote): BallotToStore => {
      const ballot = {
        projectIds: vote.projectCodes.map((code) => idByCode.get(code)!),
        points: vote.points,
      };
      for (const violation of validateBallot(rules, ballot, costs)) {
        const seen = violations.get(violation.code) ?? {
          count: 0,
          line: vote.line,
          limit: violation.limit,
        };
        seen.count += 1;
        violations.set(violation.code, seen);
      }
      const points = vote.points ?? ballotPoints(rules, ballot);

      return {
        voterHash: service.voterHash(edition.id, vote.voterId),
        // A past vote is final, so its ballots need no change token.
        changeToken: null,
        channel: channelOf(vote.votingMethod),
        items: ballot.projectIds.map((projectId, index) => ({ projectId, points: points[index]! })),
      };
    });
    await storeBallots(context.em, edition.id, ballots, context.progress);

    const warnings = [...parsed.warnings, ...limitWarnings(file, violations)];
    warnings.push(
      ...columnWarnings(file, parsed, ballots, new Map(projects.map((p) => [p.id, p.code]))),
    );
    if (edition.sourceRule !== edition.rule) {
      const sourceRule = edition.sourceRule ?? '';
      const problem = isBudgetRule(sourceRule) ? ruleProblem(sourceRule, edition.voteType) : null;
      const reason = problem ?? `rule "${sourceRule}" is not supported`;
      warnings.push({
        line: parsed.metaLines.rule ?? 1,
        field: 'rule',
        message: `${file}: ${reason}; the live tally uses greedy, and publishedSelected keeps the city's outcome`,
      });
    }

    return {
      imported: ballots.length,
      rejected: [],
      warnings,
      targetId: edition.id,
      details: { edition: edition.name, projects: projects.length, ballots: ballots.length },
    };
  },
};
