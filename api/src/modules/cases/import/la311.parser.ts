import { collectCsvRequests } from './csv-requests';
import { parseUsDateTime } from './local-time';
import { lookup, type SourceFormat } from './service-request.collector';
import type { CaseChannel, CaseStatus, ParsedServiceRequests } from './service-request.record';

/**
 * MyLA311 `Status` to case status. Cancelled and Referred Out end the city's handling of the
 * request, so they are CLOSED like Closed; Open and Pending are NEW.
 */
export const LA_STATUS: Readonly<Record<string, CaseStatus>> = {
  Closed: 'CLOSED',
  Cancelled: 'CLOSED',
  'Referred Out': 'CLOSED',
  Open: 'NEW',
  Pending: 'NEW',
};

/**
 * MyLA311 `RequestSource` to channel. Driver Self Report, Council's Office, Voicemail, Walk-in
 * and anything else are IMPORT.
 */
const LA_CHANNEL: Readonly<Record<string, CaseChannel>> = {
  Call: 'PHONE',
  'Mobile App': 'MOBILE_APP',
  'Self Service': 'WEB',
  Email: 'EMAIL',
};

const COUNCIL_DISTRICT = 'CD';
const CHANNEL = 'RequestSource';

const LA_FORMAT: SourceFormat = {
  fields: {
    id: 'SRNumber',
    category: 'RequestType',
    status: 'Status',
    created: 'CreatedDate',
    updated: 'UpdatedDate',
    closed: 'ClosedDate',
    latitude: 'Latitude',
    longitude: 'Longitude',
  },
  statuses: LA_STATUS,
  parseDate: (text) => parseUsDateTime(text, 'America/Los_Angeles'),
  dateFormat: 'MM/DD/YYYY hh:mm:ss AM (Los Angeles local time)',
};

/**
 * Parses a MyLA311 Service Request Data CSV export. Addresses, the anonymity flag and council
 * member names are not read.
 */
export function parseLa311Csv(content: Buffer, file: string): ParsedServiceRequests {
  return collectCsvRequests(content, file, LA_FORMAT, [COUNCIL_DISTRICT, CHANNEL], (cell) => {
    const councilDistrict = cell(COUNCIL_DISTRICT);

    return {
      ...(councilDistrict ? { district: `Council District ${councilDistrict}` } : {}),
      channel: lookup(LA_CHANNEL, cell(CHANNEL)) ?? 'IMPORT',
    };
  });
}
