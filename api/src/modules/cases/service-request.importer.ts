import path from 'node:path';
import type { Importer } from '../imports/importer';
import { writeServiceRequests } from './case-import.service';
import type { ParsedServiceRequests } from './import/service-request.record';

/** A 311 format: how to parse it and which jurisdiction its cases belong to. */
export type ServiceRequestFormat = {
  kind: string;
  description: string;
  parse: (content: Buffer, file: string) => ParsedServiceRequests;
  /** Fixed for city extracts; read from the command-line options for generic formats. */
  jurisdiction: (options: Record<string, string>, file: string) => { code: string; name: string };
};

/** Builds the importer of one 311 format: parse the whole file, then write its cases. */
export function serviceRequestImporter(format: ServiceRequestFormat): Importer {
  return {
    kind: format.kind,
    description: format.description,
    run: async (filePath, content, context) => {
      const file = path.basename(filePath);
      const jurisdiction = format.jurisdiction(context.options, file);
      const parsed = format.parse(content, file);

      return writeServiceRequests(context, jurisdiction, parsed);
    },
  };
}
