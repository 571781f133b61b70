import type { EntityManager } from '@mikro-orm/core';
import {
  isStatementPublic,
  type ConsultationResultsSnapshot,
  type StatementResultSnapshot,
} from '@ratusz/shared';
import { Consultation } from './consultation.entity';
import { questionnaireResults } from './questionnaire-results.service';

type StatementRow = {
  statement_id: string;
  code: string;
  text: string;
  moderation: 'ACCEPTED';
  agree_count: number | string;
  disagree_count: number | string;
  pass_count: number | string;
  agree_events: number | string;
  disagree_events: number | string;
  pass_events: number | string;
};

type TotalsRow = {
  participants: number | string;
  vote_events: number | string;
  latest_cast_at: Date | string | number | null;
};

// Both vote tables are counted per statement in derived tables restricted to this consultation,
// so a statement without votes still gets a row of zeros.
const STATEMENT_RESULTS_SQL = `
select s.id as statement_id, s.code, s.text, s.moderation,
  coalesce(cur.agree_count, 0) as agree_count,
  coalesce(cur.disagree_count, 0) as disagree_count,
  coalesce(cur.pass_count, 0) as pass_count,
  coalesce(ev.agree_events, 0) as agree_events,
  coalesce(ev.disagree_events, 0) as disagree_events,
  coalesce(ev.pass_events, 0) as pass_events
from statement s
left join (
  select v.statement_id,
    sum(case when v.value = 'AGREE' then 1 else 0 end) as agree_count,
    sum(case when v.value = 'DISAGREE' then 1 else 0 end) as disagree_count,
    sum(case when v.value = 'PASS' then 1 else 0 end) as pass_count
  from statement_vote v
  join statement vs on vs.id = v.statement_id
  where vs.consultation_id = ?
  group by v.statement_id
) cur on cur.statement_id = s.id
left join (
  select e.statement_id,
    sum(case when e.value = 'AGREE' then 1 else 0 end) as agree_events,
    sum(case when e.value = 'DISAGREE' then 1 else 0 end) as disagree_events,
    sum(case when e.value = 'PASS' then 1 else 0 end) as pass_events
  from statement_vote_event e
  join statement es on es.id = e.statement_id
  where es.consultation_id = ?
  group by e.statement_id
) ev on ev.statement_id = s.id
where s.consultation_id = ? and s.moderation = 'ACCEPTED'
order by s.created_at, s.code, s.id`;

const TOTALS_SQL = `
select
  (select count(distinct v.participant_hash)
     from statement_vote v join statement s on s.id = v.statement_id
     where s.consultation_id = ?) as participants,
  (select count(*)
     from statement_vote_event e join statement s on s.id = e.statement_id
     where s.consultation_id = ?) as vote_events,
  (select max(e.cast_at)
     from statement_vote_event e join statement s on s.id = e.statement_id
     where s.consultation_id = ?) as latest_cast_at`;

/** Reads a date the drivers return as a Date (PostgreSQL), epoch milliseconds or text (SQLite). */
function toDate(value: Date | string | number): Date {
  if (value instanceof Date) {
    return value;
  }
  const numeric = typeof value === 'number' ? value : Number(value);

  return new Date(Number.isFinite(numeric) ? numeric : value);
}

function toStatementResult(row: StatementRow): StatementResultSnapshot {
  return {
    statementId: row.statement_id,
    code: row.code,
    text: isStatementPublic(row.moderation) ? row.text : null,
    agree: Number(row.agree_count),
    disagree: Number(row.disagree_count),
    pass: Number(row.pass_count),
    agreeEvents: Number(row.agree_events),
    disagreeEvents: Number(row.disagree_events),
    passEvents: Number(row.pass_events),
  };
}

/**
 * Computes the results of one consultation, or returns null when it does not exist. Statement
 * counts cover ACCEPTED statements only; `participants` and `voteEvents` cover votes on every
 * statement of the consultation. Questionnaire counts below `minAggregateCount` are hidden.
 * Callers check `canShowResults` before anything leaves the API.
 */
export async function consultationResults(
  em: EntityManager,
  consultationId: string,
  minAggregateCount: number,
): Promise<ConsultationResultsSnapshot | null> {
  const consultation = await em.findOne(Consultation, { id: consultationId });
  if (!consultation) {
    return null;
  }

  const connection = em.getConnection();
  const transaction = em.getTransactionContext();
  const rows: StatementRow[] = await connection.execute(
    STATEMENT_RESULTS_SQL,
    [consultationId, consultationId, consultationId],
    'all',
    transaction,
  );
  const [totals]: TotalsRow[] = await connection.execute(
    TOTALS_SQL,
    [consultationId, consultationId, consultationId],
    'all',
    transaction,
  );
  const latest = totals?.latest_cast_at;
  const { lastSubmittedAt, ...questionnaire } = await questionnaireResults(
    em,
    consultation,
    minAggregateCount,
  );
  const latestVote =
    latest === null || latest === undefined ? consultation.createdAt : toDate(latest);
  const updatedAt = lastSubmittedAt && lastSubmittedAt > latestVote ? lastSubmittedAt : latestVote;

  return {
    consultationId,
    participants: Number(totals?.participants ?? 0),
    voteEvents: Number(totals?.vote_events ?? 0),
    statements: rows.map(toStatementResult),
    ...questionnaire,
    updatedAt: updatedAt.toISOString(),
  };
}
