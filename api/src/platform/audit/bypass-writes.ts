/**
 * Every write in `api/src` that bypasses the unit of work, so the flush subscriber never receives it:
 * `nativeUpdate`, `nativeDelete`, `insert`, `insertMany`, `upsert`, `upsertMany` and raw SQL
 * insert, update or delete statements. A test counts these calls per file and fails when a file
 * has more or fewer than this list names, so each new one must be classified here.
 *
 * - `audited`: a change of state, audited in its own transaction by `appendAudit` or
 *   `appendScopedAudit`, or by the flush of another row written in that transaction.
 * - `anonymous-vote`: a ballot, vote or questionnaire answer. No entry is written, because it
 *   would name the voter next to the ballot's id and time. Tallies and the published
 *   commitments cover these writes instead.
 * - `bookkeeping`: counters, delivery attempts, last-use times, search indexes and the audit
 *   chain itself, which record how the system ran rather than a decision about the city's records.
 * - `demo-seed`: generated demo data written into an empty database at start-up.
 */
export type BypassWriteKind = 'audited' | 'anonymous-vote' | 'bookkeeping' | 'demo-seed';

export type BypassWrite = {
  /** Path under `api/src`. */
  file: string;
  /** Number of bypassing calls or statements in the file that this entry covers. */
  writes: number;
  kind: BypassWriteKind;
  reason: string;
};

export const BYPASS_WRITES: readonly BypassWrite[] = [
  {
    file: 'modules/access/api-key.service.ts',
    writes: 1,
    kind: 'bookkeeping',
    reason: 'lastUsedAt of an API key, written at most once a minute per key on authentication',
  },
  {
    file: 'modules/accounts/account.service.ts',
    writes: 1,
    kind: 'audited',
    reason: 'revoking the sessions of a disabled account, in the transaction of account.disabled',
  },
  {
    file: 'modules/budget/ballot.writer.ts',
    writes: 7,
    kind: 'anonymous-vote',
    reason: 'ballots, ballot items, voter marks and the vote and ballot counters they move',
  },
  {
    file: 'modules/budget/proposal.service.ts',
    writes: 2,
    kind: 'audited',
    reason: 'status and project of a proposal, each followed by budget_proposal.updated',
  },
  {
    file: 'modules/budget/voter-register.ts',
    writes: 3,
    kind: 'audited',
    reason:
      'replacing the voter register of a process, in the transaction of voter_register.imported',
  },
  {
    file: 'modules/cases/case-deadline.service.ts',
    writes: 1,
    kind: 'bookkeeping',
    reason: 'the SLA alert claim marker, written with a timeline entry that is audited on flush',
  },
  {
    file: 'modules/cases/case.service.ts',
    writes: 1,
    kind: 'bookkeeping',
    reason:
      'the per-jurisdiction case number counter, moved with the case it numbers, which is audited by IntakeRows',
  },
  {
    file: 'modules/cases/intake-rows.ts',
    writes: 1,
    kind: 'audited',
    reason:
      'new cases with their timeline, Open311 and webhook delivery rows, one <table>.created entry per row in the same transaction',
  },
  {
    file: 'modules/consultations/consultation.service.ts',
    writes: 2,
    kind: 'anonymous-vote',
    reason: 'statement votes and their history',
  },
  {
    file: 'modules/consultations/participant-register.importer.ts',
    writes: 1,
    kind: 'audited',
    reason: 'participant register rows, in the transaction of import.completed',
  },
  {
    file: 'modules/consultations/polis.importer.ts',
    writes: 1,
    kind: 'audited',
    reason: 'imported statements, in the transaction of import.completed',
  },
  {
    file: 'modules/consultations/questionnaire.service.ts',
    writes: 1,
    kind: 'audited',
    reason: 'deleting the old questions, followed by questionnaire.replaced',
  },
  {
    file: 'modules/consultations/questionnaire.service.ts',
    writes: 2,
    kind: 'anonymous-vote',
    reason: 'questionnaire submissions and their replacement',
  },
  {
    file: 'modules/consultations/vote-history.service.ts',
    writes: 2,
    kind: 'anonymous-vote',
    reason: 'imported statement votes and their history',
  },
  {
    file: 'modules/demo/demo-routing.ts',
    writes: 1,
    kind: 'demo-seed',
    reason: 'routing the generated demo cases to their departments',
  },
  {
    file: 'modules/email/email-outbox.ts',
    writes: 3,
    kind: 'bookkeeping',
    reason: 'claiming, sending and retrying queued e-mails',
  },
  {
    file: 'modules/imports/import.service.ts',
    writes: 1,
    kind: 'audited',
    reason: 'the run record of a repeated import, in the transaction of import.completed',
  },
  {
    file: 'modules/knowledge/kb-search.ts',
    writes: 4,
    kind: 'bookkeeping',
    reason: 'the full-text index of articles, rebuilt from the audited article rows',
  },
  {
    file: 'modules/privacy/erasure.ts',
    writes: 5,
    kind: 'audited',
    reason: 'erasing personal data, in the transaction of person.erased',
  },
  {
    file: 'modules/referenda/referendum-setup.service.ts',
    writes: 1,
    kind: 'audited',
    reason: 'referendum census rows, in the transaction of referendum_census.imported',
  },
  {
    file: 'modules/referenda/referendum.service.ts',
    writes: 2,
    kind: 'anonymous-vote',
    reason: 'referendum ballots and participation marks',
  },
  {
    file: 'modules/webhooks/webhook-worker.ts',
    writes: 3,
    kind: 'bookkeeping',
    reason: 'claiming, sending and retrying webhook deliveries',
  },
  {
    file: 'modules/webhooks/webhook.service.ts',
    writes: 1,
    kind: 'audited',
    reason:
      'failing the pending deliveries of a disabled webhook, in the transaction of webhook.disabled',
  },
  {
    file: 'platform/sqlite-write-lock.ts',
    writes: 1,
    kind: 'bookkeeping',
    reason: 'a delete that matches no row, which takes the SQLite write lock in a transaction',
  },
  {
    file: 'platform/audit/audit.ts',
    writes: 3,
    kind: 'bookkeeping',
    reason: 'the audit chain itself: each entry and the chain head',
  },
];
