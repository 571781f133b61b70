import { collectCsvRequests } from './csv-requests';
import { parseUsDateTime } from './local-time';
import { lookup, presentValue, type SourceFormat } from './service-request.collector';
import type { CaseChannel, CaseStatus, ParsedServiceRequests } from './service-request.record';

/**
 * NYC 311 `Status` to case status. Pending and Open are reported but not yet taken up by an
 * agency (NEW); Assigned means an agency has it (ACKNOWLEDGED); Started means work began
 * (IN_PROGRESS); Closed is CLOSED.
 */
export const NYC_STATUS: Readonly<Record<string, CaseStatus>> = {
  Closed: 'CLOSED',
  Pending: 'NEW',
  Assigned: 'ACKNOWLEDGED',
  Open: 'NEW',
  Started: 'IN_PROGRESS',
};

/** NYC `Open Data Channel Type` to channel; OTHER, UNKNOWN and anything else are IMPORT. */
const NYC_CHANNEL: Readonly<Record<string, CaseChannel>> = {
  PHONE: 'PHONE',
  ONLINE: 'WEB',
  MOBILE: 'MOBILE_APP',
};

const BOROUGH = 'Borough';
const CHANNEL = 'Open Data Channel Type';

const NYC_FORMAT: SourceFormat = {
  fields: {
    id: 'Unique Key',
    category: 'Complaint Type',
    status: 'Status',
    created: 'Created Date',
    updated: 'Resolution Action Updated Date',
    closed: 'Closed Date',
    latitude: 'Latitude',
    longitude: 'Longitude',
  },
  statuses: NYC_STATUS,
  parseDate: (text) => parseUsDateTime(text, 'America/New_York'),
  dateFormat: 'MM/DD/YYYY hh:mm:ss AM (New York local time)',
};

/** Returns "Staten Island" for "STATEN ISLAND"; undefined for an empty or "Unspecified" borough. */
function boroughName(value: string | undefined): string | undefined {
  const borough = presentValue(value);
  if (!borough || borough.toLowerCase() === 'unspecified') {
    return undefined;
  }

  return borough.toLowerCase().replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}

/**
 * Parses an extract of NYC Open Data "311 Service Requests from 2010 to Present" (CSV with a
 * header). Addresses, descriptors and resolution texts are not read.
 */
export function parseNyc311Csv(content: Buffer, file: string): ParsedServiceRequests {
  return collectCsvRequests(content, file, NYC_FORMAT, [BOROUGH, CHANNEL], (cell) => ({
    district: boroughName(cell(BOROUGH)),
    channel: lookup(NYC_CHANNEL, cell(CHANNEL)) ?? 'IMPORT',
  }));
}
