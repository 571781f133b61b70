import { MalformedFileError } from '../../imports/importer';
import {
  describeJsonNode,
  memberText,
  objectItems,
  parseJsonTree,
  type JsonObjectNode,
} from './json-tree';
import { parseLocalIsoDateTime } from './local-time';
import { GEOREPORT_FIELDS } from './open311.parser';
import { ServiceRequestCollector, type SourceFormat } from './service-request.collector';
import type { CaseStatus, ParsedServiceRequests } from './service-request.record';

/** San Francisco 2010 Open311 `status` to case status: Open is NEW, Closed is CLOSED. */
export const SF_STATUS: Readonly<Record<string, CaseStatus>> = {
  Open: 'NEW',
  Closed: 'CLOSED',
};

const SF_FORMAT: SourceFormat = {
  fields: { ...GEOREPORT_FIELDS, longitude: 'lon' },
  statuses: SF_STATUS,
  // Seconds are optional because the 2010 export cut one requested_datetime to
  // "2010-11-12 07:07"; its tail ":27.7" became the next object, which is rejected.
  parseDate: (text) => parseLocalIsoDateTime(text, 'America/Los_Angeles'),
  dateFormat: 'YYYY-MM-DD hh:mm:ss.fff (San Francisco local time)',
  closedAtIsUpdatedAt: true,
};

/**
 * Returns a member's value. The export writes null as the string "null" and repeats
 * `updated_datetime` and `expected_datetime`: the first copy contains the timestamp or "null", the
 * second only the flag "true" or "null". So the first value that is neither is the one to keep.
 */
function sfMember(
  request: JsonObjectNode,
  key: string,
  path: string,
  file: string,
): string | undefined {
  for (const [name, node] of request.members) {
    if (name !== key) {
      continue;
    }
    const text = memberText(node, `${path}.${key}`, file);
    if (text !== undefined && text !== 'null' && text !== 'true') {
      return text;
    }
  }

  return undefined;
}

function requestList(content: Buffer, file: string): JsonObjectNode[] {
  const root = parseJsonTree(content, file);
  const requests =
    root.type === 'object' ? root.members.find(([name]) => name === 'requests')?.[1] : undefined;
  if (!requests || requests.type !== 'array') {
    const found = requests
      ? `"requests" is ${describeJsonNode(requests)}`
      : `found ${describeJsonNode(root)}`;
    throw new MalformedFileError(
      file,
      (requests ?? root).line,
      '$.requests',
      `expected an object {"requests": [...]} as San Francisco's 2010 export writes it; ${found}`,
    );
  }

  return objectItems(requests, '$.requests', file);
}

/**
 * Parses San Francisco's 2010 Open311 export (`{"requests": [...]}` with repeated keys, string
 * "null" for null, `lon` for longitude and times without a zone). Record lines are 1-based
 * positions in the `requests` array. Addresses and zip codes are not read.
 */
export function parseSf311Json(content: Buffer, file: string): ParsedServiceRequests {
  const collector = new ServiceRequestCollector(SF_FORMAT);
  requestList(content, file).forEach((request, index) => {
    const path = `$.requests[${index}]`;
    const value = (key: string) => sfMember(request, key, path, file);
    collector.add({
      line: index + 1,
      id: value('service_request_id'),
      category: value('service_name'),
      categoryCode: value('service_code'),
      status: value('status'),
      created: value('requested_datetime'),
      updated: value('updated_datetime'),
      latitude: value('lat'),
      longitude: value('lon'),
      channel: 'OPEN311',
    });
  });

  return collector.result();
}
