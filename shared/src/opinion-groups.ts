import { kmeans } from 'ml-kmeans';
import { PCA } from 'ml-pca';
import type { StatementVoteValue } from './consultations';

/**
 * Opinion groups of a consultation: participants who vote alike on its statements.
 *
 * 1. Matrix: one row per participant, one column per statement, AGREE = 1, DISAGREE = -1,
 *    PASS = 0. A statement the participant never voted on is missing, and is filled with the
 *    mean of the votes cast on that statement, so it pulls the participant toward no side.
 * 2. PCA (centred, unscaled, from the covariance matrix) projects each row to `components` dimensions. Each
 *    projection is multiplied by sqrt(statements / statements voted on), so a participant who
 *    voted on few statements is not drawn to the centre by the filled-in means.
 * 3. k-means (k-means++ start from `seed`) runs for every k in `kRange`. The k with the highest
 *    mean silhouette wins, the smaller k on a tie.
 */

/** Votes a participant must cast on the given statements to be placed in a group. */
export const DEFAULT_MIN_VOTES_PER_PARTICIPANT = 7;
/** Numbers of groups tried; the silhouette picks one. */
export const DEFAULT_GROUP_COUNT_RANGE: readonly [number, number] = [2, 5];
/** Dimensions kept by the PCA before clustering. */
export const DEFAULT_PCA_COMPONENTS = 2;
/** Statements listed per group as representative, at most. */
export const DEFAULT_MAX_REPRESENTATIVE_STATEMENTS = 5;
/**
 * One-sided z value a group's share must exceed the others' share by to be representative:
 * 1.645 is the 95% level of a two-proportion z-test.
 */
export const REPRESENTATIVE_MIN_Z = 1.645;

/** One participant's current vote on one statement. */
export type OpinionVote = {
  participant: string;
  statement: string;
  value: StatementVoteValue;
};

/** Settings of `computeOpinionGroups`. Every field has the default named beside it. */
export type OpinionGroupOptions = {
  /** Seed of the k-means++ start; the same seed and votes give the same groups. Default 1. */
  seed?: number;
  /** Default `DEFAULT_MIN_VOTES_PER_PARTICIPANT`. */
  minVotesPerParticipant?: number;
  /** Groups with fewer members are not reported (members, figures, consensus). Default 5. */
  minGroupSize?: number;
  /** Smallest and largest number of groups tried. Default `DEFAULT_GROUP_COUNT_RANGE`. */
  groupCountRange?: readonly [number, number];
  /** Default `DEFAULT_PCA_COMPONENTS`. */
  components?: number;
  /** Default `DEFAULT_MAX_REPRESENTATIVE_STATEMENTS`. */
  maxRepresentativeStatements?: number;
};

/** Vote counts of one group (or of everyone outside it) on one statement. */
export type StatementVoteCounts = { agree: number; disagree: number; pass: number };

/** A statement that sets a group apart, with the figures behind the choice. */
export type RepresentativeStatement = {
  statement: string;
  /** The side the group takes far more often than the other participants. */
  direction: 'AGREE' | 'DISAGREE';
  /** Laplace-smoothed share of the group's votes on the statement that take `direction`. */
  groupShare: number;
  /** The same share among the clustered participants outside the group. */
  othersShare: number;
  /** groupShare / othersShare. */
  ratio: number;
  /** Two-proportion z statistic of the difference, positive when the group leans more. */
  z: number;
  group: StatementVoteCounts;
  others: StatementVoteCounts;
};

/** One reported opinion group. */
export type OpinionGroup = {
  /** 0-based; groups are numbered by size, largest first. */
  index: number;
  size: number;
  /** Participants in the group, in input order. */
  members: string[];
  representativeStatements: RepresentativeStatement[];
};

/** Consensus of the reported groups on one statement. */
export type StatementConsensus = {
  statement: string;
  /** Geometric mean over groups of (agree + 1) / (votes + 2); see `consensusScore`. */
  agreeConsensus: number;
  /** The same with disagree votes in place of agree votes. */
  disagreeConsensus: number;
};

/** Outcome of `computeOpinionGroups`. */
export type OpinionGroupsResult = {
  /** Participants with enough votes, who were clustered. */
  clusteredParticipants: number;
  /** Participants left out for casting fewer than `minVotesPerParticipant` votes. */
  excludedParticipants: number;
  /** Number of groups chosen by the silhouette, suppressed ones included; 0 when too few people. */
  groupCount: number;
  /** Mean silhouette of the chosen clustering, from -1 to 1; null when nothing was clustered. */
  silhouette: number | null;
  groups: OpinionGroup[];
  /** Groups left out because they have fewer than `minGroupSize` members. */
  suppressedGroups: number;
  consensus: StatementConsensus[];
};

/** Participant x statement matrix, with the missing cells filled in. */
export type VoteMatrix = {
  participants: string[];
  statements: string[];
  /** rows[p][s]: 1 agree, -1 disagree, 0 pass, column mean when missing. */
  rows: number[][];
  /** Mean of the votes cast on each statement, which is also the mean of its filled column. */
  columnMeans: number[];
  /** Statements each participant voted on. */
  voteCounts: number[];
  /** Participants with fewer votes than the threshold, left out of `participants`. */
  excluded: number;
};

const VOTE_NUMBERS: Record<StatementVoteValue, number> = { AGREE: 1, DISAGREE: -1, PASS: 0 };

/**
 * Builds the participant x statement matrix from current votes. Statements are the columns in
 * order of first appearance, participants the rows in order of first appearance. Participants
 * with fewer than `minVotes` votes are left out; missing cells get the column mean.
 */
export function buildVoteMatrix(votes: readonly OpinionVote[], minVotes: number): VoteMatrix {
  const statementIndex = new Map<string, number>();
  const byParticipant = new Map<string, Map<number, number>>();
  for (const vote of votes) {
    let column = statementIndex.get(vote.statement);
    if (column === undefined) {
      column = statementIndex.size;
      statementIndex.set(vote.statement, column);
    }
    let cells = byParticipant.get(vote.participant);
    if (!cells) {
      cells = new Map();
      byParticipant.set(vote.participant, cells);
    }
    cells.set(column, VOTE_NUMBERS[vote.value]);
  }

  const statementCount = statementIndex.size;
  const participants: string[] = [];
  const sparseRows: Map<number, number>[] = [];
  let excluded = 0;
  for (const [participant, cells] of byParticipant) {
    if (cells.size < minVotes) {
      excluded += 1;
      continue;
    }
    participants.push(participant);
    sparseRows.push(cells);
  }

  const sums = new Float64Array(statementCount);
  const counts = new Float64Array(statementCount);
  for (const cells of sparseRows) {
    for (const [column, value] of cells) {
      sums[column]! += value;
      counts[column]! += 1;
    }
  }
  const means = Array.from(sums, (sum, column) =>
    counts[column]! > 0 ? sum / counts[column]! : 0,
  );
  const rows = sparseRows.map((cells) => {
    const row = means.slice();
    for (const [column, value] of cells) {
      row[column] = value;
    }

    return row;
  });

  return {
    participants,
    statements: [...statementIndex.keys()],
    rows,
    columnMeans: means,
    voteCounts: sparseRows.map((cells) => cells.size),
    excluded,
  };
}

/**
 * Computes the covariance matrix of the statement columns. Missing cells hold the column mean,
 * so after centring they are 0 and only the cells of real votes add to the sums.
 */
function columnCovariance(rows: readonly number[][], means: readonly number[]): number[][] {
  const columns = means.length;
  const sums = new Float64Array(columns * columns);
  const indexes = new Int32Array(columns);
  const centred = new Float64Array(columns);
  for (const row of rows) {
    let used = 0;
    for (let column = 0; column < columns; column += 1) {
      const value = row[column]! - means[column]!;
      if (value !== 0) {
        indexes[used] = column;
        centred[used] = value;
        used += 1;
      }
    }
    for (let a = 0; a < used; a += 1) {
      const offset = indexes[a]! * columns;
      const value = centred[a]!;
      for (let b = a; b < used; b += 1) {
        sums[offset + indexes[b]!]! += value * centred[b]!;
      }
    }
  }
  const divisor = Math.max(1, rows.length - 1);

  return Array.from({ length: columns }, (_, i) =>
    Array.from(
      { length: columns },
      (_, j) => (i <= j ? sums[i * columns + j]! : sums[j * columns + i]!) / divisor,
    ),
  );
}

/**
 * Projects the matrix rows on the first principal components and applies the sparsity
 * correction described above. The covariance matrix is summed here over real votes only, and
 * ml-pca finds its eigenvectors. Its NIPALS path on the full matrix took over six minutes for
 * 10,000 x 500 votes in bench/opinion-groups.mjs on a shared 2-core machine.
 */
export function projectVoteMatrix(matrix: VoteMatrix, components: number): number[][] {
  const statementCount = matrix.statements.length;
  const componentCount = Math.min(components, statementCount, matrix.rows.length);
  const means = matrix.columnMeans;
  const pca = new PCA(columnCovariance(matrix.rows, means), { isCovarianceMatrix: true });
  const eigenvectors = pca.getEigenvectors();
  const axes = Array.from({ length: componentCount }, (_, component) =>
    eigenvectors.getColumn(component),
  );

  return matrix.rows.map((row, index) => {
    const factor = Math.sqrt(statementCount / Math.max(1, matrix.voteCounts[index]!));

    return axes.map((axis) => {
      let coordinate = 0;
      for (let column = 0; column < statementCount; column += 1) {
        coordinate += (row[column]! - means[column]!) * axis[column]!;
      }

      return coordinate * factor;
    });
  });
}

function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }

  return sum;
}

/**
 * Computes the mean silhouette of a clustering (Euclidean distance). A point alone in its
 * cluster scores 0. Exact, so it costs O(n^2) distance computations.
 */
export function meanSilhouette(
  points: readonly number[][],
  labels: readonly number[],
  k: number,
): number {
  const n = points.length;
  if (n < 2 || k < 2) {
    return 0;
  }
  const sizes = new Array<number>(k).fill(0);
  for (const label of labels) {
    sizes[label]! += 1;
  }
  let total = 0;
  const distanceSums = new Float64Array(k);
  for (let i = 0; i < n; i += 1) {
    distanceSums.fill(0);
    const point = points[i]!;
    for (let j = 0; j < n; j += 1) {
      if (j !== i) {
        distanceSums[labels[j]!]! += Math.sqrt(squaredDistance(point, points[j]!));
      }
    }
    const own = labels[i]!;
    if (sizes[own]! <= 1) {
      continue;
    }
    const a = distanceSums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c += 1) {
      if (c !== own && sizes[c]! > 0) {
        b = Math.min(b, distanceSums[c]! / sizes[c]!);
      }
    }
    const spread = Math.max(a, b);
    total += spread > 0 && Number.isFinite(b) ? (b - a) / spread : 0;
  }

  return total / n;
}

/** Runs k-means for each k in the range and keeps the clustering with the best silhouette. */
export function clusterPoints(
  points: number[][],
  range: readonly [number, number],
  seed: number,
): { labels: number[]; k: number; silhouette: number } {
  const distinct = new Set(points.map((point) => point.join(','))).size;
  const maxK = Math.min(range[1], distinct);
  let best: { labels: number[]; k: number; silhouette: number } | null = null;
  for (let k = range[0]; k <= maxK; k += 1) {
    const result = kmeans(points, k, { initialization: 'kmeans++', seed, maxIterations: 300 });
    const silhouette = meanSilhouette(points, result.clusters, k);
    if (!best || silhouette > best.silhouette) {
      best = { labels: result.clusters, k, silhouette };
    }
  }

  return best ?? { labels: points.map(() => 0), k: 1, silhouette: 0 };
}

/**
 * Computes the group-aware consensus on one statement: the geometric mean over groups of
 * P_g = (x_g + 1) / (n_g + 2), where x_g counts the group's agree (or disagree) votes and n_g
 * all its votes on the statement (passes included). Each group weighs the same however large
 * it is. The plain product of the P_g falls by a factor P_g with every group added. The mean
 * does not: when the groups agree at the same rate, splitting one into parts that vote like it
 * changes the score only through the Laplace smoothing of the smaller parts.
 */
export function consensusScore(groups: readonly { favourable: number; votes: number }[]): number {
  if (groups.length === 0) {
    return 0;
  }
  let logSum = 0;
  for (const group of groups) {
    logSum += Math.log((group.favourable + 1) / (group.votes + 2));
  }

  return Math.exp(logSum / groups.length);
}

function emptyCounts(): StatementVoteCounts {
  return { agree: 0, disagree: 0, pass: 0 };
}

function votesIn(counts: StatementVoteCounts): number {
  return counts.agree + counts.disagree + counts.pass;
}

/** Two-proportion z statistic of x1/n1 against x2/n2, 0 when either side has no votes. */
function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) {
    return 0;
  }
  const pooled = (x1 + x2) / (n1 + n2);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));

  return spread > 0 ? (x1 / n1 - x2 / n2) / spread : 0;
}

function representativeFor(
  statement: string,
  group: StatementVoteCounts,
  others: StatementVoteCounts,
): RepresentativeStatement | null {
  const groupVotes = votesIn(group);
  const othersVotes = votesIn(others);
  let best: RepresentativeStatement | null = null;
  for (const direction of ['AGREE', 'DISAGREE'] as const) {
    const inGroup = direction === 'AGREE' ? group.agree : group.disagree;
    const outside = direction === 'AGREE' ? others.agree : others.disagree;
    const groupShare = (inGroup + 1) / (groupVotes + 2);
    const othersShare = (outside + 1) / (othersVotes + 2);
    const z = twoProportionZ(inGroup, groupVotes, outside, othersVotes);
    if (groupShare <= 0.5 || z < REPRESENTATIVE_MIN_Z) {
      continue;
    }
    const candidate = {
      statement,
      direction,
      groupShare,
      othersShare,
      ratio: groupShare / othersShare,
      z,
      group,
      others,
    };
    if (!best || candidate.ratio > best.ratio) {
      best = candidate;
    }
  }

  return best;
}

/**
 * Finds opinion groups in current statement votes; see the module comment for the method.
 * Deterministic: the same votes (in the same order) and options give the same result.
 */
export function computeOpinionGroups(
  votes: readonly OpinionVote[],
  options: OpinionGroupOptions = {},
): OpinionGroupsResult {
  const minVotes = options.minVotesPerParticipant ?? DEFAULT_MIN_VOTES_PER_PARTICIPANT;
  const minGroupSize = options.minGroupSize ?? 5;
  const range = options.groupCountRange ?? DEFAULT_GROUP_COUNT_RANGE;
  const maxRepresentative =
    options.maxRepresentativeStatements ?? DEFAULT_MAX_REPRESENTATIVE_STATEMENTS;
  const matrix = buildVoteMatrix(votes, minVotes);
  const empty: OpinionGroupsResult = {
    clusteredParticipants: 0,
    excludedParticipants: matrix.excluded,
    groupCount: 0,
    silhouette: null,
    groups: [],
    suppressedGroups: 0,
    consensus: [],
  };
  // k-means with the smallest k tried needs more participants than k to separate anyone.
  if (matrix.participants.length <= range[0] || matrix.statements.length < 2) {
    return { ...empty, excludedParticipants: matrix.excluded + matrix.participants.length };
  }

  const points = projectVoteMatrix(matrix, options.components ?? DEFAULT_PCA_COMPONENTS);
  const clustering = clusterPoints(points, range, options.seed ?? 1);
  const labels = renumberBySize(clustering.labels, clustering.k);
  const counts = countVotesByGroup(votes, matrix, labels, clustering.k);

  const reported: number[] = [];
  const groups: OpinionGroup[] = [];
  for (let g = 0; g < clustering.k; g += 1) {
    const members = matrix.participants.filter((_, row) => labels[row] === g);
    if (members.length < minGroupSize) {
      continue;
    }
    reported.push(g);
    groups.push({
      index: g,
      size: members.length,
      members,
      representativeStatements: representativeStatements(
        matrix.statements,
        counts,
        g,
        maxRepresentative,
      ),
    });
  }

  return {
    clusteredParticipants: matrix.participants.length,
    excludedParticipants: matrix.excluded,
    groupCount: clustering.k,
    silhouette: clustering.silhouette,
    groups,
    suppressedGroups: clustering.k - reported.length,
    consensus: matrix.statements.map((statement, column) => ({
      statement,
      agreeConsensus: consensusScore(
        reported.map((g) => ({
          favourable: counts[g]![column]!.agree,
          votes: votesIn(counts[g]![column]!),
        })),
      ),
      disagreeConsensus: consensusScore(
        reported.map((g) => ({
          favourable: counts[g]![column]!.disagree,
          votes: votesIn(counts[g]![column]!),
        })),
      ),
    })),
  };
}

/** Renumbers cluster labels so group 0 is the largest; ties keep the first-seen cluster first. */
function renumberBySize(labels: readonly number[], k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  const firstSeen = new Array<number>(k).fill(Infinity);
  labels.forEach((label, row) => {
    sizes[label]! += 1;
    firstSeen[label] = Math.min(firstSeen[label]!, row);
  });
  const order = [...sizes.keys()].sort(
    (a, b) => sizes[b]! - sizes[a]! || firstSeen[a]! - firstSeen[b]!,
  );
  const newLabel = new Array<number>(k);
  order.forEach((oldLabel, position) => {
    newLabel[oldLabel] = position;
  });

  return labels.map((label) => newLabel[label]!);
}

/** Counts the real votes (filled-in cells excluded) of each group on each statement. */
function countVotesByGroup(
  votes: readonly OpinionVote[],
  matrix: VoteMatrix,
  labels: readonly number[],
  k: number,
): StatementVoteCounts[][] {
  const rowOf = new Map(matrix.participants.map((participant, row) => [participant, row]));
  const columnOf = new Map(matrix.statements.map((statement, column) => [statement, column]));
  const latest = new Map<string, OpinionVote>();
  for (const vote of votes) {
    latest.set(`${vote.participant}\u0000${vote.statement}`, vote);
  }
  const counts = Array.from({ length: k }, () => matrix.statements.map(emptyCounts));
  for (const vote of latest.values()) {
    const row = rowOf.get(vote.participant);
    if (row === undefined) {
      continue;
    }
    const cell = counts[labels[row]!]![columnOf.get(vote.statement)!]!;
    if (vote.value === 'AGREE') cell.agree += 1;
    else if (vote.value === 'DISAGREE') cell.disagree += 1;
    else cell.pass += 1;
  }

  return counts;
}

function representativeStatements(
  statements: readonly string[],
  counts: readonly StatementVoteCounts[][],
  g: number,
  limit: number,
): RepresentativeStatement[] {
  const found: RepresentativeStatement[] = [];
  statements.forEach((statement, column) => {
    const group = counts[g]![column]!;
    const others = emptyCounts();
    counts.forEach((groupCounts, other) => {
      if (other !== g) {
        others.agree += groupCounts[column]!.agree;
        others.disagree += groupCounts[column]!.disagree;
        others.pass += groupCounts[column]!.pass;
      }
    });
    const candidate = representativeFor(statement, { ...group }, others);
    if (candidate) {
      found.push(candidate);
    }
  });
  found.sort((a, b) => b.ratio - a.ratio || b.z - a.z);

  return found.slice(0, limit);
}
