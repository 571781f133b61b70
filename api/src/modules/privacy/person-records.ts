import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../../platform/config';
import { hashIdentifier } from '../../platform/identity';
import { isRecordId } from '../../platform/ids';
import { Account, AccountSession } from '../accounts/account.entity';
import { Ballot, BallotVoter } from '../budget/ballot.entity';
import { BudgetEdition } from '../budget/budget-edition.entity';
import { BudgetProcess } from '../budget/budget-process.entity';
import { BudgetService } from '../budget/budget.service';
import { BudgetProposal } from '../budget/proposal.entity';
import { ProposalService } from '../budget/proposal.service';
import { VoterRegisterEntry } from '../budget/voter-register.entity';
import { ServiceCase } from '../cases/case.entity';
import { Consultation } from '../consultations/consultation.entity';
import { participantHash } from '../consultations/consultation.service';
import { RegisteredParticipant } from '../consultations/participant-register.entity';
import { registerHash } from '../consultations/participation';
import { QuestionnaireSubmission } from '../consultations/questionnaire-submission.entity';
import { Statement } from '../consultations/statement.entity';
import { StatementVote, StatementVoteEvent } from '../consultations/statement-vote.entity';
import { CaseSupport } from '../duplicates/case-support.entity';
import { supporterHash } from '../duplicates/duplicate.service';
import { CaseContact } from '../email/email.entities';
import { Open311Request } from '../open311/open311-request.entity';
import {
  Referendum,
  ReferendumEligibleVoter,
  ReferendumParticipation,
} from '../referenda/referendum.entity';
import { referendumVoterHash } from '../referenda/referendum.service';

/**
 * The identifiers under which the modules keep one person's records. Modules store most of them
 * only as keyed hashes, so finding the records needs the raw values.
 */
export type PersonIdentifiers = {
  /** Local account id, or the `oidc:` viewer id of an OIDC account. */
  accountId: string | null;
  /** Id from the city's register, used as participant, submitter and voter id. */
  residentId: string | null;
  /** Addresses the person wrote from, by e-mail or through Open311. */
  emailAddresses: string[];
  /** Phone numbers the person gave through Open311. */
  phoneNumbers: string[];
};

/** Every stored record that belongs to one person, loaded into one entity manager. */
export type PersonRecords = {
  account: Account | null;
  sessions: AccountSession[];
  supports: CaseSupport[];
  contacts: CaseContact[];
  open311Requests: Open311Request[];
  /**
   * Cases the person reported through e-mail, Open311 or, signed in to their account, through
   * GraphQL, oldest first.
   */
  reportedCases: ServiceCase[];
  proposals: BudgetProposal[];
  submissions: QuestionnaireSubmission[];
  statements: Statement[];
  statementVotes: StatementVote[];
  statementVoteEvents: StatementVoteEvent[];
  ballots: Ballot[];
  budgetVoters: BallotVoter[];
  budgetRegisterEntries: VoterRegisterEntry[];
  participantRegisterEntry: RegisteredParticipant | null;
  referendumParticipations: ReferendumParticipation[];
  referendumEligibility: ReferendumEligibleVoter[];
};

/** Normalises an e-mail address the way e-mail intake and Open311 do before hashing it. */
function normalizeEmail(address: string): string {
  return address.trim().toLowerCase();
}

/** Returns the keyed hashes of `values` in `namespace`, or null when there are none. */
function hashesOf(hashKey: string, namespace: string, values: string[]): string[] | null {
  return values.length > 0
    ? values.map((value) => hashIdentifier(hashKey, namespace, value))
    : null;
}

async function findResidentRecords(em: EntityManager, hashKey: string, residentId: string) {
  const consultations = await em.find(Consultation, {}, { fields: ['id'] });
  const participantHashes = consultations.map((consultation) =>
    participantHash(hashKey, consultation.id, residentId),
  );
  const editions = await em.find(BudgetEdition, {}, { fields: ['id'] });
  const processes = await em.find(BudgetProcess, {}, { fields: ['id'] });
  const referenda = await em.find(Referendum, {}, { fields: ['id'] });
  const budget = new BudgetService(em, { hashKey });
  const proposals = new ProposalService(em, { hashKey });
  const referendumHashes = referenda.map((referendum) =>
    referendumVoterHash(hashKey, referendum.id, residentId),
  );

  return {
    proposals: await em.find(
      BudgetProposal,
      {
        submitterHash: {
          $in: editions.map((edition) => proposals.submitterHash(edition.id, residentId)),
        },
      },
      { populate: ['edition'], orderBy: { submittedAt: 'asc' } },
    ),
    submissions: await em.find(
      QuestionnaireSubmission,
      { participantHash: { $in: participantHashes } },
      { orderBy: { submittedAt: 'asc' } },
    ),
    statements: await em.find(
      Statement,
      { authorHash: { $in: participantHashes } },
      { orderBy: { createdAt: 'asc' } },
    ),
    statementVotes: await em.find(
      StatementVote,
      { participantHash: { $in: participantHashes } },
      { populate: ['statement'], orderBy: { updatedAt: 'asc' } },
    ),
    statementVoteEvents: await em.find(
      StatementVoteEvent,
      { participantHash: { $in: participantHashes } },
      { populate: ['statement'], orderBy: { castAt: 'asc' } },
    ),
    ballots: await em.find(Ballot, {
      changeToken: { $in: editions.map((edition) => budget.ballotToken(edition.id, residentId)) },
    }),
    budgetVoters: await em.find(BallotVoter, {
      voterHash: { $in: editions.map((edition) => budget.voterHash(edition.id, residentId)) },
    }),
    budgetRegisterEntries: await em.find(VoterRegisterEntry, {
      personHash: { $in: processes.map((process) => budget.registerHash(process.id, residentId)) },
    }),
    participantRegisterEntry: await em.findOne(RegisteredParticipant, {
      residentHash: registerHash(hashKey, residentId),
    }),
    referendumParticipations: await em.find(ReferendumParticipation, {
      voterHash: { $in: referendumHashes },
    }),
    referendumEligibility: await em.find(ReferendumEligibleVoter, {
      voterHash: { $in: referendumHashes },
    }),
  };
}

/**
 * Loads every record of one person. The caller has checked that the identifiers belong to the
 * person; this function only looks them up.
 */
export async function findPersonRecords(
  em: EntityManager,
  config: Pick<Config, 'hashKey'>,
  person: PersonIdentifiers,
): Promise<PersonRecords> {
  const hashKey = config.hashKey;
  const emails = [...new Set(person.emailAddresses.map(normalizeEmail))];
  const phones = [...new Set(person.phoneNumbers.map((phone) => phone.trim()))];
  const account =
    person.accountId && isRecordId(person.accountId)
      ? await em.findOne(Account, { id: person.accountId })
      : null;

  const contactHashes = hashesOf(hashKey, 'email-sender', emails);
  const contacts = contactHashes
    ? await em.find(
        CaseContact,
        { addressHash: { $in: contactHashes } },
        { populate: ['serviceCase'] },
      )
    : [];
  const open311EmailHashes = hashesOf(hashKey, 'open311-email', emails);
  const open311PhoneHashes = hashesOf(hashKey, 'open311-phone', phones);
  const open311Filters = [
    ...(open311EmailHashes ? [{ emailHash: { $in: open311EmailHashes } }] : []),
    ...(open311PhoneHashes ? [{ phoneHash: { $in: open311PhoneHashes } }] : []),
  ];
  const open311Requests =
    open311Filters.length > 0
      ? await em.find(
          Open311Request,
          { $or: open311Filters },
          { populate: ['serviceCase', 'addressString', 'mediaUrl'] },
        )
      : [];
  const accountCases = person.accountId
    ? await em.find(ServiceCase, { reporterAccountId: person.accountId }, { fields: ['id'] })
    : [];
  const caseIds = [
    ...new Set([
      ...[...contacts, ...open311Requests].map((record) => record.serviceCase.id),
      ...accountCases.map((serviceCase) => serviceCase.id),
    ]),
  ];
  const reportedCases =
    caseIds.length > 0
      ? await em.find(
          ServiceCase,
          { id: { $in: caseIds } },
          { populate: ['description', 'category'], orderBy: { createdAt: 'asc', id: 'asc' } },
        )
      : [];

  const resident = person.residentId
    ? await findResidentRecords(em, hashKey, person.residentId)
    : {
        proposals: [],
        submissions: [],
        statements: [],
        statementVotes: [],
        statementVoteEvents: [],
        ballots: [],
        budgetVoters: [],
        budgetRegisterEntries: [],
        participantRegisterEntry: null,
        referendumParticipations: [],
        referendumEligibility: [],
      };

  return {
    account,
    sessions: account
      ? await em.find(AccountSession, { account }, { orderBy: { createdAt: 'asc' } })
      : [],
    supports: person.accountId
      ? await em.find(
          CaseSupport,
          { residentHash: supporterHash(hashKey, person.accountId) },
          { populate: ['serviceCase'], orderBy: { createdAt: 'asc' } },
        )
      : [],
    contacts,
    open311Requests,
    reportedCases,
    ...resident,
  };
}
