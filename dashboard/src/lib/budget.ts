import type { ProjectTally, Tally, VoteType } from './types';

/** One bar of the votes chart. */
export type VoteChartRow = { code: string; label: string; votes: number; selected: boolean };

/** Orders projects by the rule's rank; ties (which the API should not send) by code. */
export function projectsByRank(projects: ProjectTally[]): ProjectTally[] {
  return [...projects].sort(
    (left, right) =>
      left.rank - right.rank || left.code.localeCompare(right.code, 'en', { numeric: true }),
  );
}

/** Returns the share of the budget that the selected projects cost, from 0 to 1. */
export function spentShare(tally: Pick<Tally, 'spent' | 'budget'>): number {
  return tally.budget > 0 ? tally.spent / tally.budget : 0;
}

/** Builds the bars of the votes chart in rank order. */
export function voteChartRows(projects: ProjectTally[]): VoteChartRow[] {
  return projectsByRank(projects).map((project) => ({
    code: project.code,
    label: `${project.code} · ${project.name}`,
    votes: project.votes,
    selected: project.selected,
  }));
}

/**
 * Checks whether a ballot type gives points. Then a project's score differs from its number of
 * votes, so both columns are worth showing.
 */
export function hasPoints(voteType: VoteType): boolean {
  switch (voteType) {
    case 'CUMULATIVE':
    case 'ORDINAL':
      return true;
    case 'APPROVAL':
    case 'CHOOSE_ONE':
      return false;
  }
}
