import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  parse,
  subscribe,
  type GraphQLArgument,
  type GraphQLField,
  type FormattedExecutionResult,
  type GraphQLInputType,
} from 'graphql';
import type { Role } from '@ratusz/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewerForSessionToken } from '../../src/modules/accounts/account.service';
import {
  listOperationAccess,
  type AccessRule,
  type OperationAccess,
} from '../../src/platform/auth/access';
import { ANONYMOUS_VIEWER, type Viewer } from '../../src/platform/auth/viewer';
import { startTestServer, type StaffOrResidentRole, type TestServer } from '../support/server';

/**
 * Authorisation matrix: every root field of the schema, called by an anonymous client and by an
 * account of each role, must be rejected by the access check exactly when its declared rule
 * excludes that caller. Arguments are minimal values of the right types, so an allowed call may
 * still fail validation or find nothing. Only the access check's own errors count as a denial.
 */

const ACCOUNT_ROLES: StaffOrResidentRole[] = [
  'RESIDENT',
  'AGENT',
  'DEPARTMENT_MANAGER',
  'DECISION_MAKER',
  'ADMINISTRATOR',
  'AUDITOR',
];

/** Caller of one matrix row: anonymous, or a test account holding one role. */
type Caller = 'ANONYMOUS' | StaffOrResidentRole;

const CALLERS: Caller[] = ['ANONYMOUS', ...ACCOUNT_ROLES];

/** Values that pass input coercion for the custom scalars of the schema. */
const SCALAR_VALUES: Record<string, unknown> = {
  ID: '00000000-0000-4000-8000-000000000000',
  String: 'x',
  Int: 1,
  Float: 1,
  Boolean: false,
  DateTimeISO: '2026-01-01T00:00:00Z',
  JSONObject: {},
  SafeInt: 1,
};

function isAllowed(rule: AccessRule, caller: Caller): boolean {
  if (rule === 'PUBLIC') {
    return true;
  }
  if (caller === 'ANONYMOUS') {
    return false;
  }
  if (rule === 'SIGNED_IN') {
    return true;
  }

  return (rule as readonly Role[]).includes(caller);
}

/** Builds the smallest value of `type` that passes GraphQL input coercion. */
function minimalValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) {
    return minimalValue(type.ofType);
  }
  if (isListType(type)) {
    return [];
  }
  if (isEnumType(type)) {
    return type.getValues()[0]!.name;
  }
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) {
        value[field.name] = minimalValue(field.type);
      }
    }

    return value;
  }
  if (isScalarType(type) && type.name in SCALAR_VALUES) {
    return SCALAR_VALUES[type.name];
  }
  throw new Error(`No minimal value for the input type ${String(type)}: add it to SCALAR_VALUES.`);
}

function requiredArguments(field: GraphQLField<unknown, unknown>): GraphQLArgument[] {
  return field.args.filter(
    (argument) => isNonNullType(argument.type) && argument.defaultValue === undefined,
  );
}

/** Builds a document that calls `operation` with its required arguments as variables. */
function operationDocument(server: TestServer, operation: OperationAccess) {
  const rootType = {
    query: server.schema.getQueryType(),
    mutation: server.schema.getMutationType(),
    subscription: server.schema.getSubscriptionType(),
  }[operation.operationType]!;
  const field = rootType.getFields()[operation.field]!;
  const argumentsNeeded = requiredArguments(field);
  const declarations = argumentsNeeded
    .map((argument) => `$${argument.name}: ${String(argument.type)}`)
    .join(', ');
  const passed = argumentsNeeded
    .map((argument) => `${argument.name}: $${argument.name}`)
    .join(', ');
  const variables = Object.fromEntries(
    argumentsNeeded.map((argument) => [argument.name, minimalValue(argument.type)]),
  );
  const selection =
    getNamedType(field.type) && 'getFields' in getNamedType(field.type) ? ' { __typename }' : '';
  const header = declarations ? `(${declarations})` : '';
  const call = passed ? `(${passed})` : '';

  return {
    query: `${operation.operationType} Matrix${header} { ${operation.field}${call}${selection} }`,
    variables,
  };
}

/** Returns the error code of the access check's rejection of `field` in `errors`, or null. */
function deniedCode(
  errors: readonly { message: string; extensions?: Record<string, unknown> }[] | undefined,
  field: string,
) {
  const denial = (errors ?? []).find(
    (error) =>
      error.message.startsWith(`Sign in to use ${field}:`) ||
      error.message.startsWith(`${field} needs one of the roles`),
  );

  return denial ? (denial.extensions?.code as string) : null;
}

describe('authorisation matrix', () => {
  let server: TestServer;
  let operations: (OperationAccess & { access: AccessRule })[];
  const viewers = new Map<Caller, Viewer>();

  beforeAll(async () => {
    server = await startTestServer();
    // signOut revokes the caller's session token, so it runs after every other operation.
    operations = listOperationAccess(server.schema)
      .filter(
        (operation): operation is OperationAccess & { access: AccessRule } =>
          operation.access !== null,
      )
      .sort((left, right) => Number(left.field === 'signOut') - Number(right.field === 'signOut'));
    viewers.set('ANONYMOUS', ANONYMOUS_VIEWER);
    for (const role of ACCOUNT_ROLES) {
      const viewer = await viewerForSessionToken(server.orm.em.fork(), await server.tokenFor(role));
      viewers.set(role, viewer!);
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  // Runs before the matrix, whose signOut call revokes the RESIDENT session token.
  it('rejects a staff subscription over WebSocket', async () => {
    const client = server.wsClient({ as: 'RESIDENT' });
    // graphql-ws sends an execution result with the access error, then completes.
    const result = await new Promise<FormattedExecutionResult | null>(
      (resolve, reject) => {
        client.subscribe(
          { query: 'subscription { caseDeadlineAlerts { __typename } }' },
          { next: resolve, error: reject, complete: () => resolve(null) },
        );
      },
    );

    expect(result?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it.each(CALLERS)('queries and mutations as %s', async (caller) => {
    const mismatches: string[] = [];
    for (const operation of operations.filter(
      (candidate) => candidate.operationType !== 'subscription',
    )) {
      const { query, variables } = operationDocument(server, operation);
      const response = await server.graphql(
        query,
        variables,
        caller === 'ANONYMOUS' ? {} : { as: caller },
      );
      const code = deniedCode(response.errors, operation.field);
      const expected = isAllowed(operation.access, caller)
        ? null
        : caller === 'ANONYMOUS'
          ? 'UNAUTHENTICATED'
          : 'FORBIDDEN';
      if (code !== expected) {
        mismatches.push(
          `${operation.operationType}.${operation.field}: expected ${expected ?? 'allowed'}, got ${code ?? 'allowed'} (${JSON.stringify(response.errors ?? [])})`,
        );
      }
    }

    expect(mismatches).toEqual([]);
  });

  it.each(CALLERS)('subscriptions as %s', async (caller) => {
    const mismatches: string[] = [];
    for (const operation of operations.filter(
      (candidate) => candidate.operationType === 'subscription',
    )) {
      const { query, variables } = operationDocument(server, operation);
      const result = await subscribe({
        schema: server.schema,
        document: parse(query),
        variableValues: variables,
        contextValue: { viewer: viewers.get(caller)! },
      });
      const errors = Symbol.asyncIterator in result ? undefined : result.errors;
      if (Symbol.asyncIterator in result) {
        await result.return?.();
      }
      const code = deniedCode(errors, operation.field);
      const expected = isAllowed(operation.access, caller)
        ? null
        : caller === 'ANONYMOUS'
          ? 'UNAUTHENTICATED'
          : 'FORBIDDEN';
      if (code !== expected) {
        mismatches.push(
          `subscription.${operation.field}: expected ${expected ?? 'allowed'}, got ${code ?? 'allowed'} (${JSON.stringify(errors ?? [])})`,
        );
      }
    }

    expect(mismatches).toEqual([]);
  });
});
