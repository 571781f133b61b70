import { describe, expect, it } from 'vitest';
import {
  isQuorumMet,
  referendumCanonicalForm,
  referendumStatus,
  tallyReferendum,
  type ReferendumBallotRecord,
} from './referendum';

describe('isQuorumMet', () => {
  it.each([
    [249, 1000, 25, false],
    [250, 1000, 25, true],
    [251, 1000, 25, true],
    [1, 3, 33.34, false],
    [1, 3, 33.33, true],
    [0, 0, 0, true],
    [0, 0, 10, false],
  ])('%i of %i eligible against %f%%', (ballots, eligible, quorum, expected) => {
    expect(isQuorumMet(ballots, eligible, quorum)).toBe(expected);
  });
});

describe('referendumStatus', () => {
  const window = {
    opensAt: new Date('2030-05-01T06:00:00Z'),
    closesAt: new Date('2030-05-01T20:00:00Z'),
  };

  it('follows the voting window', () => {
    expect(referendumStatus(window, new Date('2030-05-01T05:59:59.999Z'))).toBe('SCHEDULED');
    expect(referendumStatus(window, new Date('2030-05-01T06:00:00Z'))).toBe('OPEN');
    expect(referendumStatus(window, new Date('2030-05-01T19:59:59.999Z'))).toBe('OPEN');
    expect(referendumStatus(window, new Date('2030-05-01T20:00:00Z'))).toBe('VOTING_ENDED');
  });

  it('reports CLOSED once a close time is set', () => {
    expect(
      referendumStatus({ ...window, closedAt: new Date() }, new Date('2030-05-01T07:00:00Z')),
    ).toBe('CLOSED');
  });
});

describe('tallyReferendum', () => {
  const options = [
    { id: 'yes', label: 'Yes' },
    { id: 'no', label: 'No' },
  ];
  const ballot = (
    id: string,
    optionId: string,
    district: string,
    channel: 'ONLINE' | 'PAPER',
  ): ReferendumBallotRecord => ({
    id,
    optionId,
    district,
    channel,
  });
  const ballots = [
    ballot('b1', 'yes', 'Śródmieście', 'ONLINE'),
    ballot('b2', 'yes', 'Śródmieście', 'ONLINE'),
    ballot('b3', 'no', 'Śródmieście', 'PAPER'),
    ballot('b4', 'yes', 'Ochota', 'ONLINE'),
  ];

  it('counts options and suppresses small segments', () => {
    const tally = tallyReferendum({
      referendumId: 'r',
      options,
      eligibleVoters: 10,
      quorumPercent: 30,
      ballots,
      minAggregateCount: 3,
    });

    expect(tally.options.map((option) => option.votes)).toEqual([3, 1]);
    expect(tally.turnoutPercent).toBe(40);
    expect(tally.binding).toBe(true);
    expect(tally.byDistrict.map((entry) => [entry.district, entry.ballots])).toEqual([
      ['Ochota', null],
      ['Śródmieście', 3],
    ]);
    expect(tally.byChannel.map((entry) => [entry.channel, entry.ballots])).toEqual([
      ['ONLINE', 3],
      ['PAPER', null],
    ]);
  });

  it('writes a canonical form independent of ballot order', () => {
    const input = {
      referendumId: 'r',
      options,
      eligibleVoters: 10,
      quorumPercent: 30,
      ballots,
      minAggregateCount: 3,
    };
    const form = referendumCanonicalForm(input);

    expect(referendumCanonicalForm({ ...input, ballots: [...ballots].reverse() })).toBe(form);
    expect(form.split('\n').slice(0, 7)).toEqual([
      'ratusz-referendum-commitment-v1',
      'referendum r',
      'eligible 10',
      'quorum-percent 30',
      'binding true',
      'option 0 yes 3',
      'option 1 no 1',
    ]);
    expect(form).toContain('ballot b3 no PAPER "Śródmieście"\n');
    expect(form.endsWith('\n')).toBe(true);
  });
});
