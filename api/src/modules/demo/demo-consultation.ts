import type { StatementVoteValue } from '@ratusz/shared';
import { createRandom } from './random';

/** The demo consultation. Its title marks it as generated data. */
export const DEMO_CONSULTATION = {
  title: 'Demo consultation: evening buses (generated data)',
  description: 'Generated statements and votes for trying out Ratusz. No real person took part.',
};

/** Statements of the demo consultation, with how each of two planted groups leans. */
export const DEMO_STATEMENTS = [
  { text: 'Buses should run every 15 minutes until midnight.', leanA: 0.9, leanB: 0.6 },
  { text: 'Night buses are a waste of money.', leanA: -0.8, leanB: 0.5 },
  { text: 'Stops should be lit and have cameras.', leanA: 0.7, leanB: 0.7 },
  { text: 'Fares should be free after 10 pm.', leanA: 0.8, leanB: -0.6 },
  { text: 'Routes should serve the industrial park shift changes.', leanA: 0.3, leanB: 0.8 },
  { text: 'Smaller vans would be better than big buses at night.', leanA: -0.2, leanB: 0.6 },
  { text: 'The old town should be closed to buses after 9 pm.', leanA: -0.6, leanB: 0.4 },
  { text: 'Timetables should be shown live at every stop.', leanA: 0.8, leanB: 0.8 },
  { text: 'Taxes should not rise to pay for evening service.', leanA: -0.7, leanB: 0.9 },
  { text: 'Students should ride free at all times.', leanA: 0.9, leanB: -0.5 },
] as const;

/** Number of generated participants. */
export const DEMO_PARTICIPANTS = 240;

/** One generated vote, keyed by the statement's position in `DEMO_STATEMENTS`. */
export type DemoVote = { statement: number; participant: string; value: StatementVoteValue; castAt: Date };

function voteFor(lean: number, chance: number): StatementVoteValue {
  if (chance < 0.12) {
    return 'PASS';
  }

  return chance < 0.12 + 0.88 * ((lean + 1) / 2) ? 'AGREE' : 'DISAGREE';
}

/**
 * Generates the votes of the demo consultation: two groups of participants that agree on some
 * statements and split on others, each participant voting on most statements.
 */
export function generateDemoVotes(anchor: Date): DemoVote[] {
  const random = createRandom(7 * 20_261_204);
  const votes: DemoVote[] = [];
  for (let person = 1; person <= DEMO_PARTICIPANTS; person += 1) {
    const inGroupA = random.next() < 0.6;
    DEMO_STATEMENTS.forEach((statement, index) => {
      if (random.next() < 0.25) {
        return;
      }
      const lean = inGroupA ? statement.leanA : statement.leanB;
      votes.push({
        statement: index,
        participant: `demo-participant-${person}`,
        value: voteFor(lean, random.next()),
        castAt: new Date(anchor.getTime() - random.integer(0, 14 * 86_400) * 1000),
      });
    });
  }

  return votes;
}
