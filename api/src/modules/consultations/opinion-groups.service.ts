import type { EntityManager } from '@mikro-orm/core';
import {
  computeOpinionGroups,
  DEFAULT_MIN_VOTES_PER_PARTICIPANT,
  type OpinionGroupsResult,
  type OpinionVote,
  type StatementVoteValue,
} from '@ratusz/shared';

type VoteRow = {
  participant_hash: string;
  statement_id: string;
  code: string;
  value: StatementVoteValue;
};

// Current votes on ACCEPTED statements only. The fixed order keeps rows, columns and so the
// seeded clustering the same from one request to the next.
const CURRENT_VOTES_SQL = `
select v.participant_hash, v.statement_id, s.code, v.value
from statement_vote v
join statement s on s.id = v.statement_id
where s.consultation_id = ? and s.moderation = 'ACCEPTED'
order by s.created_at, s.code, s.id, v.participant_hash`;

/** Opinion groups of a consultation, with the threshold that was applied. */
export type ConsultationOpinionGroups = OpinionGroupsResult & {
  seed: number;
  minVotesPerParticipant: number;
  minGroupSize: number;
  /** Code of each statement that appears in the result, by statement id. */
  statementCodes: Map<string, string>;
};

/**
 * Computes the opinion groups of one consultation from its current votes. Groups smaller than
 * `minGroupSize` (the server's minimum aggregate count) are suppressed.
 */
export async function consultationOpinionGroups(
  em: EntityManager,
  consultationId: string,
  options: { seed: number; minGroupSize: number },
): Promise<ConsultationOpinionGroups> {
  const rows: VoteRow[] = await em
    .getConnection()
    .execute(CURRENT_VOTES_SQL, [consultationId], 'all', em.getTransactionContext());
  const votes: OpinionVote[] = rows.map((row) => ({
    participant: row.participant_hash,
    statement: row.statement_id,
    value: row.value,
  }));
  const result = computeOpinionGroups(votes, {
    seed: options.seed,
    minGroupSize: options.minGroupSize,
    minVotesPerParticipant: DEFAULT_MIN_VOTES_PER_PARTICIPANT,
  });

  return {
    ...result,
    seed: options.seed,
    minVotesPerParticipant: DEFAULT_MIN_VOTES_PER_PARTICIPANT,
    minGroupSize: options.minGroupSize,
    statementCodes: new Map(rows.map((row) => [row.statement_id, row.code])),
  };
}
