import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { AnswerSheet } from '@ratusz/shared';
import { appendAudit } from '../../platform/audit/audit';
import { AccountSession } from '../accounts/account.entity';
import { CaseTimelineEntry } from '../cases/case-timeline-entry.entity';
import { ServiceCase } from '../cases/case.entity';
import { Question } from '../consultations/question.entity';
import { CaseAttachment, CaseContact } from '../email/email.entities';
import type { PersonRecords } from './person-records';

/** Text stored in place of erased free text in columns that may not be empty. */
export const ERASED_TEXT = '[erased]';

/** Returns a random value in the shape of a keyed hash, which matches no identifier. */
function randomHash(): string {
  return randomBytes(32).toString('base64url');
}

/** Numbers of records an erasure changed, as recorded in the audit log. */
export type ErasureCounts = {
  cases: number;
  caseContacts: number;
  attachments: number;
  proposals: number;
  submissions: number;
  statements: number;
  supports: number;
  ballots: number;
};

/** Replaces the text answers of a submission, keeping choices, scales and rankings for the results. */
async function eraseTextAnswers(em: EntityManager, records: PersonRecords): Promise<void> {
  for (const submission of records.submissions) {
    const textQuestions = await em.find(
      Question,
      { consultation: submission.consultation, type: { $in: ['SHORT_TEXT', 'LONG_TEXT'] } },
      { fields: ['code'] },
    );
    const answers: AnswerSheet = { ...submission.answers };
    for (const question of textQuestions) {
      if (typeof answers[question.code] === 'string') {
        answers[question.code] = ERASED_TEXT;
      }
    }
    submission.answers = answers;
  }
}

/**
 * Erases one person's personal data inside the caller's transaction and appends
 * `person.erased` to the audit log in it.
 *
 * The account loses its login hash, password hash, resident link and sessions. It stays as a
 * disabled record, so audit entries that name its id still point at a record. Reported cases
 * lose their description, link to the reporting account, e-mail contact (with the e-mails queued
 * to it), attachments, resident notes and Open311 submitter details. The text of proposals, statements and text answers is
 * replaced, and so are the hashes that link proposals, statements, case support and ballots to
 * the person.
 *
 * Kept, so every count and tally stays the same: cases with their category, status and place,
 * proposals with their status and costs, choice answers, statement votes, ballots and their
 * items, and the keyed hashes in BallotVoter, ReferendumParticipation, the voter and participant
 * registers and questionnaire submissions, which stop a person from voting or answering twice.
 */
export async function erasePersonRecords(
  em: EntityManager,
  records: PersonRecords,
  audit: { actorId: string | null; subjectType: string; subjectId: string },
): Promise<ErasureCounts> {
  const now = new Date();
  const account = records.account;
  if (account) {
    account.loginHash = randomHash();
    account.passwordHash = `erased:${randomHash()}`;
    account.residentIdHash = null;
    account.verificationLevel = null;
    account.disabledAt ??= now;
    account.erasedAt = now;
    await em.nativeDelete(AccountSession, { account });
  }
  for (const support of records.supports) {
    support.residentHash = randomHash();
  }

  const caseIds = records.reportedCases.map((serviceCase) => serviceCase.id);
  let attachments = 0;
  if (caseIds.length > 0) {
    await em.nativeUpdate(
      ServiceCase,
      { id: { $in: caseIds } },
      { description: null, reporterAccountId: null },
    );
    await em.nativeUpdate(
      CaseTimelineEntry,
      { serviceCase: { $in: caseIds }, actor: 'RESIDENT', note: { $ne: null } },
      { note: ERASED_TEXT },
    );
    attachments = await em.nativeDelete(CaseAttachment, { serviceCase: { $in: caseIds } });
  }
  // Deleting a contact also deletes the e-mails queued for it (foreign key on delete cascade).
  if (records.contacts.length > 0) {
    await em.nativeDelete(CaseContact, {
      id: { $in: records.contacts.map((contact) => contact.id) },
    });
  }
  for (const request of records.open311Requests) {
    request.addressString = null;
    request.addressId = null;
    request.mediaUrl = null;
    request.answers = {};
    request.emailHash = null;
    request.phoneHash = null;
    request.deviceIdHash = null;
    request.accountIdHash = null;
  }

  for (const proposal of records.proposals) {
    proposal.title = ERASED_TEXT;
    proposal.description = ERASED_TEXT;
    proposal.appealText =
      proposal.appealText === null || proposal.appealText === undefined ? null : ERASED_TEXT;
    proposal.submitterHash = randomHash();
  }
  for (const statement of records.statements) {
    statement.text = ERASED_TEXT;
    statement.authorHash = null;
  }
  await eraseTextAnswers(em, records);
  for (const ballot of records.ballots) {
    ballot.changeToken = null;
  }
  await em.flush();

  const counts: ErasureCounts = {
    cases: caseIds.length,
    caseContacts: records.contacts.length,
    attachments,
    proposals: records.proposals.length,
    submissions: records.submissions.length,
    statements: records.statements.length,
    supports: records.supports.length,
    ballots: records.ballots.length,
  };
  await appendAudit(em, {
    action: 'person.erased',
    ...audit,
    details: counts,
  });

  return counts;
}
