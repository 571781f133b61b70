import type { EntityManager } from '@mikro-orm/core';
import { appendAudit } from '../../platform/audit/audit';
import type { Viewer } from '../../platform/auth/viewer';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { toConnection, type Connection, type PageWindow } from '../../platform/graphql/connection';
import { isRecordId } from '../../platform/ids';
import { ServiceCase } from '../cases/case.entity';
import { Consultation } from '../consultations/consultation.entity';
import { Question } from '../consultations/question.entity';
import { QuestionnaireSubmission } from '../consultations/questionnaire-submission.entity';
import { CaseContact } from '../email/email.entities';
import { Open311Request } from '../open311/open311-request.entity';

/** Reasons a staff member gives for reading a resident's personal data, recorded with the read. */
export const PERSONAL_DATA_ACCESS_REASONS = [
  'CASE_HANDLING',
  'RESIDENT_REQUEST',
  'LEGAL_OBLIGATION',
  'AUDIT',
] as const;
export type PersonalDataAccessReason = (typeof PERSONAL_DATA_ACCESS_REASONS)[number];

/** One read of personal data: the record, and the fields whose values the reader received. */
export type PersonalDataRead = {
  subjectType: string;
  subjectId: string;
  fields: readonly string[];
  reason: PersonalDataAccessReason | null;
};

/**
 * Appends one `personal_data.read` entry per field to the audit log. Runs in the transaction of
 * the read, so a read whose entry cannot be written fails and returns nothing.
 */
export async function recordPersonalDataRead(
  tx: EntityManager,
  viewer: Viewer,
  read: PersonalDataRead,
): Promise<void> {
  for (const field of read.fields) {
    await appendAudit(tx, {
      action: 'personal_data.read',
      actorId: viewer.id,
      subjectType: read.subjectType,
      subjectId: read.subjectId,
      details: { field, reason: read.reason },
    });
  }
}

/** Details a resident gave when reporting a case: the free text, contact and Open311 details. */
export type CaseReporterDetails = {
  description: string | null;
  contactEmailAddresses: string[];
  addressString: string | null;
  mediaUrl: string | null;
};

/** Fields of `CaseReporterDetails`, as named in the audit log. */
export const CASE_REPORTER_FIELDS = [
  'description',
  'contactEmailAddresses',
  'addressString',
  'mediaUrl',
] as const;

/**
 * Returns the reporter details of a case to staff of the department whose queue contains the case,
 * and records the read of each field in the same transaction.
 */
export async function readCaseReporterDetails(
  em: EntityManager,
  viewer: Viewer,
  caseId: string,
  reason: PersonalDataAccessReason | null,
): Promise<{ details: CaseReporterDetails | null; errors: UserError[] }> {
  const notFound = {
    details: null,
    errors: [userError('NOT_FOUND', `No case has id ${caseId}.`, ['caseId'])],
  };
  if (!isRecordId(caseId)) {
    return notFound;
  }

  return em.transactional(async (tx) => {
    const serviceCase = await tx.findOne(
      ServiceCase,
      { id: caseId },
      { populate: ['description', 'department'] },
    );
    if (!serviceCase) {
      return notFound;
    }
    const department = serviceCase.department?.code ?? null;
    if (department === null || department !== viewer.departmentId) {
      return {
        details: null,
        errors: [
          userError(
            'NOT_YOUR_DEPARTMENT',
            `Case ${serviceCase.number} is in the queue of ${department ?? 'no department'}: only its staff may read the reporter details.`,
            ['caseId'],
          ),
        ],
      };
    }
    const contacts = await tx.find(CaseContact, { serviceCase }, { orderBy: { createdAt: 'asc' } });
    const open311 = await tx.findOne(
      Open311Request,
      { serviceCase },
      { populate: ['addressString', 'mediaUrl'] },
    );
    await recordPersonalDataRead(tx, viewer, {
      subjectType: 'service_case',
      subjectId: serviceCase.id,
      fields: CASE_REPORTER_FIELDS,
      reason,
    });

    return {
      details: {
        description: serviceCase.description ?? null,
        contactEmailAddresses: contacts.map((contact) => contact.address),
        addressString: open311?.addressString ?? null,
        mediaUrl: open311?.mediaUrl ?? null,
      },
      errors: [],
    };
  });
}

/** One submission's answer to a text question; `text` is null when the participant left it out. */
export type TextAnswer = { submissionId: string; text: string | null; submittedAt: Date };

/**
 * Returns one page of the submissions to a consultation with their answer to the text question
 * `questionCode`, and records the read of each answer given in the same transaction.
 */
export async function readTextAnswers(
  em: EntityManager,
  viewer: Viewer,
  input: { consultationId: string; questionCode: string; reason: PersonalDataAccessReason | null },
  window: PageWindow,
): Promise<{ answers: Connection<TextAnswer> | null; errors: UserError[] }> {
  const notFound = {
    answers: null,
    errors: [
      userError('NOT_FOUND', `No consultation has id ${input.consultationId}.`, ['consultationId']),
    ],
  };
  if (!isRecordId(input.consultationId)) {
    return notFound;
  }

  return em.transactional(async (tx) => {
    const consultation = await tx.findOne(Consultation, { id: input.consultationId });
    if (!consultation) {
      return notFound;
    }
    const question = await tx.findOne(Question, { consultation, code: input.questionCode });
    if (!question || (question.type !== 'SHORT_TEXT' && question.type !== 'LONG_TEXT')) {
      return {
        answers: null,
        errors: [
          userError(
            'NOT_A_TEXT_QUESTION',
            `Consultation ${consultation.id} has no SHORT_TEXT or LONG_TEXT question with code ${JSON.stringify(input.questionCode)}: pass the code of a text question.`,
            ['questionCode'],
          ),
        ],
      };
    }
    const [submissions, totalCount] = await tx.findAndCount(
      QuestionnaireSubmission,
      { consultation },
      { orderBy: { submittedAt: 'asc', id: 'asc' }, offset: window.offset, limit: window.limit },
    );
    const answers = submissions.map((submission) => {
      const value = submission.answers[question.code];

      return {
        submissionId: submission.id,
        text: typeof value === 'string' ? value : null,
        submittedAt: submission.submittedAt,
      };
    });
    for (const answer of answers.filter((candidate) => candidate.text !== null)) {
      await appendAudit(tx, {
        action: 'personal_data.read',
        actorId: viewer.id,
        subjectType: 'questionnaire_submission',
        subjectId: answer.submissionId,
        details: { field: 'answers', questionId: question.id, reason: input.reason },
      });
    }

    return { answers: toConnection(answers, window, totalCount), errors: [] };
  });
}
