import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../src/modules/demo/seed';
import { listOperationAccess } from '../src/platform/auth/access';
import { createLogger } from '../src/platform/logger';
import {
  startTestServer,
  type GraphQLResponse,
  type StaffOrResidentRole,
  type TestServer,
} from './support/server';
import {
  baseValue,
  callerFor,
  demoIds,
  mutationDocument,
  ROLE_PREFERENCE,
  selectionOf,
  stringsIn,
  tableNames,
  type IdPool,
} from './support/schema-values';

/**
 * Hostile strings in every String argument and input field of every mutation, found by walking
 * the schema so that new fields are covered without editing this file. Each request must be
 * rejected with an error code, or accepted with every copy of the string in the response
 * unchanged (apart from trimmed white space). It must never fail with an internal error. A
 * rejected request must leave the row count of every table unchanged.
 *
 * NOTE: other arguments get demo-record ids by name and placeholder values otherwise, so some
 * calls stop at an earlier check (NOT_FOUND, FORBIDDEN) before the string is read.
 */

/**
 * Strings sent into every String input. Each starts with plain text, so a changed copy in a
 * response can still be recognised by its start.
 */
const HOSTILE_STRINGS: Record<string, string> = {
  'SQL quote': "hostile sql x'); DROP TABLE service_case; --",
  'SQL tautology': `hostile sql " OR 1=1 -- ' OR '1'='1`,
  'script tag':
    'hostile html <script>globalThis.hostile=1</script><img src=x onerror="globalThis.hostile=1">',
  'NUL byte': 'hostile nul before\u0000after',
  'lone surrogate': 'hostile surrogate \uD800 text \uDC00',
  'JSON breaking': 'hostile json "}]}\\", "extra": {"__proto__": {"polluted": 1}} \u2028\u2029',
  'path traversal': 'hostile path ../../../../etc/passwd\\..\\..\\windows\\win.ini',
  'very long': 'hostile long '.padEnd(100_000, 'y'),
};

/** Strings that every field must reject, because no field should store 100,000 characters. */
const ALWAYS_REJECTED = new Set(['very long']);

/** Codes of GraphQL errors that reject bad input; anything else (INTERNAL_SERVER_ERROR) fails. */
const REJECTION_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'GRAPHQL_VALIDATION_FAILED',
]);

/** One place a string can go: an argument name followed by input field names and list indexes. */
type StringPath = (string | number)[];

/** Lists every String argument and input field reachable from `type`, at most `depth` objects deep. */
function stringPaths(type: GraphQLInputType, prefix: StringPath, depth = 4): StringPath[] {
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) {
    return stringPaths(inner.ofType, [...prefix, 0], depth);
  }
  if (isScalarType(inner)) {
    return inner.name === 'String' ? [prefix] : [];
  }
  if (isInputObjectType(inner) && depth > 0) {
    return Object.values(inner.getFields()).flatMap((field) =>
      stringPaths(field.type, [...prefix, field.name], depth - 1),
    );
  }

  return [];
}

/** Sets `value` at `path` inside `variables`, creating the objects and lists on the way. */
function setAt(
  root: Record<string, unknown>,
  path: StringPath,
  value: unknown,
  types: GraphQLInputType[],
  ids: IdPool,
): void {
  let node: any = root;
  for (let index = 0; index < path.length - 1; index += 1) {
    const key = path[index]!;
    if (
      node[key] === undefined ||
      node[key] === null ||
      (Array.isArray(node[key]) && node[key].length === 0)
    ) {
      const type = types[index]!;
      const nullable = getNullableType(type) as GraphQLInputType;
      node[key] = isListType(nullable) ? [] : baseValue(nullable, String(key), ids);
    }
    node = node[key];
  }
  node[path[path.length - 1]!] = value;
}

/** Returns the input types met along `path`, starting with the argument's type. */
function typesAlong(argumentType: GraphQLInputType, path: StringPath): GraphQLInputType[] {
  const types: GraphQLInputType[] = [argumentType];
  let current: GraphQLInputType = argumentType;
  for (const key of path.slice(1)) {
    const inner = getNullableType(current) as GraphQLInputType;
    if (typeof key === 'number' && isListType(inner)) {
      current = inner.ofType as GraphQLInputType;
    } else if (isInputObjectType(inner)) {
      current = inner.getFields()[key]!.type;
    }
    types.push(current);
  }

  return types;
}

async function rowCounts(server: TestServer, tables: string[]): Promise<Record<string, number>> {
  const sql = tables
    .map((table) => `select '${table}' as name, count(*) as count from "${table}"`)
    .join(' union all ');
  const rows: { name: string; count: number | string }[] = await server.orm.em
    .getConnection()
    .execute(sql);

  return Object.fromEntries(rows.map((row) => [row.name, Number(row.count)]));
}

function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after).filter((table) => before[table] !== after[table]);
}

describe('hostile strings in every mutation', () => {
  let server: TestServer;
  let ids: IdPool;
  let tables: string[];

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemoIfEmpty(server.orm, server.config, createLogger({ logLevel: 'silent' }));
    ids = await demoIds(server);
    tables = await tableNames(server);
    // Test accounts are created on first use; creating them now keeps them out of the row counts.
    for (const role of ROLE_PREFERENCE) {
      await server.tokenFor(role);
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('covers every mutation with a String input', () => {
    const mutations = Object.values(server.schema.getMutationType()!.getFields());
    const covered = mutations.filter((field) =>
      field.args.some((argument) => stringPaths(argument.type, [argument.name]).length > 0),
    );

    // A floor, not an exact count, so the test keeps passing as mutations are added.
    expect(covered.length).toBeGreaterThan(30);
  });

  it.each(Object.entries(HOSTILE_STRINGS))('rejects or keeps %s strings', async (name, hostile) => {
    const problems: string[] = [];
    const mutationType = server.schema.getMutationType()!;
    const operations = listOperationAccess(server.schema).filter(
      (operation) =>
        operation.operationType === 'mutation' &&
        operation.access !== null &&
        operation.field !== 'signOut',
    );
    let requests = 0;
    for (const operation of operations) {
      const field = mutationType.getFields()[operation.field]!;
      const caller = callerFor(operation.access!);
      const payloadType = getNamedType(field.type);
      const selection = isObjectType(payloadType) ? selectionOf(payloadType) : '';
      const query = mutationDocument('Hostile', field, field.args, selection);

      for (const argument of field.args) {
        for (const path of stringPaths(argument.type, [argument.name])) {
          const variables: Record<string, unknown> = {};
          for (const other of field.args) {
            if (isNonNullType(other.type) && other.defaultValue === undefined) {
              variables[other.name] = baseValue(other.type, other.name, ids);
            }
          }
          setAt(variables, path, hostile, typesAlong(argument.type, path), ids);
          const label = `${field.name} ${path.join('.')}`;
          const before = await rowCounts(server, tables);
          const { status, body } = await post(server, query, variables, caller);
          requests += 1;
          const outcome = judge(status, body, hostile);
          if (outcome.problem) {
            problems.push(`${label}: ${outcome.problem}`);
          }
          if (!outcome.rejected && ALWAYS_REJECTED.has(name)) {
            problems.push(`${label}: accepted ${hostile.length} characters; add a length limit`);
          }
          if (outcome.rejected) {
            const changed = changedTables(before, await rowCounts(server, tables));
            if (changed.length > 0) {
              problems.push(`${label}: rejected but wrote rows to ${changed.join(', ')}`);
            }
          }
        }
      }
    }

    expect(requests).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it('still answers after the hostile requests', async () => {
    const response = await server.graphql('{ serverInfo { version } cases { totalCount } }');

    expect(response.errors).toBeUndefined();
    expect(response.data!.cases.totalCount).toBeGreaterThan(0);
  });
});

async function post(
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  caller: StaffOrResidentRole | null,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller) {
    headers.authorization = `Bearer ${await server.tokenFor(caller)}`;
  }
  const response = await fetch(server.url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GraphQLResponse;
  try {
    body = JSON.parse(text) as GraphQLResponse;
  } catch {
    body = {
      errors: [{ message: `not JSON: ${text.slice(0, 200)}`, extensions: { code: 'NOT_JSON' } }],
    };
  }

  return { status: response.status, body };
}

/**
 * Classifies one response: rejected (GraphQL error with a client code, or payload errors each
 * with a code), accepted (the hostile string comes back unchanged wherever the payload shows
 * it), or a problem.
 */
function judge(
  status: number,
  body: GraphQLResponse,
  hostile: string,
): { rejected: boolean; problem?: string } {
  if (status >= 500) {
    return { rejected: true, problem: `HTTP ${status} ${JSON.stringify(body).slice(0, 300)}` };
  }
  if (body.errors && body.errors.length > 0) {
    const codes = body.errors.map((error) => String(error.extensions?.code));
    const unexpected = codes.filter((code) => !REJECTION_CODES.has(code));

    return unexpected.length > 0
      ? {
          rejected: true,
          problem: `error codes ${unexpected.join(', ')}: ${JSON.stringify(body.errors).slice(0, 300)}`,
        }
      : { rejected: true };
  }
  const result = body.data?.result as { errors?: { code?: string }[] } | undefined;
  if (result?.errors && result.errors.length > 0) {
    const withoutCode = result.errors.filter((error) => !error.code);

    return withoutCode.length > 0
      ? { rejected: true, problem: 'payload error without a code' }
      : { rejected: true };
  }
  // Accepted: any returned string that was built from the hostile one must contain it unchanged.
  // Leading and trailing white space may be trimmed, as names and titles are.
  const marker = hostile.slice(0, 12);
  const mangled = stringsIn(result).filter(
    (value) => value.includes(marker) && !value.includes(hostile.trim()),
  );
  if (mangled.length > 0) {
    return {
      rejected: false,
      problem: `accepted and returned changed: ${JSON.stringify(mangled[0]!.slice(0, 100))}`,
    };
  }

  return { rejected: false };
}
