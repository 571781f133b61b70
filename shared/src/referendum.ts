/** Way a referendum ballot reached the city. */
export type ReferendumChannel = 'ONLINE' | 'PAPER';

/** Every referendum channel, in the order results list them. */
export const REFERENDUM_CHANNELS = [
  'ONLINE',
  'PAPER',
] as const satisfies readonly ReferendumChannel[];

/**
 * Stage of a referendum: SCHEDULED before `opensAt`, OPEN until `closesAt`, VOTING_ENDED from
 * then until someone closes it, CLOSED once the result and commitment are published.
 */
export type ReferendumStatus = 'SCHEDULED' | 'OPEN' | 'VOTING_ENDED' | 'CLOSED';

/** Returns the stage of a referendum at `now`. */
export function referendumStatus(
  referendum: { opensAt: Date; closesAt: Date; closedAt?: Date | null },
  now: Date,
): ReferendumStatus {
  if (referendum.closedAt) {
    return 'CLOSED';
  }
  if (now.getTime() < referendum.opensAt.getTime()) {
    return 'SCHEDULED';
  }

  return now.getTime() < referendum.closesAt.getTime() ? 'OPEN' : 'VOTING_ENDED';
}

/**
 * Tells whether turnout reaches the quorum: ballots / eligible >= quorumPercent / 100, compared
 * as ballots x 100 >= quorumPercent x eligible so no rounding of the ratio decides the outcome.
 * With an empty eligibility list the quorum is met only when it is 0.
 */
export function isQuorumMet(ballots: number, eligible: number, quorumPercent: number): boolean {
  if (eligible === 0) {
    return quorumPercent === 0;
  }

  return ballots * 100 >= quorumPercent * eligible;
}

/** Turnout in percent of eligible voters, 0 for an empty eligibility list. */
export function turnoutPercent(ballots: number, eligible: number): number {
  return eligible === 0 ? 0 : (ballots * 100) / eligible;
}

/** One anonymous ballot as stored: no voter, no time. */
export type ReferendumBallotRecord = {
  id: string;
  optionId: string;
  district: string;
  channel: ReferendumChannel;
};

/** Votes for one option. */
export type ReferendumOptionVotes = { optionId: string; label: string; votes: number };

/** Ballots of one district or channel; counts are null when suppressed. */
export type ReferendumSegmentResult = {
  ballots: number | null;
  /** Whether the counts are withheld because the segment has fewer ballots than the minimum. */
  suppressed: boolean;
  options: ReferendumOptionVotes[];
};

/** The result of a referendum as published at close. Dates are ISO 8601 strings. */
export type ReferendumResultSnapshot = {
  referendumId: string;
  eligibleVoters: number;
  ballotsCast: number;
  turnoutPercent: number;
  quorumPercent: number;
  /** Whether turnout reached the quorum, which makes the result binding. */
  binding: boolean;
  /** Options in ballot order. */
  options: ReferendumOptionVotes[];
  byDistrict: (ReferendumSegmentResult & { district: string })[];
  byChannel: (ReferendumSegmentResult & { channel: ReferendumChannel })[];
  closedAt: string;
  /** SHA-256 (hex) of `referendumCanonicalForm`. */
  commitment: string;
};

/** Update sent to the subscribers of one referendum after every vote and at close. */
export type ReferendumUpdateSnapshot = {
  referendumId: string;
  status: ReferendumStatus;
  eligibleVoters: number;
  ballotsCast: number;
  turnoutPercent: number;
  /** The published result once CLOSED, otherwise null. */
  result: ReferendumResultSnapshot | null;
};

/** The facts a tally needs. Options are in ballot order. */
export type ReferendumTallyInput = {
  referendumId: string;
  options: readonly { id: string; label: string }[];
  eligibleVoters: number;
  quorumPercent: number;
  ballots: readonly ReferendumBallotRecord[];
  /** Districts and channels with fewer ballots are suppressed. */
  minAggregateCount: number;
};

function countOptions(
  options: readonly { id: string; label: string }[],
  ballots: readonly ReferendumBallotRecord[],
): ReferendumOptionVotes[] {
  const votes = new Map(options.map((option) => [option.id, 0]));
  for (const ballot of ballots) {
    votes.set(ballot.optionId, (votes.get(ballot.optionId) ?? 0) + 1);
  }

  return options.map((option) => ({
    optionId: option.id,
    label: option.label,
    votes: votes.get(option.id)!,
  }));
}

function segment(
  options: readonly { id: string; label: string }[],
  ballots: readonly ReferendumBallotRecord[],
  minAggregateCount: number,
): ReferendumSegmentResult {
  const suppressed = ballots.length < minAggregateCount;

  return {
    ballots: suppressed ? null : ballots.length,
    suppressed,
    options: suppressed ? [] : countOptions(options, ballots),
  };
}

/** Compares strings by UTF-16 code units, the order of JavaScript's default sort. */
function compareCodeUnits(a: string, b: string): number {
  if (a === b) {
    return 0;
  }

  return a < b ? -1 : 1;
}

function groupBy<K>(
  ballots: readonly ReferendumBallotRecord[],
  key: (ballot: ReferendumBallotRecord) => K,
) {
  const groups = new Map<K, ReferendumBallotRecord[]>();
  for (const ballot of ballots) {
    const list = groups.get(key(ballot)) ?? [];
    list.push(ballot);
    groups.set(key(ballot), list);
  }

  return groups;
}

/**
 * Counts the ballots of a referendum overall, by district (in UTF-16 code-unit order of the name)
 * and by channel. Districts and channels with fewer than `minAggregateCount` ballots are
 * suppressed so a small district cannot reveal how its few voters voted.
 */
export function tallyReferendum(
  input: ReferendumTallyInput,
): Omit<ReferendumResultSnapshot, 'closedAt' | 'commitment'> {
  const ballotsCast = input.ballots.length;
  const districts = groupBy(input.ballots, (ballot) => ballot.district);
  const channels = groupBy(input.ballots, (ballot) => ballot.channel);

  return {
    referendumId: input.referendumId,
    eligibleVoters: input.eligibleVoters,
    ballotsCast,
    turnoutPercent: turnoutPercent(ballotsCast, input.eligibleVoters),
    quorumPercent: input.quorumPercent,
    binding: isQuorumMet(ballotsCast, input.eligibleVoters, input.quorumPercent),
    options: countOptions(input.options, input.ballots),
    byDistrict: [...districts.keys()].sort(compareCodeUnits).map((district) => ({
      district,
      ...segment(input.options, districts.get(district)!, input.minAggregateCount),
    })),
    byChannel: REFERENDUM_CHANNELS.filter((channel) => channels.has(channel)).map((channel) => ({
      channel,
      ...segment(input.options, channels.get(channel)!, input.minAggregateCount),
    })),
  };
}

/** First line of the canonical form; a change of the form gets a new version. */
export const REFERENDUM_CANONICAL_FORM_VERSION = 'ratusz-referendum-commitment-v1';

/**
 * Writes the canonical form that the published commitment hashes (SHA-256 of its UTF-8 bytes,
 * in lower-case hex). Lines end with "\n", the last one too:
 *
 *     ratusz-referendum-commitment-v1
 *     referendum <referendum id>
 *     eligible <eligible voters>
 *     quorum-percent <quorum, JavaScript number to string>
 *     binding <true|false>
 *     option <position> <option id> <votes>              one per option, by position
 *     ballot <ballot id> <option id> <channel> <district as a JSON string>
 *                                                        one per ballot, by id in UTF-16 code-unit order
 *
 * Ballot ids are random UUIDs, so sorting by id reveals nothing of the order of voting.
 */
export function referendumCanonicalForm(input: ReferendumTallyInput): string {
  const tally = tallyReferendum(input);
  const lines = [
    REFERENDUM_CANONICAL_FORM_VERSION,
    `referendum ${input.referendumId}`,
    `eligible ${input.eligibleVoters}`,
    `quorum-percent ${input.quorumPercent}`,
    `binding ${tally.binding}`,
    ...tally.options.map(
      (option, position) => `option ${position} ${option.optionId} ${option.votes}`,
    ),
    ...[...input.ballots]
      .sort((a, b) => compareCodeUnits(a.id, b.id))
      .map(
        (ballot) =>
          `ballot ${ballot.id} ${ballot.optionId} ${ballot.channel} ${JSON.stringify(ballot.district)}`,
      ),
  ];

  return `${lines.join('\n')}\n`;
}
