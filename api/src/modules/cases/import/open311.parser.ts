import { MalformedFileError } from '../../imports/importer';
import {
  describeJsonNode,
  memberText,
  objectItems,
  parseJsonTree,
  type JsonObjectNode,
} from './json-tree';
import { parseZonedIsoDateTime } from './local-time';
import {
  ServiceRequestCollector,
  type SourceFieldNames,
  type SourceFormat,
} from './service-request.collector';
import type { CaseStatus, ParsedServiceRequests } from './service-request.record';

/** GeoReport v2 `status` to case status. The standard allows only lower-case open and closed. */
export const OPEN311_STATUS: Readonly<Record<string, CaseStatus>> = {
  open: 'NEW',
  closed: 'CLOSED',
};

/** GeoReport v2 request fields; San Francisco's 2010 export differs only in `lon`. */
export const GEOREPORT_FIELDS: SourceFieldNames = {
  id: 'service_request_id',
  category: 'service_name',
  status: 'status',
  created: 'requested_datetime',
  updated: 'updated_datetime',
  latitude: 'lat',
  longitude: 'long',
};

const OPEN311_FORMAT: SourceFormat = {
  fields: GEOREPORT_FIELDS,
  statuses: OPEN311_STATUS,
  parseDate: parseZonedIsoDateTime,
  dateFormat: 'ISO 8601 with an offset, such as 2014-07-12T10:58:43-05:00',
  closedAtIsUpdatedAt: true,
};

const READ_KEYS = [
  'service_request_id',
  'service_name',
  'service_code',
  'status',
  'requested_datetime',
  'updated_datetime',
  'lat',
  'long',
] as const;

type ReadKey = (typeof READ_KEYS)[number];

/** Reads the fields this parser uses; a repeated key keeps its first value, with a warning. */
function readMembers(
  request: JsonObjectNode,
  line: number,
  path: string,
  file: string,
  collector: ServiceRequestCollector,
): Partial<Record<ReadKey, string>> {
  const values: Partial<Record<ReadKey, string>> = {};
  const seen = new Set<string>();
  for (const [name, node] of request.members) {
    if (!(READ_KEYS as readonly string[]).includes(name)) {
      continue;
    }
    if (seen.has(name)) {
      collector.warn(line, name, `key "${name}" repeats; the first value is kept`);
      continue;
    }
    seen.add(name);
    const text = memberText(node, `${path}.${name}`, file);
    if (text !== undefined) {
      values[name as ReadKey] = text;
    }
  }

  return values;
}

/**
 * Parses a GeoReport v2 `requests.json` response: a top-level array of requests, as the
 * standard maps XML collections to JSON. Record lines are 1-based positions in the array.
 * Addresses, descriptions and status notes are not read.
 */
export function parseOpen311Json(content: Buffer, file: string): ParsedServiceRequests {
  const root = parseJsonTree(content, file);
  if (root.type !== 'array') {
    throw new MalformedFileError(
      file,
      root.line,
      '$',
      `expected a JSON array of GeoReport v2 requests, found ${describeJsonNode(root)}`,
    );
  }
  const collector = new ServiceRequestCollector(OPEN311_FORMAT);
  objectItems(root, '$', file).forEach((request, index) => {
    const line = index + 1;
    const values = readMembers(request, line, `$[${index}]`, file, collector);
    collector.add({
      line,
      id: values.service_request_id,
      category: values.service_name,
      categoryCode: values.service_code,
      status: values.status,
      created: values.requested_datetime,
      updated: values.updated_datetime,
      latitude: values.lat,
      longitude: values.long,
      channel: 'OPEN311',
    });
  });
  return collector.result();
}
