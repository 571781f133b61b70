import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getNamedType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../src/modules/demo/seed';
import { verifyAuditChain } from '../src/platform/audit/audit';
import { ANONYMOUS_VOTE_MUTATIONS } from '../src/platform/audit/audit-subscriber';
import { BYPASS_WRITES } from '../src/platform/audit/bypass-writes';
import { listOperationAccess, type OperationAccess } from '../src/platform/auth/access';
import { createLogger } from '../src/platform/logger';
import {
  MUTATION_RECIPES,
  NO_CHANGE_EXEMPTIONS,
  type RecipeContext,
} from './support/mutation-recipes';
import {
  baseValue,
  callerFor,
  demoIds,
  mutationDocument,
  requiredArguments,
  ROLE_PREFERENCE,
  selectionOf,
  tableNames,
} from './support/schema-values';
import { startTestServer, type TestServer } from './support/server';

/**
 * Audit coverage, found by walking the schema so that a new mutation is checked without editing
 * this file. Every mutation is called once, with the valid arguments of its recipe or else with
 * demo-record ids and placeholder values. After each call that changed any row of any table, the
 * audit log must have grown, since the audit entry is written in the change's transaction. The
 * anonymous-vote mutations are the exception: after them the log must not have grown, because an
 * entry would link the voter to the ballot. A mutation that changed nothing fails the test
 * unless it is listed in NO_CHANGE_EXEMPTIONS with its reason, so a new mutation needs a recipe
 * when placeholders do not reach a change.
 */

/** Tables that change without being a mutation's own change of state. */
const BOOKKEEPING_TABLES = new Set(['audit_event', 'audit_chain_head', 'reference_version']);

/**
 * Returns a digest of every table's rows, keyed by table, so that updates are seen as well as
 * inserts and deletes. Rows are sorted by their JSON text, so the order the engine returns them
 * in does not count.
 */
async function tableDigests(server: TestServer, tables: string[]): Promise<Record<string, string>> {
  const connection = server.orm.em.getConnection();
  const digests: Record<string, string> = {};
  for (const name of tables) {
    const rows: unknown[] = await connection.execute(`select * from "${name}"`);
    const lines = rows
      .map((row) =>
        JSON.stringify(row, (_key, value) => (typeof value === 'bigint' ? String(value) : value)),
      )
      .sort();
    digests[name] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex')}`;
  }

  return digests;
}

async function auditCount(server: TestServer): Promise<number> {
  const [row] = await server.orm.em
    .getConnection()
    .execute<{ count: number | string }[]>('select count(*) as count from audit_event');

  return Number(row!.count);
}

/**
 * Orders the walk: mutations without a recipe first, then the recipes in table order, and
 * signOut last because it revokes the caller's session token.
 */
function walkOrder(operations: OperationAccess[]): OperationAccess[] {
  const position = new Map(MUTATION_RECIPES.map(([name], index) => [name, index + 1]));
  const rank = (operation: OperationAccess) =>
    operation.field === 'signOut' ? Number.MAX_SAFE_INTEGER : (position.get(operation.field) ?? 0);

  return [...operations].sort((left, right) => rank(left) - rank(right));
}

describe('audit coverage of every mutation', () => {
  let server: TestServer;
  let context: RecipeContext;
  let tables: string[];

  beforeAll(async () => {
    // The delivery worker is off, so the walk's webhook is registered but never called.
    server = await startTestServer({ RATUSZ_WEBHOOK_INTERVAL_SECONDS: '0' });
    await seedDemoIfEmpty(server.orm, server.config, createLogger({ logLevel: 'silent' }));
    context = { server, ids: await demoIds(server), createdIds: {} };
    tables = await tableNames(server);
    for (const role of ROLE_PREFERENCE) {
      await server.tokenFor(role);
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('has a recipe or exemption only for real mutations', () => {
    const mutations = new Set(Object.keys(server.schema.getMutationType()!.getFields()));
    const named = [...MUTATION_RECIPES.map(([name]) => name), ...Object.keys(NO_CHANGE_EXEMPTIONS)];

    expect(named.filter((name) => !mutations.has(name))).toEqual([]);
  });

  // Every mutation runs one after another with a scan of every table around it: about a minute
  // on a loaded two-core machine, so the limit is set above the suite's default.
  it('audits every mutation that changes state, and no anonymous vote', { timeout: 300_000 }, async () => {
    const problems: string[] = [];
    const changedState: string[] = [];
    const recipes = new Map(MUTATION_RECIPES);
    const mutationType = server.schema.getMutationType()!;
    const operations = walkOrder(
      listOperationAccess(server.schema).filter(
        (operation) => operation.operationType === 'mutation' && operation.access !== null,
      ),
    );

    for (const operation of operations) {
      const field = mutationType.getFields()[operation.field]!;
      const recipe = recipes.get(field.name) ?? {};
      const caller = recipe.caller === undefined ? callerFor(operation.access!) : recipe.caller;
      const payloadType = getNamedType(field.type);
      const selection = isObjectType(payloadType) ? selectionOf(payloadType, 1) : '';
      const variables = recipe.variables
        ? await recipe.variables(context)
        : Object.fromEntries(
            requiredArguments(field).map((argument) => [
              argument.name,
              baseValue(argument.type, argument.name, context.ids),
            ]),
          );
      const passed = field.args.filter((argument) => argument.name in variables);
      const query = mutationDocument('Audit', field, passed, selection);

      const before = await tableDigests(server, tables);
      const auditedBefore = await auditCount(server);
      const response = await server.graphql(query, variables, caller ? { as: caller } : {});
      const after = await tableDigests(server, tables);
      const audited = (await auditCount(server)) - auditedBefore;
      const written = tables.filter(
        (table) => !BOOKKEEPING_TABLES.has(table) && after[table] !== before[table],
      );
      const result = response.data?.result as { errors?: unknown[] } | undefined;
      if (recipes.has(field.name) && (response.errors || (result?.errors?.length ?? 0) > 0)) {
        const errors = JSON.stringify(response.errors ?? result?.errors);
        problems.push(`${field.name}: its recipe's call failed: ${errors.slice(0, 300)}`);
      }
      if (written.length > 0) {
        changedState.push(field.name);
        recipe.keep?.(result, context);
      } else if (!(field.name in NO_CHANGE_EXEMPTIONS)) {
        const errors = JSON.stringify(response.errors ?? result?.errors ?? null);
        problems.push(
          `${field.name}: changed nothing; add a recipe or an exemption (errors: ${errors.slice(0, 300)})`,
        );
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
    expect(changedState.length + Object.keys(NO_CHANGE_EXEMPTIONS).length).toBe(operations.length);
    const chain = await verifyAuditChain(server.orm.em.fork());
    expect(chain.broken).toBeNull();
  });
});

/** Calls that write without the unit of work, so the flush subscriber does not audit them. */
const BYPASS_CALL = /\.(nativeUpdate|nativeDelete|insert|insertMany|upsert|upsertMany)\(/g;
/** Raw SQL statements that write, at the start of a string literal. */
const BYPASS_SQL = /['"`]\s*(insert\s+into|update\s+\w+\s+set|delete\s+from)\b/gi;

describe('writes that bypass the flush audit', () => {
  it('are each listed with a reason', () => {
    const sourceRoot = join(__dirname, '..', 'src');
    const found: Record<string, number> = {};
    const files = readdirSync(sourceRoot, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && !file.startsWith('migrations'),
    );
    for (const file of files) {
      const text = readFileSync(join(sourceRoot, file), 'utf8');
      const writes = (text.match(BYPASS_CALL)?.length ?? 0) + (text.match(BYPASS_SQL)?.length ?? 0);
      if (writes > 0) {
        found[file.split('\\').join('/')] = writes;
      }
    }
    const listed: Record<string, number> = {};
    for (const entry of BYPASS_WRITES) {
      listed[entry.file] = (listed[entry.file] ?? 0) + entry.writes;
    }

    expect(found).toEqual(listed);
  });
});
