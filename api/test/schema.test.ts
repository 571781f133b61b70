import 'reflect-metadata';
import fs from 'node:fs';
import { createPubSub } from '@graphql-yoga/subscription';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { printCurrentSchema, SCHEMA_PATH } from '../src/cli/emit-schema';
import { createSchema } from '../src/platform/graphql/schema';

function fieldsOf(type: GraphQLNamedType) {
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    return Object.values(type.getFields());
  }

  return [];
}

describe('GraphQL schema', () => {
  it('matches the committed schema.graphql', async () => {
    const committed = fs.readFileSync(SCHEMA_PATH, 'utf8');

    // On a mismatch run `npm run schema` and commit the result.
    expect(await printCurrentSchema()).toBe(committed);
  });

  it('describes every type, field and enum value', async () => {
    const schema = await createSchema(createPubSub());
    const undescribed: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) {
        continue;
      }
      const isRoot = ['Query', 'Mutation', 'Subscription'].includes(type.name);
      if (!isRoot && !type.description && (isObjectType(type) || isEnumType(type) || isInputObjectType(type) || isUnionType(type) || isScalarType(type))) {
        undescribed.push(type.name);
      }
      for (const field of fieldsOf(type)) {
        if (!field.description) {
          undescribed.push(`${type.name}.${field.name}`);
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) {
          if (!value.description) {
            undescribed.push(`${type.name}.${value.name}`);
          }
        }
      }
    }

    expect(undescribed).toEqual([]);
  });
});
