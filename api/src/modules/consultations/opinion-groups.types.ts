import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ConsultationOpinionGroups } from './opinion-groups.service';

/** Side a group takes on a representative statement. */
export enum OpinionDirection {
  AGREE = 'AGREE',
  DISAGREE = 'DISAGREE',
}
registerEnumType(OpinionDirection, {
  name: 'OpinionDirection',
  description: 'Side a group takes on a statement far more often than the other participants.',
  valuesConfig: {
    AGREE: { description: 'The group agrees far more often than the others.' },
    DISAGREE: { description: 'The group disagrees far more often than the others.' },
  },
});

@ObjectType({ description: 'A statement that sets an opinion group apart, with the figures.' })
export class RepresentativeStatement {
  @Field(() => ID, { description: 'Id of the statement.' })
  statementId!: string;

  @Field(() => String, { description: 'Code of the statement within its consultation.' })
  code!: string;

  @Field(() => OpinionDirection, { description: 'Side the group takes.' })
  direction!: OpinionDirection;

  @Field(() => Float, {
    description: "Share of the group's votes on the statement on that side, (x + 1) / (n + 2).",
  })
  groupShare!: number;

  @Field(() => Float, {
    description: 'The same share among clustered participants outside the group.',
  })
  othersShare!: number;

  @Field(() => Float, { description: 'groupShare divided by othersShare.' })
  ratio!: number;

  @Field(() => Float, {
    description: 'Two-proportion z statistic of the difference; at least 1.645 (95%, one-sided).',
  })
  z!: number;

  @Field(() => Int, { description: 'AGREE votes in the group.' })
  groupAgree!: number;

  @Field(() => Int, { description: 'DISAGREE votes in the group.' })
  groupDisagree!: number;

  @Field(() => Int, { description: 'PASS votes in the group.' })
  groupPass!: number;

  @Field(() => Int, { description: 'AGREE votes of clustered participants outside the group.' })
  othersAgree!: number;

  @Field(() => Int, { description: 'DISAGREE votes of clustered participants outside the group.' })
  othersDisagree!: number;

  @Field(() => Int, { description: 'PASS votes of clustered participants outside the group.' })
  othersPass!: number;
}

@ObjectType({ description: 'Participants who vote alike. Members are never listed.' })
export class OpinionGroupNode {
  @Field(() => Int, { description: 'Number of the group, 0 for the largest.' })
  index!: number;

  @Field(() => Int, { description: 'Participants in the group.' })
  size!: number;

  @Field(() => [RepresentativeStatement], {
    description: 'Up to five statements the group sets itself apart on, strongest first.',
  })
  representativeStatements!: RepresentativeStatement[];
}

@ObjectType({ description: 'Group-aware consensus on one statement.' })
export class StatementConsensus {
  @Field(() => ID, { description: 'Id of the statement.' })
  statementId!: string;

  @Field(() => String, { description: 'Code of the statement within its consultation.' })
  code!: string;

  @Field(() => Float, {
    description:
      'Geometric mean over reported groups of (agree + 1) / (votes + 2); 0 when no group is reported.',
  })
  agreeConsensus!: number;

  @Field(() => Float, { description: 'The same with DISAGREE votes in place of AGREE votes.' })
  disagreeConsensus!: number;
}

@ObjectType({
  description:
    'Opinion groups from current votes: PCA of the participant x statement matrix, then k-means with k from 2 to 5 chosen by silhouette.',
})
export class OpinionGroups {
  @Field(() => Int, {
    description: 'Seed of the k-means start; the same seed and votes give the same groups.',
  })
  seed!: number;

  @Field(() => Int, {
    description: 'Votes a participant needs on ACCEPTED statements to be clustered.',
  })
  minVotesPerParticipant!: number;

  @Field(() => Int, {
    description: 'Groups with fewer members are suppressed (serverInfo.minAggregateCount).',
  })
  minGroupSize!: number;

  @Field(() => Int, { description: 'Participants who were clustered.' })
  clusteredParticipants!: number;

  @Field(() => Int, { description: 'Participants left out for casting too few votes.' })
  excludedParticipants!: number;

  @Field(() => Int, {
    description: 'Groups found, suppressed ones included; 0 when too few participants.',
  })
  groupCount!: number;

  @Field(() => Int, {
    description: 'Groups suppressed for having fewer than minGroupSize members.',
  })
  suppressedGroups!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean silhouette of the groups, from -1 to 1.',
  })
  silhouette!: number | null;

  @Field(() => [OpinionGroupNode], { description: 'Reported groups, largest first.' })
  groups!: OpinionGroupNode[];

  @Field(() => [StatementConsensus], { description: 'Consensus on each voted ACCEPTED statement.' })
  consensus!: StatementConsensus[];
}

/** Maps the computed groups to their GraphQL object, dropping member lists. */
export function toOpinionGroups(result: ConsultationOpinionGroups): OpinionGroups {
  const codeOf = (statementId: string) => result.statementCodes.get(statementId) ?? '';

  return Object.assign(new OpinionGroups(), {
    seed: result.seed,
    minVotesPerParticipant: result.minVotesPerParticipant,
    minGroupSize: result.minGroupSize,
    clusteredParticipants: result.clusteredParticipants,
    excludedParticipants: result.excludedParticipants,
    groupCount: result.groupCount,
    suppressedGroups: result.suppressedGroups,
    silhouette: result.silhouette,
    groups: result.groups.map((group) => ({
      index: group.index,
      size: group.size,
      representativeStatements: group.representativeStatements.map((entry) => ({
        statementId: entry.statement,
        code: codeOf(entry.statement),
        direction: entry.direction as OpinionDirection,
        groupShare: entry.groupShare,
        othersShare: entry.othersShare,
        ratio: entry.ratio,
        z: entry.z,
        groupAgree: entry.group.agree,
        groupDisagree: entry.group.disagree,
        groupPass: entry.group.pass,
        othersAgree: entry.others.agree,
        othersDisagree: entry.others.disagree,
        othersPass: entry.others.pass,
      })),
    })),
    consensus: result.consensus.map((entry) => ({
      statementId: entry.statement,
      code: codeOf(entry.statement),
      agreeConsensus: entry.agreeConsensus,
      disagreeConsensus: entry.disagreeConsensus,
    })),
  });
}
