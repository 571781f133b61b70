import type { CaseChannel, CaseStatus } from '@ratusz/shared';
import type { ImportWarning, RejectedRow } from '../../imports/importer';

export type { CaseChannel, CaseStatus };

/**
 * One service request read from a 311 extract, before it becomes a case. Addresses and free-text
 * descriptions are left out on purpose: addresses are quasi-identifiers and the case model does
 * not publish them.
 */
export type ServiceRequestRecord = {
  /** Line in the file for CSV (the header is line 1); 1-based record index for JSON. */
  line: number;
  externalId: string;
  /** NYC Complaint Type, LA RequestType or Open311 service_name. */
  category: string;
  /** Open311 service_code, when the source has one. */
  categoryCode?: string;
  /** Status exactly as written in the file. */
  sourceStatus: string;
  status: CaseStatus;
  /** NYC borough in title case or LA "Council District <n>"; absent when the source has none. */
  district?: string;
  /** WGS84 degrees; both absent when missing, invalid or exactly (0, 0). */
  latitude?: number;
  longitude?: number;
  createdAt: Date;
  updatedAt?: Date;
  closedAt?: Date;
  channel: CaseChannel;
};

/** Records read from one file, the rows left out with their reasons, and lenient readings. */
export type ParsedServiceRequests = {
  records: ServiceRequestRecord[];
  rejected: RejectedRow[];
  warnings: ImportWarning[];
};
