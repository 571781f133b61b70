import { describe, expect, it } from 'vitest';
import {
  buildVoteMatrix,
  computeOpinionGroups,
  consensusScore,
  type OpinionVote,
} from './opinion-groups';
import type { StatementVoteValue } from './consultations';
import { seededRandom } from './seeded-random';

/**
 * Two planted groups: on each statement group A agrees with probability `lean` and group B
 * disagrees with the same probability; each participant skips some statements.
 */
function plantedVotes(perGroup: number, statements: number, lean: number, seed: number) {
  const random = seededRandom(seed);
  const votes: OpinionVote[] = [];
  const truth = new Map<string, 'A' | 'B'>();
  for (const side of ['A', 'B'] as const) {
    for (let p = 0; p < perGroup; p += 1) {
      const participant = `${side}${p}`;
      truth.set(participant, side);
      for (let s = 0; s < statements; s += 1) {
        if (random() < 0.2) {
          continue;
        }
        const favoured: StatementVoteValue =
          (side === 'A') === (s % 2 === 0) ? 'AGREE' : 'DISAGREE';
        const other: StatementVoteValue = favoured === 'AGREE' ? 'DISAGREE' : 'AGREE';
        const roll = random();
        const value: StatementVoteValue =
          roll < lean ? favoured : roll < lean + 0.1 ? 'PASS' : other;
        votes.push({ participant, statement: `s${s}`, value });
      }
    }
  }

  return { votes, truth };
}

describe('buildVoteMatrix', () => {
  it('encodes votes and fills missing cells with the column mean', () => {
    const votes: OpinionVote[] = [
      { participant: 'p1', statement: 'a', value: 'AGREE' },
      { participant: 'p1', statement: 'b', value: 'DISAGREE' },
      { participant: 'p2', statement: 'a', value: 'PASS' },
      { participant: 'p2', statement: 'b', value: 'DISAGREE' },
      { participant: 'p3', statement: 'a', value: 'AGREE' },
      { participant: 'p4', statement: 'b', value: 'AGREE' },
    ];
    const matrix = buildVoteMatrix(votes, 1);

    expect(matrix.statements).toEqual(['a', 'b']);
    expect(matrix.participants).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(matrix.rows[0]).toEqual([1, -1]);
    expect(matrix.rows[1]).toEqual([0, -1]);
    expect(matrix.rows[2]![1]).toBeCloseTo(-1 / 3);
    expect(matrix.rows[3]![0]).toBeCloseTo(2 / 3);
    expect(matrix.voteCounts).toEqual([2, 2, 1, 1]);
  });

  it('leaves out participants below the vote threshold', () => {
    const votes: OpinionVote[] = [
      { participant: 'p1', statement: 'a', value: 'AGREE' },
      { participant: 'p1', statement: 'b', value: 'AGREE' },
      { participant: 'p2', statement: 'a', value: 'AGREE' },
    ];
    const matrix = buildVoteMatrix(votes, 2);

    expect(matrix.participants).toEqual(['p1']);
    expect(matrix.excluded).toBe(1);
  });

  it('keeps the latest of repeated votes', () => {
    const matrix = buildVoteMatrix(
      [
        { participant: 'p1', statement: 'a', value: 'AGREE' },
        { participant: 'p1', statement: 'a', value: 'DISAGREE' },
      ],
      1,
    );

    expect(matrix.rows[0]).toEqual([-1]);
  });
});

describe('computeOpinionGroups', () => {
  it('recovers two planted groups', () => {
    const { votes, truth } = plantedVotes(60, 30, 0.75, 7);
    const result = computeOpinionGroups(votes, { seed: 3 });

    expect(result.groupCount).toBe(2);
    expect(result.groups).toHaveLength(2);
    let correct = 0;
    for (const group of result.groups) {
      const sides = group.members.map((member) => truth.get(member));
      const majority = sides.filter((side) => side === 'A').length * 2 >= sides.length ? 'A' : 'B';
      correct += sides.filter((side) => side === majority).length;
    }
    expect(correct / truth.size).toBeGreaterThan(0.95);
  });

  it('returns the same groups for the same seed', () => {
    const { votes } = plantedVotes(40, 20, 0.6, 11);
    const first = computeOpinionGroups(votes, { seed: 5 });
    const second = computeOpinionGroups(votes, { seed: 5 });

    expect(second).toEqual(first);
  });

  it('lists statements a group agrees with far more than others', () => {
    const { votes } = plantedVotes(60, 30, 0.75, 7);
    const result = computeOpinionGroups(votes, { seed: 3 });

    for (const group of result.groups) {
      expect(group.representativeStatements.length).toBeGreaterThan(0);
      for (const entry of group.representativeStatements) {
        expect(entry.groupShare).toBeGreaterThan(0.5);
        expect(entry.ratio).toBeGreaterThan(1.5);
        expect(entry.z).toBeGreaterThanOrEqual(1.645);
      }
    }
  });

  it('suppresses groups below the minimum size', () => {
    const { votes } = plantedVotes(60, 30, 0.75, 7);
    const result = computeOpinionGroups(votes, { seed: 3, minGroupSize: 61 });

    expect(result.groups).toEqual([]);
    expect(result.suppressedGroups).toBe(result.groupCount);
    expect(result.consensus.every((entry) => entry.agreeConsensus === 0)).toBe(true);
  });

  it('clusters nobody when too few participants voted enough', () => {
    const votes: OpinionVote[] = [{ participant: 'p1', statement: 'a', value: 'AGREE' }];
    const result = computeOpinionGroups(votes);

    expect(result.groupCount).toBe(0);
    expect(result.groups).toEqual([]);
    expect(result.excludedParticipants).toBe(1);
  });

  it('scores a statement every group agrees with as consensus', () => {
    const { votes } = plantedVotes(60, 30, 0.75, 7);
    const everyone = [...new Set(votes.map((vote) => vote.participant))];
    const withShared = [
      ...votes,
      ...everyone.map((participant): OpinionVote => ({
        participant,
        statement: 'shared',
        value: 'AGREE',
      })),
    ];
    const result = computeOpinionGroups(withShared, { seed: 3 });
    const shared = result.consensus.find((entry) => entry.statement === 'shared')!;
    const divisive = result.consensus.find((entry) => entry.statement === 's0')!;

    expect(shared.agreeConsensus).toBeGreaterThan(0.95);
    expect(divisive.agreeConsensus).toBeLessThan(0.6);
  });
});

describe('consensusScore', () => {
  it('does not shrink when a group is split', () => {
    const whole = [
      { favourable: 900, votes: 1000 },
      { favourable: 900, votes: 1000 },
    ];
    const split = [
      { favourable: 450, votes: 500 },
      { favourable: 450, votes: 500 },
      { favourable: 900, votes: 1000 },
    ];
    const product = (groups: typeof whole) =>
      groups.reduce((value, group) => value * ((group.favourable + 1) / (group.votes + 2)), 1);

    // The only change is the Laplace smoothing of the 500-vote halves, under 1 / 502.
    expect(consensusScore(split)).toBeGreaterThan(consensusScore(whole) - 1 / 502);
    expect(product(split)).toBeLessThan(product(whole) * 0.91);
  });

  it('is unchanged by adding groups that vote alike', () => {
    const group = { favourable: 30, votes: 40 };

    expect(consensusScore([group, group, group, group])).toBeCloseTo(
      consensusScore([group, group]),
      12,
    );
  });

  it('uses Laplace smoothing so a unanimous group stays below 1', () => {
    expect(consensusScore([{ favourable: 3, votes: 3 }])).toBeCloseTo(4 / 5, 12);
    expect(consensusScore([{ favourable: 0, votes: 3 }])).toBeCloseTo(1 / 5, 12);
  });
});
