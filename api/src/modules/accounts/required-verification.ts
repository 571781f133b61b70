import type { EntityManager } from '@mikro-orm/core';
import { meetsVerificationLevel, type VerificationLevel } from '@ratusz/shared';
import type { Viewer } from '../../platform/auth/viewer';
import type { Config } from '../../platform/config';
import { userError, type UserError } from '../../platform/graphql/user-error';
import { Account } from './account.entity';
import { residentIdHash } from './account.service';

/** A vote, ballot or answer that a process with a required verification level checks. */
export type VerifiedParticipation = {
  /** Subject of the messages, such as `This referendum`. */
  process: string;
  /** Minimum level the process requires. */
  required: VerificationLevel;
  /** Resident id the input carries, such as `voterId`. */
  personId: string;
  /** Input field of `personId`, for the error's `field`. */
  field: string;
};

/**
 * Checks that a participation comes from a signed-in RESIDENT account verified at
 * `required` or stronger, and that the input's person id is the resident id linked to that
 * account. Returns null when it does, otherwise a payload error: VERIFICATION_REQUIRED,
 * RESIDENT_ID_NOT_LINKED or RESIDENT_ID_MISMATCH.
 *
 * The account stores the linked id only as a keyed hash, so the caller still sends the id
 * and this compares the hashes. A viewer without an account row (OIDC tokens) has no link.
 */
export async function verifiedParticipationProblem(
  em: EntityManager,
  config: Pick<Config, 'hashKey'>,
  viewer: Viewer | undefined,
  participation: VerifiedParticipation,
): Promise<UserError | null> {
  const { process, required, personId, field } = participation;
  const howToVerify = `Sign in with a RESIDENT account and ask the city to verify it at ${required} or stronger.`;
  if (!viewer || viewer.id === null) {
    return userError(
      'VERIFICATION_REQUIRED',
      `${process} requires a resident account verified at ${required} or stronger, but the request is anonymous. ${howToVerify}`,
      [],
    );
  }
  if (!viewer.roles.includes('RESIDENT')) {
    return userError(
      'VERIFICATION_REQUIRED',
      `${process} requires a resident account verified at ${required} or stronger, but this account lacks the RESIDENT role. ${howToVerify}`,
      [],
    );
  }
  if (!meetsVerificationLevel(viewer.verificationLevel, required)) {
    const actual = viewer.verificationLevel ?? 'not verified';

    return userError(
      'VERIFICATION_REQUIRED',
      `${process} requires a resident account verified at ${required} or stronger, but this account is ${actual}. ${howToVerify}`,
      [],
    );
  }

  const account = viewer.source === 'session' ? await em.findOne(Account, { id: viewer.id }) : null;
  if (!account?.residentIdHash) {
    return userError(
      'RESIDENT_ID_NOT_LINKED',
      `${process} counts each resident once by the resident id linked to their account, but this account has none: ask an administrator to link your resident id to the account.`,
      [field],
    );
  }
  if (account.residentIdHash !== residentIdHash(config, personId)) {
    return userError(
      'RESIDENT_ID_MISMATCH',
      `${field} differs from the resident id linked to the signed-in account, and ${process} accepts only that id: send your own resident id.`,
      [field],
    );
  }

  return null;
}
