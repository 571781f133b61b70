import { MaxLength } from 'class-validator';
import { ROLES, VERIFICATION_LEVELS, type Role, type VerificationLevel } from '@ratusz/shared';
import { Field, GraphQLISODateTime, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { Viewer } from '../../platform/auth/viewer';
import { UserError } from '../../platform/graphql/user-error';
import type { Account } from './account.entity';
import { MAX_LOGIN_LENGTH, MAX_PASSWORD_LENGTH } from './account.service';

/** GraphQL enum of the roles; names and values are the shared spellings. */
export const RoleEnum = Object.fromEntries(ROLES.map((role) => [role, role])) as { [R in Role]: R };
/** GraphQL enum of the verification levels. */
export const VerificationLevelEnum = Object.fromEntries(VERIFICATION_LEVELS.map((level) => [level, level])) as {
  [L in VerificationLevel]: L;
};

registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'What an account may do. Every request has the PUBLIC role.',
  valuesConfig: {
    PUBLIC: { description: 'Anyone, signed in or not.' },
    RESIDENT: { description: 'A resident who reports cases, votes and takes part in consultations.' },
    AGENT: { description: 'City staff who handle cases for a department.' },
    DEPARTMENT_MANAGER: { description: 'City staff who manage a department and its agents.' },
    DECISION_MAKER: { description: 'An official who approves budgets and consultation outcomes.' },
    ADMINISTRATOR: { description: 'Staff who manage accounts and settings.' },
    AUDITOR: { description: 'Staff or an outside body who read the audit trail.' },
  },
});

registerEnumType(VerificationLevelEnum, {
  name: 'VerificationLevel',
  description: "How well a resident's identity has been checked, weakest first.",
  valuesConfig: {
    EMAIL_CONFIRMED: { description: 'The resident confirmed an e-mail address.' },
    CENSUS_MATCH: { description: 'The resident matched an entry of the census or voter register.' },
    IN_PERSON: { description: 'City staff checked identity documents in person.' },
  },
});

/** GraphQL names of the ways a request can be authenticated. */
export const ViewerSourceEnum = { ANONYMOUS: 'anonymous', SESSION: 'session', OIDC: 'oidc', API_KEY: 'api-key' } as const;

registerEnumType(ViewerSourceEnum, {
  name: 'ViewerSource',
  description: 'How the request was authenticated.',
  valuesConfig: {
    ANONYMOUS: { description: 'No credentials were sent.' },
    SESSION: { description: 'A session token from signIn.' },
    OIDC: { description: "A token from the city's OpenID Connect issuer." },
    API_KEY: { description: 'An API key with the graphql scope, sent by a third-party application.' },
  },
});

@ObjectType('Viewer', { description: 'Who sent the request.' })
export class ViewerNode {
  @Field(() => ID, { nullable: true, description: 'Account id, or null for an anonymous request.' })
  id!: string | null;

  @Field(() => [RoleEnum], { description: 'Roles of the viewer, always including PUBLIC.' })
  roles!: Role[];

  @Field(() => VerificationLevelEnum, { nullable: true, description: 'Verification level of a resident account, or null.' })
  verificationLevel!: VerificationLevel | null;

  @Field(() => String, { nullable: true, description: 'Department of a staff account, or null.' })
  departmentId!: string | null;

  @Field(() => ViewerSourceEnum, { description: 'How the request was authenticated.' })
  source!: Viewer['source'];
}

/** Converts a context viewer to its GraphQL form. */
export function toViewerNode(viewer: Viewer): ViewerNode {
  return Object.assign(new ViewerNode(), {
    id: viewer.id,
    roles: [...viewer.roles],
    verificationLevel: viewer.verificationLevel,
    departmentId: viewer.departmentId,
    source: viewer.source,
  });
}

@ObjectType('Account', { description: 'A local account. Its login name is stored only as a keyed hash and never returned.' })
export class AccountNode {
  @Field(() => ID, { description: 'Id of the account.' })
  id!: string;

  @Field(() => [RoleEnum], { description: 'Roles of the account besides PUBLIC.' })
  roles!: Role[];

  @Field(() => VerificationLevelEnum, { nullable: true, description: 'Verification level, or null when never verified.' })
  verificationLevel!: VerificationLevel | null;

  @Field(() => String, { nullable: true, description: 'Department of a staff account, or null.' })
  departmentId!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the account was created.' })
  createdAt!: Date;

  @Field(() => Boolean, { description: 'Whether the account is disabled and can no longer sign in.' })
  disabled!: boolean;
}

/** Converts an account entity to its GraphQL form. */
export function toAccountNode(account: Account): AccountNode {
  return Object.assign(new AccountNode(), {
    id: account.id,
    roles: [...account.roles],
    verificationLevel: account.verificationLevel ?? null,
    departmentId: account.departmentId ?? null,
    createdAt: account.createdAt,
    disabled: Boolean(account.disabledAt),
  });
}

@InputType({ description: 'Credentials of a local account.' })
export class SignInInput {
  @Field(() => String, { description: 'Login name given when the account was created, usually an e-mail address.' })
  @MaxLength(MAX_LOGIN_LENGTH)
  login!: string;

  @Field(() => String, { description: 'Password of the account.' })
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}

@ObjectType({ description: 'Result of signIn.' })
export class SignInPayload {
  @Field(() => String, {
    nullable: true,
    description: 'Session token to send as `Authorization: Bearer <token>`, or null when sign-in failed. Shown only once.',
  })
  token!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the session token expires.' })
  expiresAt!: Date | null;

  @Field(() => ViewerNode, { nullable: true, description: 'The signed-in viewer, or null when sign-in failed.' })
  viewer!: ViewerNode | null;

  @Field(() => [UserError], { description: 'Why sign-in failed: INVALID_CREDENTIALS.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of signOut.' })
export class SignOutPayload {
  @Field(() => Boolean, { description: 'Whether a session was revoked.' })
  revoked!: boolean;

  @Field(() => [UserError], { description: 'Why nothing was revoked: NOT_A_SESSION for OIDC tokens, which the issuer revokes.' })
  errors!: UserError[];
}

@InputType({ description: 'A new local account.' })
export class CreateAccountInput {
  @Field(() => String, { description: `Login name, 3 to ${MAX_LOGIN_LENGTH} characters without spaces; stored only as a keyed hash.` })
  @MaxLength(MAX_LOGIN_LENGTH)
  login!: string;

  @Field(() => String, { description: 'Initial password, 12 to 256 characters.' })
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @Field(() => [RoleEnum], { description: 'Roles besides PUBLIC; AGENT and DEPARTMENT_MANAGER need departmentId.' })
  roles!: Role[];

  @Field(() => VerificationLevelEnum, { nullable: true, description: 'Verification level of a resident account.' })
  verificationLevel?: VerificationLevel | null;

  @Field(() => String, { nullable: true, description: 'Department of a staff account.' })
  @MaxLength(64)
  departmentId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Resident id from the city's register, stored only as a keyed hash. Lets the resident export or erase the records kept under this id.",
  })
  @MaxLength(200)
  residentId?: string | null;
}

@ObjectType({ description: 'Result of createAccount, setAccountRoles or setAccountVerificationLevel.' })
export class AccountPayload {
  @Field(() => AccountNode, { nullable: true, description: 'The account, or null when the input was rejected.' })
  account!: AccountNode | null;

  @Field(() => [UserError], {
    description:
      'Why the input was rejected: INVALID_LOGIN, WEAK_PASSWORD, INVALID_ROLES, DEPARTMENT_REQUIRED, DEPARTMENT_NOT_FOUND, INVALID_VERIFICATION_LEVEL, LOGIN_TAKEN, LAST_ADMINISTRATOR or NOT_FOUND.',
  })
  errors!: UserError[];
}

@InputType({ description: "A change of a resident account's verification level." })
export class SetAccountVerificationLevelInput {
  @Field(() => ID, { description: 'Id of the account.' })
  accountId!: string;

  @Field(() => VerificationLevelEnum, { nullable: true, description: 'New level, or null to clear it.' })
  level!: VerificationLevel | null;
}

@InputType({ description: "A new set of roles and department for an existing account." })
export class SetAccountRolesInput {
  @Field(() => ID, { description: 'Id of the account.' })
  accountId!: string;

  @Field(() => [RoleEnum], {
    description: 'Roles besides PUBLIC, replacing the current ones; AGENT and DEPARTMENT_MANAGER need departmentId.',
  })
  roles!: Role[];

  @Field(() => String, { nullable: true, description: 'Department of a staff account, replacing the current one; null clears it.' })
  @MaxLength(64)
  departmentId?: string | null;
}
