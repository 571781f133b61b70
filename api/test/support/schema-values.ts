import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import type { Role } from '@ratusz/shared';
import type { AccessRule } from '../../src/platform/auth/access';
import type { StaffOrResidentRole, TestServer } from './server';

/** Values that pass input coercion for the scalars of the schema. */
export const SCALAR_VALUES: Record<string, unknown> = {
  String: 'x',
  Int: 1,
  Float: 1,
  Boolean: false,
  DateTimeISO: '2026-01-01T00:00:00Z',
  JSONObject: {},
  SafeInt: 1,
};

/** Ids of existing records, keyed by a word that ID arguments and fields contain ("edition"). */
export type IdPool = Record<string, string>;

/** Returns an existing record's id for an ID field, chosen by the field's name, else a new UUID. */
export function idFor(name: string, ids: IdPool): string {
  const key = Object.keys(ids).find((prefix) => name.toLowerCase().includes(prefix.toLowerCase()));

  return key ? ids[key]! : randomUUID();
}

/** Builds a value of `type` that passes input coercion, using real ids where the name says which. */
export function baseValue(type: GraphQLInputType, name: string, ids: IdPool): unknown {
  if (isNonNullType(type)) {
    return baseValue(type.ofType, name, ids);
  }
  if (isListType(type)) {
    const item = getNullableType(type.ofType) as GraphQLInputType;
    if (getNamedType(item).name === 'ID') {
      return [idFor(name, ids)];
    }

    return isInputObjectType(item) ? [baseValue(item, name, ids)] : [];
  }
  if (isEnumType(type)) {
    return type.getValues()[0]!.name;
  }
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) {
        value[field.name] = baseValue(field.type, field.name, ids);
      }
    }

    return value;
  }
  if (isScalarType(type) && type.name === 'ID') {
    return idFor(name, ids);
  }
  if (isScalarType(type) && type.name in SCALAR_VALUES) {
    return SCALAR_VALUES[type.name];
  }
  throw new Error(`No base value for the input type ${String(type)}: add it to SCALAR_VALUES.`);
}

/**
 * Selects the fields of `type`, `depth` object levels deep: those without arguments, plus those
 * whose arguments are all optional when `withOptionalArguments` is set. Unions and interfaces get
 * `__typename` only.
 */
export function selectionOf(
  type: GraphQLObjectType,
  depth = 2,
  withOptionalArguments = false,
): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (requiredArguments(field).length > 0 || (field.args.length > 0 && !withOptionalArguments)) {
      continue;
    }
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      parts.push(field.name);
    } else if (isObjectType(named)) {
      if (depth > 0) {
        parts.push(`${field.name} ${selectionOf(named, depth - 1, withOptionalArguments)}`);
      }
    } else {
      parts.push(`${field.name} { __typename }`);
    }
  }

  return `{ ${parts.length > 0 ? parts.join(' ') : '__typename'} }`;
}

/** Collects every string value in a JSON value. */
export function stringsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    found.push(value);
  } else if (Array.isArray(value)) {
    value.forEach((item) => stringsIn(item, found));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach((item) => stringsIn(item, found));
  }

  return found;
}

/** Roles tried first when an operation allows several: the widest staff role that may call it. */
export const ROLE_PREFERENCE: StaffOrResidentRole[] = [
  'ADMINISTRATOR',
  'DEPARTMENT_MANAGER',
  'DECISION_MAKER',
  'AGENT',
  'AUDITOR',
  'RESIDENT',
];

/** Returns the role a walk calls an operation as, or null for an anonymous call. */
export function callerFor(access: AccessRule): StaffOrResidentRole | null {
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
 * Returns a mutation document that calls `field` with `args` as variables, aliased `result`,
 * selecting `selection` from its payload.
 */
export function mutationDocument(
  operationName: string,
  field: GraphQLField<unknown, unknown>,
  args: readonly GraphQLArgument[],
  selection: string,
): string {
  const declarations = args
    .map((argument) => `$${argument.name}: ${String(argument.type)}`)
    .join(', ');
  const passed = args.map((argument) => `${argument.name}: $${argument.name}`).join(', ');
  const header = declarations ? `(${declarations})` : '';
  const call = passed ? `(${passed})` : '';

  return `mutation ${operationName}${header} { result: ${field.name}${call}${selection ? ` ${selection}` : ''} }`;
}

/** Returns the arguments a caller must pass: non-null and without a default. */
export function requiredArguments(field: GraphQLField<unknown, unknown>): GraphQLArgument[] {
  return field.args.filter(
    (argument) => isNonNullType(argument.type) && argument.defaultValue === undefined,
  );
}

/** Reads the ids of the first demo records of each kind, for `baseValue` and the recipes. */
export async function demoIds(server: TestServer): Promise<IdPool> {
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

  return {
    edition: edition.id,
    project: edition.projects.edges[0].node.id,
    consultation: consultation.id,
    statement: consultation.statements.edges[0].node.id,
    jurisdiction: data.jurisdictions.edges[0].node.id,
    category: data.categories.edges[0].node.id,
    district: data.districts.edges[0].node.id,
    case: data.cases.edges[0].node.id,
  };
}

/** Lists the application's tables, without SQLite's own, full-text index and migration tables. */
export async function tableNames(server: TestServer): Promise<string[]> {
  const connection = server.orm.em.getConnection();
  const rows: { name: string }[] =
    server.database.engine === 'sqlite'
      ? await connection.execute(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%' and name <> 'ratusz_migrations'",
        )
      : await connection.execute(
          "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'ratusz_migrations'",
        );

  return rows.map((row) => row.name).sort();
}
