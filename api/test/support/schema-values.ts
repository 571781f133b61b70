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
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';

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

function hasRequiredArguments(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some(
    (argument) => isNonNullType(argument.type) && argument.defaultValue === undefined,
  );
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
    if (hasRequiredArguments(field) || (field.args.length > 0 && !withOptionalArguments)) {
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
