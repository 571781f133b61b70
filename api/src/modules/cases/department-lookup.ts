import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { isRecordId } from '../../platform/ids';
import { Department } from './department.entity';

/** Maximum length of a department code, as the `code` column stores it. */
const MAX_CODE_LENGTH = 120;

/**
 * Returns the filter that finds a department by code (such as `roads`) or by id, the two forms
 * that accounts and case assignments accept, or null for a value that no department can have.
 * Only a UUID is compared with the id column, and a value with control characters is never
 * sent, because PostgreSQL rejects a malformed uuid and a NUL character in text.
 */
export function departmentCodeOrIdFilter(value: string): FilterQuery<Department> | null {
  if (value === '' || value.length > MAX_CODE_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) {
    return null;
  }

  return isRecordId(value) ? { $or: [{ id: value }, { code: value }] } : { code: value };
}

/** Builds the payload error for a department code or id that matches no department. */
export function departmentNotFound(value: string, field: string[]): UserError {
  return userError(
    'DEPARTMENT_NOT_FOUND',
    `No department has code or id ${JSON.stringify(value.slice(0, 100))}: give the code or id of an existing department, as the departments query lists them, or create the department first.`,
    field,
  );
}

/** Result of `lockDepartmentForCase`: the department, or why there is none to use. */
export type DepartmentLookup =
  | { department: Department; problem: null }
  | { department: null; problem: 'not-found' | 'other-jurisdiction' };

/**
 * Finds the department named by `value` (a code or an id) in the jurisdiction `jurisdictionId`,
 * reading the row again from the database inside the caller's transaction. On PostgreSQL the row
 * is locked with `for share`, so a concurrent delete or change of the department waits until the
 * caller commits. SQLite has no row locks, so the caller takes the database's write lock with
 * `lockSqliteForWrite` before its first read, and no other connection writes until it commits.
 * Department codes are unique per jurisdiction only, so a code is looked up in the case's
 * jurisdiction. A code or id that exists only in another jurisdiction returns
 * `other-jurisdiction`.
 */
export async function lockDepartmentForCase(
  tx: EntityManager,
  value: string,
  jurisdictionId: string,
): Promise<DepartmentLookup> {
  const filter = departmentCodeOrIdFilter(value.trim());
  if (!filter) {
    return { department: null, problem: 'not-found' };
  }
  const lockMode =
    tx.getPlatform() instanceof PostgreSqlPlatform ? LockMode.PESSIMISTIC_READ : undefined;
  const department = await tx.findOne(
    Department,
    { $and: [filter, { jurisdiction: jurisdictionId }] },
    { lockMode, refresh: true },
  );
  if (department) {
    return { department, problem: null };
  }
  const elsewhere = await tx.count(Department, filter);

  return { department: null, problem: elsewhere > 0 ? 'other-jurisdiction' : 'not-found' };
}
