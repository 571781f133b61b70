import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { appendAudit } from '../../platform/audit/audit';
import type { Viewer } from '../../platform/auth/viewer';
import type { Config } from '../../platform/config';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { isOidcAccountId, isRecordId, personIdProblem, invalidPersonId } from '../../platform/ids';
import { Account } from '../accounts/account.entity';
import {
  activeAdministratorIds,
  isOnlyAdministrator,
  lastAdministratorError,
  loginHash,
  residentIdHash,
} from '../accounts/account.service';
import { erasePersonRecords, type ErasureCounts } from './erasure';
import { findPersonRecords, type PersonIdentifiers } from './person-records';
import { buildPersonalDataExport, type ExportValue } from './personal-data-export';

/** The person a request names, as the client sent it. */
export type PersonRequest = {
  accountId?: string | null;
  residentId?: string | null;
  emailAddresses?: string[] | null;
  phoneNumbers?: string[] | null;
};

/** Maximum number of e-mail addresses or of phone numbers in one request. */
export const MAX_PERSON_CONTACTS = 20;

/** Text a request to erase must carry, so no client erases a person by accident. */
export const ERASURE_CONFIRMATION = 'ERASE';

/** Reports whether `value` has the shape of a viewer id: a local account's UUID or an OIDC id. */
function isAccountId(value: string): boolean {
  return isRecordId(value) || isOidcAccountId(value);
}

type Resolved = { ok: true; person: PersonIdentifiers } | { ok: false; errors: UserError[] };

function listProblems(request: PersonRequest): UserError[] {
  const problems: UserError[] = [];
  for (const field of ['emailAddresses', 'phoneNumbers'] as const) {
    const values = request[field] ?? [];
    if (values.length > MAX_PERSON_CONTACTS) {
      problems.push(
        userError(
          'TOO_MANY_VALUES',
          `${field} has ${values.length} values: give at most ${MAX_PERSON_CONTACTS}.`,
          [field],
        ),
      );
    }
    if (values.some((value) => value.trim() === '' || value.length > 320)) {
      problems.push(
        userError('INVALID_CONTACT', `Every value of ${field} must have 1 to 320 characters.`, [
          field,
        ]),
      );
    }
  }
  if (request.accountId && !isAccountId(request.accountId)) {
    problems.push(
      userError(
        'INVALID_ACCOUNT_ID',
        'accountId must be the id of a local account (a UUID) or of an OIDC account (oidc: and 43 characters), as the viewer query returns it; name a person by residentId, emailAddresses or phoneNumbers instead.',
        ['accountId'],
      ),
    );
  }
  const residentProblem = request.residentId ? personIdProblem(request.residentId) : null;
  if (residentProblem) {
    problems.push(invalidPersonId('residentId', residentProblem));
  }

  return problems;
}

/**
 * Checks that a resident names only identifiers bound to their own account: the account itself,
 * the resident id an administrator linked to it, and the e-mail address it signs in with. Phone
 * numbers cannot be checked, so only an administrator may name them.
 */
async function resolveOwnIdentifiers(
  em: EntityManager,
  config: Pick<Config, 'hashKey'>,
  viewer: Viewer,
  request: PersonRequest,
): Promise<Resolved> {
  const errors: UserError[] = [];
  if (request.accountId && request.accountId !== viewer.id) {
    errors.push(
      userError(
        'NOT_YOUR_ACCOUNT',
        'A resident may name only their own account: leave accountId empty.',
        ['accountId'],
      ),
    );
  }
  if ((request.phoneNumbers ?? []).length > 0) {
    errors.push(
      userError(
        'PHONE_NOT_VERIFIABLE',
        'Phone numbers are not linked to accounts: ask an administrator to include them.',
        ['phoneNumbers'],
      ),
    );
  }
  const account =
    viewer.id && isRecordId(viewer.id) ? await em.findOne(Account, { id: viewer.id }) : null;
  if (
    request.residentId &&
    (!account?.residentIdHash ||
      account.residentIdHash !== residentIdHash(config, request.residentId))
  ) {
    errors.push(
      userError(
        'NOT_YOUR_RESIDENT_ID',
        'This resident id is not linked to your account: ask an administrator to link it.',
        ['residentId'],
      ),
    );
  }
  for (const address of request.emailAddresses ?? []) {
    if (!account || account.loginHash !== loginHash(config, address)) {
      errors.push(
        userError(
          'NOT_YOUR_EMAIL',
          'Only the e-mail address you sign in with can be named: ask an administrator for other addresses.',
          ['emailAddresses'],
        ),
      );
      break;
    }
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }

  return {
    ok: true,
    person: {
      accountId: viewer.id,
      residentId: request.residentId ?? null,
      emailAddresses: request.emailAddresses ?? [],
      phoneNumbers: [],
    },
  };
}

/**
 * Turns a request into the identifiers of one person. An administrator may name anyone, acting
 * on the person's request; any other viewer may name only themselves.
 */
export async function resolvePerson(
  em: EntityManager,
  config: Pick<Config, 'hashKey'>,
  viewer: Viewer,
  request: PersonRequest,
): Promise<Resolved> {
  const problems = listProblems(request);
  if (problems.length > 0) {
    return { ok: false, errors: problems };
  }
  if (!viewer.roles.includes('ADMINISTRATOR')) {
    return resolveOwnIdentifiers(em, config, viewer, request);
  }
  const person: PersonIdentifiers = {
    accountId: request.accountId ?? null,
    residentId: request.residentId ?? null,
    emailAddresses: request.emailAddresses ?? [],
    phoneNumbers: request.phoneNumbers ?? [],
  };
  const named =
    person.accountId ||
    person.residentId ||
    person.emailAddresses.length > 0 ||
    person.phoneNumbers.length > 0;
  if (!named) {
    return {
      ok: false,
      errors: [
        userError(
          'PERSON_REQUIRED',
          'Name the person: give accountId, residentId, emailAddresses or phoneNumbers.',
          ['person'],
        ),
      ],
    };
  }
  if (
    person.accountId &&
    isRecordId(person.accountId) &&
    !(await em.findOne(Account, { id: person.accountId }))
  ) {
    return {
      ok: false,
      errors: [userError('NOT_FOUND', `No account has id ${person.accountId}.`, ['accountId'])],
    };
  }

  return { ok: true, person };
}

/** Returns the audit subject of a person: their account id, or a new id for a person without one. */
function auditSubject(person: PersonIdentifiers): { subjectType: string; subjectId: string } {
  return person.accountId
    ? { subjectType: 'account', subjectId: person.accountId }
    : { subjectType: 'person', subjectId: randomUUID() };
}

/**
 * Builds the export of one person's data and appends `person.exported` to the audit log in the
 * same transaction, so no export goes unrecorded.
 */
export async function exportPersonalData(
  em: EntityManager,
  config: Pick<Config, 'hashKey'>,
  viewer: Viewer,
  request: PersonRequest,
): Promise<{ data: Record<string, ExportValue> | null; errors: UserError[] }> {
  return em.transactional(async (tx) => {
    const resolved = await resolvePerson(tx, config, viewer, request);
    if (!resolved.ok) {
      return { data: null, errors: resolved.errors };
    }
    const records = await findPersonRecords(tx, config, resolved.person);
    const data = await buildPersonalDataExport(tx, records);
    await appendAudit(tx, {
      action: 'person.exported',
      actorId: viewer.id,
      ...auditSubject(resolved.person),
      details: {
        cases: records.reportedCases.length,
        proposals: records.proposals.length,
        submissions: records.submissions.length,
        statements: records.statements.length,
      },
    });

    return { data, errors: [] };
  });
}

/**
 * Erases one person's personal data in one transaction: either every change and its audit entry
 * are stored, or none. It rejects erasing the last enabled administrator with LAST_ADMINISTRATOR.
 */
export async function erasePersonalData(
  em: EntityManager,
  config: Pick<Config, 'hashKey'>,
  viewer: Viewer,
  request: PersonRequest & { confirmation: string },
): Promise<{ counts: ErasureCounts | null; errors: UserError[] }> {
  if (request.confirmation !== ERASURE_CONFIRMATION) {
    return {
      counts: null,
      errors: [
        userError(
          'CONFIRMATION_REQUIRED',
          `Erasure cannot be undone: set confirmation to ${ERASURE_CONFIRMATION} to go ahead.`,
          ['confirmation'],
        ),
      ],
    };
  }

  return em.transactional(async (tx) => {
    const resolved = await resolvePerson(tx, config, viewer, request);
    if (!resolved.ok) {
      return { counts: null, errors: resolved.errors };
    }
    const records = await findPersonRecords(tx, config, resolved.person);
    // Erasure disables the account, so it is rejected for the last enabled administrator.
    if (records.account && !records.account.disabledAt) {
      const administratorIds = await activeAdministratorIds(tx);
      if (isOnlyAdministrator(administratorIds, records.account.id)) {
        return { counts: null, errors: [lastAdministratorError(records.account.id, ['accountId'])] };
      }
    }
    const counts = await erasePersonRecords(tx, records, {
      actorId: viewer.id,
      ...auditSubject(resolved.person),
    });

    return { counts, errors: [] };
  });
}
