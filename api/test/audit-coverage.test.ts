import { createHash } from 'node:crypto';
import { getNamedType, isNonNullType, isObjectType } from 'graphql';
import type { Role } from '@ratusz/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../src/modules/demo/seed';
import { verifyAuditChain } from '../src/platform/audit/audit';
import { ANONYMOUS_VOTE_MUTATIONS } from '../src/platform/audit/audit-subscriber';
import { listOperationAccess, type AccessRule } from '../src/platform/auth/access';
import { createLogger } from '../src/platform/logger';
import { startTestServer, type StaffOrResidentRole, type TestServer } from './support/server';
import { baseValue, selectionOf, type IdPool } from './support/schema-values';

/**
 * Audit coverage, found by walking the schema so that a new mutation is checked without editing
 * this file: every mutation is called with demo-record ids and placeholder values. After each
 * call that changed any row of any table, the audit log must have grown, since the audit entry is
 * written in the change's transaction. The anonymous-vote mutations are the exception: after
 * them the log must not have grown, because an entry would link the voter to the ballot.
 *
 * NOTE: placeholder values make many calls stop at a validation error that changes nothing;
 * such calls change nothing and so need no entry. The floor at the end keeps enough real changes.
 */

const ROLE_PREFERENCE: Role[] = [
  'ADMINISTRATOR',
  'DEPARTMENT_MANAGER',
  'DECISION_MAKER',
  'AGENT',
  'AUDITOR',
  'RESIDENT',
];

/** Tables that change without being a mutation's own change of state. */
const BOOKKEEPING_TABLES = new Set(['audit_event', 'audit_chain_head', 'reference_version']);

function callerFor(access: AccessRule): StaffOrResidentRole | null {
  if (access === 'PUBLIC') {
    return null;
  }
  if (access === 'SIGNED_IN') {
    return 'RESIDENT';
  }

  return (ROLE_PREFERENCE.find((role) => (access as readonly Role[]).includes(role)) ??
    access[0]) as StaffOrResidentRole;
}

/**
 * Returns a digest of every table's rows, keyed by table, so that updates are seen as well as inserts and
 * deletes. Rows are sorted by their JSON text, so the order the engine returns them in does not count.
 */
async function tableDigests(server: TestServer): Promise<Record<string, string>> {
  const connection = server.orm.em.getConnection();
  const names: { name: string }[] =
    server.database.engine === 'sqlite'
      ? await connection.execute(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%' and name <> 'ratusz_migrations'",
        )
      : await connection.execute(
          "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'ratusz_migrations'",
        );
  const digests: Record<string, string> = {};
  for (const { name } of names) {
    const rows: unknown[] = await connection.execute(`select * from "${name}"`);
    const lines = rows.map((row) => JSON.stringify(row, (_key, value) => (typeof value === 'bigint' ? String(value) : value))).sort();
    digests[name] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex')}`;
  }

  return digests;
}

async function auditCount(server: TestServer): Promise<number> {
  const [row] = await server.orm.em.getConnection().execute<{ count: number | string }[]>('select count(*) as count from audit_event');

  return Number(row!.count);
}

describe('audit coverage of every mutation', () => {
  let server: TestServer;
  let ids: IdPool;

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoIfEmpty(server.orm, server.config, createLogger({ logLevel: 'silent' }));
    const found = await server.graphql(
      `{
        budgetEditions(first: 1) { edges { node { id projects(first: 1) { edges { node { id } } } } } }
        consultations(first: 1) { edges { node { id statements(first: 1) { edges { node { id } } } } } }
        jurisdictions(first: 1) { edges { node { id } } }
        categories(first: 1) { edges { node { id } } }
        districts(first: 1) { edges { node { id } } }
        cases(first: 1) { edges { node { id } } }
      }`,
      {},
      { as: 'ADMINISTRATOR' },
    );
    const data = found.data!;
    const edition = data.budgetEditions.edges[0].node;
    const consultation = data.consultations.edges[0].node;
    ids = {
      edition: edition.id,
      project: edition.projects.edges[0].node.id,
      consultation: consultation.id,
      statement: consultation.statements.edges[0].node.id,
      jurisdiction: data.jurisdictions.edges[0].node.id,
      category: data.categories.edges[0].node.id,
      district: data.districts.edges[0].node.id,
      case: data.cases.edges[0].node.id,
    };
    for (const role of ROLE_PREFERENCE) {
      await server.tokenFor(role as StaffOrResidentRole);
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('audits every mutation that changes state, and no anonymous vote', async () => {
    const problems: string[] = [];
    const changedState: string[] = [];
    const mutationType = server.schema.getMutationType()!;
    // signOut revokes the caller's session token, so it runs last.
    const operations = listOperationAccess(server.schema)
      .filter((operation) => operation.operationType === 'mutation' && operation.access !== null)
      .sort((left, right) => Number(left.field === 'signOut') - Number(right.field === 'signOut'));

    for (const operation of operations) {
      const field = mutationType.getFields()[operation.field]!;
      const caller = callerFor(operation.access!);
      const payloadType = getNamedType(field.type);
      const selection = isObjectType(payloadType) ? ` ${selectionOf(payloadType, 1)}` : '';
      const required = field.args.filter(
        (argument) => isNonNullType(argument.type) && argument.defaultValue === undefined,
      );
      const declarations = required.map((argument) => `$${argument.name}: ${String(argument.type)}`).join(', ');
      const passed = required.map((argument) => `${argument.name}: $${argument.name}`).join(', ');
      const query = `mutation Audit${declarations ? `(${declarations})` : ''} { result: ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
      const variables = Object.fromEntries(
        required.map((argument) => [argument.name, baseValue(argument.type, argument.name, ids)]),
      );

      const before = await tableDigests(server);
      const auditedBefore = await auditCount(server);
      const response = await server.graphql(query, variables, caller ? { as: caller } : {});
      const after = await tableDigests(server);
      const audited = (await auditCount(server)) - auditedBefore;
      const written = Object.keys(after).filter(
        (table) => !BOOKKEEPING_TABLES.has(table) && after[table] !== before[table],
      );
      if (written.length > 0) {
        changedState.push(field.name);
      }

      if (ANONYMOUS_VOTE_MUTATIONS.includes(field.name)) {
        if (audited !== 0) {
          problems.push(`${field.name}: an anonymous vote appended ${audited} audit entries`);
        }
      } else if (written.length > 0 && audited < 1) {
        problems.push(`${field.name}: changed ${written.join(', ')} without an audit entry`);
      }
    }

    expect(problems).toEqual([]);
    // A floor, so that a change to the demo data that makes most calls fail is noticed.
    expect(changedState.length).toBeGreaterThanOrEqual(12);
    const chain = await verifyAuditChain(server.orm.em.fork());
    expect(chain.broken).toBeNull();
  });
});
