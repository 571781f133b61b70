import type { EntityManager } from '@mikro-orm/core';
import { BallotItem } from '../budget/ballot.entity';
import { ProposalDecision } from '../budget/proposal.entity';
import { CaseTimelineEntry } from '../cases/case-timeline-entry.entity';
import { CaseAttachment, EmailOutboxMessage } from '../email/email.entities';
import type { PersonRecords } from './person-records';

/** JSON value of an export; dates are ISO 8601 strings. */
export type ExportValue =
  string | number | boolean | null | ExportValue[] | { [key: string]: ExportValue };

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

async function exportCases(em: EntityManager, records: PersonRecords): Promise<ExportValue[]> {
  const cases = records.reportedCases;
  if (cases.length === 0) {
    return [];
  }
  const caseIds = cases.map((serviceCase) => serviceCase.id);
  // Staff INTERNAL notes are the city's working notes, so the export has the public timeline
  // plus the resident's own entries.
  const timeline = await em.find(
    CaseTimelineEntry,
    { serviceCase: { $in: caseIds }, $or: [{ visibility: 'PUBLIC' }, { actor: 'RESIDENT' }] },
    { orderBy: { position: 'asc' } },
  );
  const attachments = await em.find(
    CaseAttachment,
    { serviceCase: { $in: caseIds } },
    { orderBy: { createdAt: 'asc' } },
  );

  return cases.map((serviceCase) => {
    const open311 = records.open311Requests.find(
      (request) => request.serviceCase.id === serviceCase.id,
    );

    return {
      id: serviceCase.id,
      number: serviceCase.number,
      category: serviceCase.category.name,
      channel: serviceCase.channel,
      status: serviceCase.status,
      createdAt: iso(serviceCase.createdAt),
      closedAt: iso(serviceCase.closedAt),
      latitude: serviceCase.latitude ?? null,
      longitude: serviceCase.longitude ?? null,
      description: serviceCase.description ?? null,
      open311: open311
        ? {
            addressString: open311.addressString ?? null,
            addressId: open311.addressId ?? null,
            mediaUrl: open311.mediaUrl ?? null,
            answers: open311.answers as ExportValue,
          }
        : null,
      attachments: attachments
        .filter((attachment) => attachment.serviceCase.id === serviceCase.id)
        .map((attachment) => ({
          fileName: attachment.fileName,
          contentType: attachment.contentType,
          size: attachment.size,
          sha256: attachment.sha256,
          createdAt: iso(attachment.createdAt),
        })),
      timeline: timeline
        .filter((entry) => entry.serviceCase.id === serviceCase.id)
        .map((entry) => ({
          createdAt: iso(entry.createdAt),
          kind: entry.kind,
          actor: entry.actor,
          fromStatus: entry.fromStatus ?? null,
          toStatus: entry.toStatus ?? null,
          closeReason: entry.closeReason ?? null,
          note: entry.note ?? null,
        })),
    };
  });
}

async function exportNotifications(
  em: EntityManager,
  records: PersonRecords,
): Promise<ExportValue[]> {
  if (records.contacts.length === 0) {
    return [];
  }
  const messages = await em.find(
    EmailOutboxMessage,
    { contact: { $in: records.contacts.map((contact) => contact.id) } },
    { populate: ['contact.serviceCase'], orderBy: { createdAt: 'asc' } },
  );

  return messages.map((message) => ({
    caseNumber: message.contact.serviceCase.number,
    to: message.contact.address,
    subject: message.subject,
    text: message.text,
    createdAt: iso(message.createdAt),
    sentAt: iso(message.sentAt),
  }));
}

async function exportProposals(em: EntityManager, records: PersonRecords): Promise<ExportValue[]> {
  if (records.proposals.length === 0) {
    return [];
  }
  const decisions = await em.find(
    ProposalDecision,
    { proposal: { $in: records.proposals.map((proposal) => proposal.id) } },
    { orderBy: { sequence: 'asc' } },
  );

  return records.proposals.map((proposal) => ({
    id: proposal.id,
    budgetEdition: proposal.edition.name,
    number: proposal.number,
    title: proposal.title,
    description: proposal.description,
    estimatedCost: proposal.estimatedCost,
    category: proposal.category,
    district: proposal.district ?? null,
    latitude: proposal.latitude ?? null,
    longitude: proposal.longitude ?? null,
    status: proposal.status,
    appealText: proposal.appealText ?? null,
    submittedAt: iso(proposal.submittedAt),
    decisions: decisions
      .filter((decision) => decision.proposal.id === proposal.id)
      .map((decision) => ({
        kind: decision.kind,
        department: decision.department ?? null,
        reason: decision.reason ?? null,
        cost: decision.cost ?? null,
        decidedAt: iso(decision.decidedAt),
      })),
  }));
}

async function exportBallots(em: EntityManager, records: PersonRecords): Promise<ExportValue[]> {
  if (records.ballots.length === 0) {
    return [];
  }
  const items = await em.find(
    BallotItem,
    { ballot: { $in: records.ballots.map((ballot) => ballot.id) } },
    { populate: ['project'], orderBy: { position: 'asc' } },
  );

  return records.ballots.map((ballot) => ({
    budgetEdition: ballot.edition.id,
    channel: ballot.channel,
    items: items
      .filter((item) => item.ballot.id === ballot.id)
      .map((item) => ({ project: item.project.name, points: item.points })),
  }));
}

/**
 * Builds the JSON export of one person's records: the account, the cases they reported with the
 * timeline they can see, the e-mails sent to them, and what they wrote or cast in budgets and
 * consultations. Referendum ballots are secret and linked to no one, so only the fact of voting
 * is included.
 */
export async function buildPersonalDataExport(
  em: EntityManager,
  records: PersonRecords,
): Promise<Record<string, ExportValue>> {
  const account = records.account;

  return {
    exportedAt: new Date().toISOString(),
    account: account
      ? {
          id: account.id,
          roles: [...account.roles],
          verificationLevel: account.verificationLevel ?? null,
          departmentId: account.departmentId ?? null,
          createdAt: iso(account.createdAt),
          disabledAt: iso(account.disabledAt),
          erasedAt: iso(account.erasedAt),
          sessions: records.sessions.map((session) => ({
            createdAt: iso(session.createdAt),
            expiresAt: iso(session.expiresAt),
            revokedAt: iso(session.revokedAt),
          })),
        }
      : null,
    reportedCases: await exportCases(em, records),
    notifications: await exportNotifications(em, records),
    caseSupports: records.supports.map((support) => ({
      caseNumber: support.serviceCase.number,
      createdAt: iso(support.createdAt),
    })),
    budgetProposals: await exportProposals(em, records),
    budgetBallots: await exportBallots(em, records),
    budgetVotes: records.budgetVoters.map((voter) => ({ budgetEdition: voter.edition.id })),
    budgetVoterRegisters: records.budgetRegisterEntries.map((entry) => ({
      budgetProcess: entry.process.id,
      birthDate: entry.birthDate,
      district: entry.district ?? null,
    })),
    consultationRegister: records.participantRegisterEntry
      ? {
          district: records.participantRegisterEntry.district,
          registeredAt: iso(records.participantRegisterEntry.registeredAt),
        }
      : null,
    questionnaireSubmissions: records.submissions.map((submission) => ({
      consultation: submission.consultation.id,
      district: submission.district ?? null,
      answers: submission.answers as ExportValue,
      submittedAt: iso(submission.submittedAt),
      updatedAt: iso(submission.updatedAt),
    })),
    statements: records.statements.map((statement) => ({
      consultation: statement.consultation.id,
      code: statement.code,
      text: statement.text,
      moderation: statement.moderation,
      createdAt: iso(statement.createdAt),
    })),
    statementVotes: records.statementVotes.map((vote) => ({
      consultation: vote.statement.consultation.id,
      statement: vote.statement.code,
      value: vote.value,
      updatedAt: iso(vote.updatedAt),
    })),
    referendumParticipations: records.referendumParticipations.map((participation) => ({
      referendum: participation.referendum.id,
    })),
    referendumRegisters: records.referendumEligibility.map((entry) => ({
      referendum: entry.referendum.id,
      district: entry.district,
    })),
  };
}
