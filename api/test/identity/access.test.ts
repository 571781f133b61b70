import 'reflect-metadata';
import { graphql, type GraphQLSchema } from 'graphql';
import type { Role } from '@ratusz/shared';
import { buildSchema, Query, Resolver } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Access,
  authChecker,
  listOperationAccess,
  type AccessRule,
} from '../../src/platform/auth/access';
import {
  ANONYMOUS_VIEWER,
  requireVerificationLevel,
  type Viewer,
} from '../../src/platform/auth/viewer';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Expected rules of operations where a wrong declaration would expose staff work, personal data
 * or voting channels reserved for staff. The matrix test checks every operation against its rule.
 */
const DECLARED: Record<string, AccessRule> = {
  'query.serverInfo': 'PUBLIC',
  'query.viewer': 'PUBLIC',
  'query.budgetEditions': 'PUBLIC',
  'query.cases': 'PUBLIC',
  'query.apiKeys': ['ADMINISTRATOR'],
  'query.routingRules': ['ADMINISTRATOR', 'DEPARTMENT_MANAGER'],
  'mutation.signIn': 'PUBLIC',
  'mutation.signOut': 'SIGNED_IN',
  'mutation.createAccount': ['ADMINISTRATOR'],
  'mutation.setAccountVerificationLevel': ['ADMINISTRATOR'],
  'mutation.setAccountRoles': ['ADMINISTRATOR'],
  'mutation.openCase': 'PUBLIC',
  'mutation.castBallot': 'PUBLIC',
  'mutation.castReferendumVote': 'PUBLIC',
  'mutation.submitBudgetProposal': ['RESIDENT'],
  'mutation.changeCaseStatus': ['AGENT', 'DEPARTMENT_MANAGER'],
  'mutation.importVoterRegister': ['ADMINISTRATOR'],
  'mutation.closeReferendum': ['ADMINISTRATOR'],
  'subscription.caseDeadlineAlerts': ['AGENT', 'DEPARTMENT_MANAGER'],
  'subscription.tallyUpdated': 'PUBLIC',
  // Public because every event is filtered per subscriber: staff fields of a case resolve to null
  // or public entries for those who do not work it, and counts follow each edition's or
  // consultation's publication policy.
  'subscription.caseChanged': 'PUBLIC',
  'subscription.consultationResultsUpdated': 'PUBLIC',
  'subscription.referendumUpdated': 'PUBLIC',
};

describe('operation access declarations', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('lists every root field of the schema', () => {
    const operations = listOperationAccess(server.schema);
    const names = operations.map((operation) => `${operation.operationType}.${operation.field}`);

    expect(names).toContain('query.budgetEditions');
    expect(names).toContain('subscription.tallyUpdated');
    expect(names.length).toBe(
      Object.keys(server.schema.getQueryType()!.getFields()).length +
        Object.keys(server.schema.getMutationType()!.getFields()).length +
        Object.keys(server.schema.getSubscriptionType()!.getFields()).length,
    );
  });

  it('declares every operation', () => {
    const undeclared = listOperationAccess(server.schema)
      .filter((operation) => operation.access === null)
      .map((operation) => `${operation.operationType}.${operation.field}`);

    expect(undeclared, 'add @Access(...) to these operations').toEqual([]);
  });

  it.each(Object.entries(DECLARED))('declares %s', (name, rule) => {
    const operation = listOperationAccess(server.schema).find(
      (candidate) => `${candidate.operationType}.${candidate.field}` === name,
    );

    expect(operation, `${name} is missing from the schema`).toBeDefined();
    expect(operation!.access).toEqual(rule);
  });
});

@Resolver()
class ExampleResolver {
  @Query(() => String, { description: 'Declared public.' })
  @Access('PUBLIC')
  open(): string {
    return 'open';
  }

  @Query(() => String, { description: 'Declared for auditors.' })
  @Access(['AUDITOR'])
  auditorsOnly(): string {
    return 'audit';
  }

  @Query(() => String, { description: 'Declared for any signed-in viewer.' })
  @Access('SIGNED_IN')
  signedIn(): string {
    return 'signed in';
  }

  @Query(() => String, { description: 'Not declared.' })
  undeclared(): string {
    return 'undeclared';
  }
}

describe('Access decorator', () => {
  let schema: GraphQLSchema;
  const account = (roles: Role[]): Viewer => ({
    id: 'b9c3f8de-5f36-4c36-8d0e-5b1f0d4f6a20',
    roles: ['PUBLIC', ...roles],
    verificationLevel: null,
    departmentId: null,
    sessionId: null,
    source: 'session',
  });
  const run = async (source: string, viewer: Viewer) => {
    const result = await graphql({ schema, source, contextValue: { viewer } });

    return { data: result.data, code: result.errors?.[0]?.extensions?.code };
  };

  beforeAll(async () => {
    schema = await buildSchema({
      resolvers: [ExampleResolver],
      authChecker,
      authMode: 'error',
      validate: false,
    });
  });

  it('reports an undeclared operation as null', () => {
    const rules = Object.fromEntries(
      listOperationAccess(schema).map((operation) => [operation.field, operation.access]),
    );

    expect(rules).toEqual({
      open: 'PUBLIC',
      auditorsOnly: ['AUDITOR'],
      signedIn: 'SIGNED_IN',
      undeclared: null,
    });
  });

  it('lets anyone call a PUBLIC operation', async () => {
    expect((await run('{ open }', ANONYMOUS_VIEWER)).data).toEqual({ open: 'open' });
  });

  it('rejects an anonymous viewer', async () => {
    expect((await run('{ auditorsOnly }', ANONYMOUS_VIEWER)).code).toBe('UNAUTHENTICATED');
    expect((await run('{ signedIn }', ANONYMOUS_VIEWER)).code).toBe('UNAUTHENTICATED');
  });

  it('rejects a viewer without the role', async () => {
    expect((await run('{ auditorsOnly }', account(['ADMINISTRATOR']))).code).toBe('FORBIDDEN');
  });

  it('admits a viewer with the role', async () => {
    expect((await run('{ auditorsOnly }', account(['AUDITOR']))).data).toEqual({
      auditorsOnly: 'audit',
    });
    expect((await run('{ signedIn }', account(['RESIDENT']))).data).toEqual({
      signedIn: 'signed in',
    });
  });
});

describe('requireVerificationLevel', () => {
  const resident = (verificationLevel: Viewer['verificationLevel']): Viewer => ({
    id: '7b0e2c1a-4f7e-4d55-9d8e-0f3c6f2b9a11',
    roles: ['PUBLIC', 'RESIDENT'],
    verificationLevel,
    departmentId: null,
    sessionId: null,
    source: 'session',
  });

  it('accepts an equal or stronger level', () => {
    expect(() => requireVerificationLevel(resident('CENSUS_MATCH'), 'CENSUS_MATCH')).not.toThrow();
    expect(() => requireVerificationLevel(resident('IN_PERSON'), 'CENSUS_MATCH')).not.toThrow();
  });

  it('rejects a weaker level as FORBIDDEN', () => {
    expect(() => requireVerificationLevel(resident('EMAIL_CONFIRMED'), 'CENSUS_MATCH')).toThrow(
      /CENSUS_MATCH or stronger/,
    );
    expect(() => requireVerificationLevel(resident(null), 'EMAIL_CONFIRMED')).toThrow(
      /not verified/,
    );
  });

  it('rejects an anonymous viewer as UNAUTHENTICATED', () => {
    let code: unknown;
    try {
      requireVerificationLevel(ANONYMOUS_VIEWER, 'EMAIL_CONFIRMED');
    } catch (error) {
      code = (error as { extensions: { code: string } }).extensions.code;
    }

    expect(code).toBe('UNAUTHENTICATED');
  });
});
