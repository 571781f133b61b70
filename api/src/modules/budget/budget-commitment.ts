import { createHash } from 'node:crypto';

/** Name and version on the first line of the canonical form. */
export const COMMITMENT_FORMAT = 'ratusz-budget-commitment v1';

/** One stored ballot as the canonical form lists it, without any voter information. */
export type CommittedBallot = {
  channel: string;
  items: { projectId: string; points: number }[];
};

/** Counters of one project at the close of voting. */
export type CommittedProject = { projectId: string; votes: number; score: number };

/**
 * Builds the canonical text of an edition's ballot set and tally, the input of the commitment
 * hash. Every line ends with "\n", fields are separated by one space, and the text is UTF-8:
 *
 *   ratusz-budget-commitment v1
 *   edition <edition id>
 *   ballot <channel> <project id>:<points> <project id>:<points> ...   (items in ballot order)
 *   project <project id> <votes> <score>
 *   ballots <number of ballots>
 *
 * Ballot lines are sorted by their text and project lines by project id, both in code-unit
 * order (the ids are ASCII UUIDs), so the text does not depend on storage order.
 */
export function canonicalBallotSet(
  editionId: string,
  ballots: CommittedBallot[],
  projects: CommittedProject[],
): string {
  const ballotLines = ballots
    .map((ballot) =>
      ['ballot', ballot.channel, ...ballot.items.map((item) => `${item.projectId}:${item.points}`)].join(' '),
    )
    .sort(compareCodeUnits);
  const projectLines = [...projects]
    .sort((a, b) => compareCodeUnits(a.projectId, b.projectId))
    .map((project) => `project ${project.projectId} ${project.votes} ${project.score}`);
  const lines = [
    COMMITMENT_FORMAT,
    `edition ${editionId}`,
    ...ballotLines,
    ...projectLines,
    `ballots ${ballots.length}`,
  ];

  return lines.map((line) => `${line}\n`).join('');
}

/** Returns the SHA-256 of the UTF-8 text as lowercase hex. */
export function commitmentHash(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

function compareCodeUnits(a: string, b: string): number {
  if (a < b) {
    return -1;
  }

  return a > b ? 1 : 0;
}
