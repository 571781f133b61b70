import { createHash, randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { EntityManager } from '@mikro-orm/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { isRole, STAFF_ROLES, VERIFICATION_LEVELS, type Role, type VerificationLevel } from '@ratusz/shared';
import { appendAudit } from '../../platform/audit/audit';
import { viewerRoles, type Viewer } from '../../platform/auth/viewer';
import type { Config } from '../../platform/config';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { hashIdentifier } from '../../platform/identity';
import { invalidPersonId, personIdProblem } from '../../platform/ids';
import { Department } from '../cases/department.entity';
import { departmentCodeOrIdFilter, departmentNotFound } from '../cases/department-lookup';
import { Account, AccountSession } from './account.entity';

/**
 * Argon2id parameters: 19 MiB of memory, 2 passes, 1 lane (the defaults of @node-rs/argon2
 * 2.2.1, stated here so an upgrade cannot weaken them). One hash took about 200 ms on the shared
 * 2-core Xeon used for development, measured while tests were running.
 */
export const PASSWORD_HASH_OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Shortest accepted password, in characters. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest accepted password, in characters, so hashing cannot be made arbitrarily slow. */
export const MAX_PASSWORD_LENGTH = 256;
/** Longest accepted login name, in characters (the maximum length of an e-mail address). */
export const MAX_LOGIN_LENGTH = 254;

/** Prefix that marks a Ratusz session token, so it is never mistaken for a JWT. */
export const SESSION_TOKEN_PREFIX = 'rzs_';

/** Roles whose accounts must name a department. */
const DEPARTMENT_ROLES: readonly Role[] = ['AGENT', 'DEPARTMENT_MANAGER'];

/** Normalises a login name so `Ana@City.example` and ` ana@city.example` sign in alike. */
export function normalizeLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

/** Returns the keyed hash under which a login name is stored. */
export function loginHash(config: Pick<Config, 'hashKey'>, login: string): string {
  return hashIdentifier(config.hashKey, 'account-login', normalizeLogin(login));
}

/**
 * Returns the keyed hash under which an account stores its linked resident id. Modules hash the
 * id exactly as given, so it is not normalised here either.
 */
export function residentIdHash(config: Pick<Config, 'hashKey'>, residentId: string): string {
  return hashIdentifier(config.hashKey, 'account-resident', residentId);
}

/** Returns the hex SHA-256 of a session token. Tokens carry 256 random bits, so no salt is needed. */
export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Input for a new account, from an administrator or the `account` command. */
export type NewAccount = {
  login: string;
  password: string;
  roles: string[];
  verificationLevel?: string | null;
  departmentId?: string | null;
  /** Resident id from the city's register, linked so the resident can export or erase their data. */
  residentId?: string | null;
};

/** Returns the problems of a set of roles and of the department that some of them need. */
function roleProblems(roles: readonly string[], departmentId: string | null | undefined): UserError[] {
  const problems: UserError[] = [];
  const unknownRoles = roles.filter((role) => !isRole(role) || role === 'PUBLIC');
  if (roles.length === 0 || unknownRoles.length > 0) {
    problems.push(
      userError(
        'INVALID_ROLES',
        `Roles ${JSON.stringify(roles)} are invalid: give one or more of RESIDENT, ${STAFF_ROLES.join(', ')}.`,
        ['roles'],
      ),
    );
  }
  const needsDepartment = roles.some((role) => DEPARTMENT_ROLES.includes(role as Role));
  if (needsDepartment && !departmentId?.trim()) {
    problems.push(userError('DEPARTMENT_REQUIRED', `Accounts with role ${DEPARTMENT_ROLES.join(' or ')} need a department id.`, ['departmentId']));
  }

  return problems;
}

/**
 * Returns an error when `departmentId` matches no department by code or by id, the two forms
 * that case access accepts, or null when it matches one or is empty.
 */
async function departmentProblem(em: EntityManager, departmentId: string | null | undefined): Promise<UserError | null> {
  const value = departmentId?.trim();
  if (!value) {
    return null;
  }
  const filter = departmentCodeOrIdFilter(value);
  if (filter && (await em.count(Department, filter)) > 0) {
    return null;
  }

  return departmentNotFound(value, ['departmentId']);
}

function newAccountProblems(input: NewAccount): UserError[] {
  const problems: UserError[] = [];
  const login = normalizeLogin(input.login);
  if (login.length < 3 || login.length > MAX_LOGIN_LENGTH || /[\s\u0000-\u001f]/.test(login)) {
    problems.push(
      userError('INVALID_LOGIN', `The login must be 3 to ${MAX_LOGIN_LENGTH} characters without spaces, such as an e-mail address.`, ['login']),
    );
  }
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
    problems.push(
      userError('WEAK_PASSWORD', `The password has ${input.password.length} characters: use ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH}.`, ['password']),
    );
  }
  problems.push(...roleProblems(input.roles, input.departmentId));
  if (input.verificationLevel && !(VERIFICATION_LEVELS as readonly string[]).includes(input.verificationLevel)) {
    problems.push(
      userError('INVALID_VERIFICATION_LEVEL', `Verification level ${JSON.stringify(input.verificationLevel)} is invalid: use ${VERIFICATION_LEVELS.join(', ')}.`, [
        'verificationLevel',
      ]),
    );
  }

  const residentIdProblem = input.residentId ? personIdProblem(input.residentId) : null;
  if (residentIdProblem) {
    problems.push(invalidPersonId('residentId', residentIdProblem));
  }

  return problems;
}

/**
 * Creates a local account and records `account.created` in the audit trail in the same
 * transaction. `actorId` is the creating administrator, or null for the command-line tool.
 */
export async function createAccount(
  em: EntityManager,
  config: Pick<Config, 'hashKey'>,
  input: NewAccount,
  actorId: string | null,
): Promise<{ account: Account | null; errors: UserError[] }> {
  const problems = newAccountProblems(input);
  const unknownDepartment = await departmentProblem(em, input.departmentId);
  if (unknownDepartment) {
    problems.push(unknownDepartment);
  }
  if (problems.length > 0) {
    return { account: null, errors: problems };
  }

  const account = Object.assign(new Account(), {
    loginHash: loginHash(config, input.login),
    passwordHash: await hash(input.password, PASSWORD_HASH_OPTIONS),
    roles: [...new Set(input.roles as Role[])],
    verificationLevel: (input.verificationLevel ?? null) as VerificationLevel | null,
    departmentId: input.departmentId?.trim() || null,
    residentIdHash: input.residentId ? residentIdHash(config, input.residentId) : null,
  });
  try {
    await em.transactional(async (tx) => {
      tx.persist(account);
      await tx.flush();
      await appendAudit(tx, {
        action: 'account.created',
        actorId,
        subjectType: 'account',
        subjectId: account.id,
        details: { roles: account.roles.join('+'), departmentId: account.departmentId ?? null },
      });
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      return { account: null, errors: [userError('LOGIN_TAKEN', 'An account with this login already exists: choose another login.', ['login'])] };
    }
    throw error;
  }

  return { account, errors: [] };
}

/**
 * A hash of a random password, verified against when no account matches a login, so a failed
 * sign-in takes as long whether or not the login exists.
 */
let decoyHash: Promise<string> | undefined;

/** Outcome of a sign-in: a new session, or an error code for the client. */
export type SignInResult =
  | { ok: true; token: string; session: AccountSession }
  | { ok: false; error: UserError };

/**
 * Checks a login and password and opens a session of `config.sessionTtlHours`. Wrong login and
 * wrong password give the same error. Disabled accounts cannot sign in.
 */
export async function signIn(
  em: EntityManager,
  config: Pick<Config, 'hashKey' | 'sessionTtlHours'>,
  login: string,
  password: string,
): Promise<SignInResult> {
  const invalid = userError('INVALID_CREDENTIALS', 'The login or password is wrong: check both and try again.');
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { ok: false, error: invalid };
  }
  const account = await em.findOne(Account, { loginHash: loginHash(config, login) });
  if (!account) {
    decoyHash ??= hash(randomBytes(32).toString('hex'), PASSWORD_HASH_OPTIONS);
    await verify(await decoyHash, password);

    return { ok: false, error: invalid };
  }
  if (!(await verify(account.passwordHash, password)) || account.disabledAt) {
    await em.transactional((tx) =>
      appendAudit(tx, { action: 'account.sign_in_failed', actorId: null, subjectType: 'account', subjectId: account.id }),
    );

    return { ok: false, error: invalid };
  }

  const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const session = Object.assign(new AccountSession(), {
    account,
    tokenHash: sessionTokenHash(token),
    expiresAt: new Date(Date.now() + config.sessionTtlHours * 3_600_000),
  });
  await em.transactional(async (tx) => {
    tx.persist(session);
    await tx.flush();
    await appendAudit(tx, {
      action: 'session.created',
      actorId: account.id,
      subjectType: 'account_session',
      subjectId: session.id,
    });
  });

  return { ok: true, token, session };
}

/** Builds the viewer of a local account. */
export function accountViewer(account: Account, sessionId: string | null): Viewer {
  return {
    id: account.id,
    roles: viewerRoles(account.roles),
    verificationLevel: account.verificationLevel ?? null,
    departmentId: account.departmentId ?? null,
    sessionId,
    source: 'session',
  };
}

/** Returns the viewer of a session token, or null when the token is unknown, expired, revoked or its account disabled. */
export async function viewerForSessionToken(em: EntityManager, token: string): Promise<Viewer | null> {
  const session = await em.findOne(AccountSession, { tokenHash: sessionTokenHash(token) }, { populate: ['account'] });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now() || session.account.disabledAt) {
    return null;
  }

  return { ...accountViewer(session.account, session.id), expiresAt: session.expiresAt };
}

/** Revokes a session, so its token stops working at once. */
export async function revokeSession(em: EntityManager, sessionId: string, actorId: string | null): Promise<void> {
  await em.transactional(async (tx) => {
    const session = await tx.findOneOrFail(AccountSession, { id: sessionId });
    session.revokedAt ??= new Date();
    await tx.flush();
    await appendAudit(tx, { action: 'session.revoked', actorId, subjectType: 'account_session', subjectId: sessionId });
  });
}

/** Sets or clears an account's verification level and records who did it. */
export async function setVerificationLevel(
  em: EntityManager,
  accountId: string,
  level: VerificationLevel | null,
  actorId: string | null,
): Promise<Account | null> {
  return em.transactional(async (tx) => {
    const account = await tx.findOne(Account, { id: accountId });
    if (!account) {
      return null;
    }
    const previous = account.verificationLevel;
    account.verificationLevel = level;
    await tx.flush();
    await appendAudit(tx, {
      action: 'account.verification_changed',
      actorId,
      subjectType: 'account',
      subjectId: account.id,
      details: { from: previous ?? null, to: level },
    });

    return account;
  });
}

/** Outcome of `disableAccount`: the disabled account, or the reasons nothing changed. */
export type DisableAccountResult = { account: Account | null; errors: UserError[] };

/**
 * Disables the account with `login` and revokes its open sessions. It rejects disabling the last
 * enabled administrator, so the city cannot lock itself out.
 */
export async function disableAccount(
  em: EntityManager,
  config: Pick<Config, 'hashKey'>,
  login: string,
  actorId: string | null,
): Promise<DisableAccountResult> {
  return em.transactional(async (tx) => {
    // Locks the administrators before the account is read, in one order for every caller.
    const administratorIds = await activeAdministratorIds(tx);
    const account = await tx.findOne(Account, { loginHash: loginHash(config, login) });
    if (!account) {
      return { account: null, errors: [userError('NOT_FOUND', 'No account has this login: check the login.', ['login'])] };
    }
    if (isOnlyAdministrator(administratorIds, account.id)) {
      return { account: null, errors: [lastAdministratorError(account.id, ['login'])] };
    }
    const now = new Date();
    account.disabledAt ??= now;
    await tx.nativeUpdate(AccountSession, { account, revokedAt: null }, { revokedAt: now });
    await tx.flush();
    await appendAudit(tx, { action: 'account.disabled', actorId, subjectType: 'account', subjectId: account.id });

    return { account, errors: [] };
  });
}

/** Outcome of `setAccountRoles`: the changed account, or the reasons nothing changed. */
export type SetAccountRolesResult = { account: Account | null; errors: UserError[] };

/**
 * Returns the ids of the enabled accounts that hold ADMINISTRATOR. On PostgreSQL the rows stay
 * locked until the transaction ends, so two administrators who demote each other at once cannot
 * both pass the last-administrator check. SQLite serialises writers, so it needs no lock.
 */
export async function activeAdministratorIds(tx: EntityManager): Promise<string[]> {
  const postgres = tx.getPlatform() instanceof PostgreSqlPlatform;
  const sql = postgres
    ? `select id from account where disabled_at is null and roles @> '["ADMINISTRATOR"]'::jsonb order by id for update`
    : `select id from account where disabled_at is null
         and exists (select 1 from json_each(account.roles) where value = 'ADMINISTRATOR')
       order by id`;
  const rows: { id: string }[] = await tx.getConnection().execute(sql, [], 'all', tx.getTransactionContext());

  return rows.map((row) => String(row.id));
}

/** Reports whether `accountId` is the only id in `administratorIds`, from `activeAdministratorIds`. */
export function isOnlyAdministrator(administratorIds: readonly string[], accountId: string): boolean {
  return administratorIds.length === 1 && administratorIds[0] === accountId;
}

/**
 * Builds the LAST_ADMINISTRATOR error for a change that would leave no enabled administrator.
 * `alternative` names another way out besides giving ADMINISTRATOR to another account.
 */
export function lastAdministratorError(accountId: string, field: string[], alternative?: string): UserError {
  const fix = alternative ? `give ADMINISTRATOR to another account first, or ${alternative}` : 'give ADMINISTRATOR to another account first';

  return userError('LAST_ADMINISTRATOR', `Account ${accountId} is the last enabled administrator: ${fix}.`, field);
}

/**
 * Replaces an account's roles and department and records `account.roles_changed` in the same
 * transaction. It rejects a change that would leave no enabled account with ADMINISTRATOR.
 * Requests of the account get the new access at once, because each request loads its roles.
 */
export async function setAccountRoles(
  em: EntityManager,
  input: { accountId: string; roles: string[]; departmentId?: string | null },
  actorId: string | null,
): Promise<SetAccountRolesResult> {
  const problems = roleProblems(input.roles, input.departmentId);
  const unknownDepartment = await departmentProblem(em, input.departmentId);
  if (unknownDepartment) {
    problems.push(unknownDepartment);
  }
  if (problems.length > 0) {
    return { account: null, errors: problems };
  }
  const roles = [...new Set(input.roles as Role[])];
  const departmentId = input.departmentId?.trim() || null;

  return em.transactional(async (tx) => {
    // Locks the administrators before the account is read, in one order for every caller.
    const administratorIds = await activeAdministratorIds(tx);
    const account = await tx.findOne(Account, { id: input.accountId, erasedAt: null });
    if (!account) {
      return {
        account: null,
        errors: [userError('NOT_FOUND', `No account has id ${input.accountId}: check the id.`, ['accountId'])],
      };
    }
    const losesAdministrator = !roles.includes('ADMINISTRATOR');
    if (losesAdministrator && isOnlyAdministrator(administratorIds, account.id)) {
      return { account: null, errors: [lastAdministratorError(account.id, ['roles'], 'keep it in roles')] };
    }

    const previous = { roles: account.roles.join('+'), departmentId: account.departmentId ?? null };
    account.roles = roles;
    account.departmentId = departmentId;
    await tx.flush();
    await appendAudit(tx, {
      action: 'account.roles_changed',
      actorId,
      subjectType: 'account',
      subjectId: account.id,
      details: { fromRoles: previous.roles, toRoles: roles.join('+'), fromDepartmentId: previous.departmentId, toDepartmentId: departmentId },
    });

    return { account, errors: [] };
  });
}
