import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { createPubSub } from '@graphql-yoga/subscription';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createSchema } from '../platform/graphql/schema';

/** Path of the committed schema, which a test compares with the code. */
export const SCHEMA_PATH = path.resolve(__dirname, '..', '..', 'schema.graphql');

/** Prints the schema as SDL, with a header saying how it is made. */
export async function printCurrentSchema(): Promise<string> {
  const schema = await createSchema(createPubSub());

  return `# Generated from the resolvers by \`npm run schema\`; do not edit by hand.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (require.main === module) {
  printCurrentSchema().then(
    (sdl) => {
      fs.writeFileSync(SCHEMA_PATH, sdl);
      process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
