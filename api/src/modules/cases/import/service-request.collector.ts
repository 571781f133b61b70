import type { ImportWarning, RejectedRow } from '../../imports/importer';
import type {
  CaseChannel,
  CaseStatus,
  ParsedServiceRequests,
  ServiceRequestRecord,
} from './service-request.record';

/** The source's own names for the fields, used in rejection reasons and warnings. */
export type SourceFieldNames = {
  id: string;
  category: string;
  status: string;
  created: string;
  updated?: string;
  closed?: string;
  latitude: string;
  longitude: string;
};

/** Per-source settings: field names, status table and date parser. */
export type SourceFormat = {
  fields: SourceFieldNames;
  statuses: Readonly<Record<string, CaseStatus>>;
  parseDate: (text: string) => Date | undefined;
  /** The date pattern, shown in messages about unreadable dates. */
  dateFormat: string;
  /**
   * Whether a closed request's `updated` time is its closing time, as GeoReport v2 defines
   * `updated_datetime` for closed requests.
   */
  closedAtIsUpdatedAt?: boolean;
};

/** One row split into fields, before validation. Empty and missing values are `undefined`. */
export type RawServiceRequest = {
  line: number;
  id?: string;
  category?: string;
  categoryCode?: string;
  status?: string;
  created?: string;
  updated?: string;
  closed?: string;
  latitude?: string;
  longitude?: string;
  district?: string;
  channel: CaseChannel;
};

type Problem = { field: string; reason: string };

type RequiredFields = Pick<
  ServiceRequestRecord,
  'externalId' | 'category' | 'sourceStatus' | 'status' | 'createdAt'
>;

/**
 * Validates raw rows of one file into service-request records. A row with an unreadable
 * required field (id, category, status, created date) becomes a rejected row. An unreadable
 * optional field becomes a warning and is left out of the record.
 */
export class ServiceRequestCollector {
  private readonly records: ServiceRequestRecord[] = [];
  private readonly rejected: RejectedRow[] = [];
  private readonly warnings: ImportWarning[] = [];
  private readonly lineById = new Map<string, number>();

  constructor(private readonly format: SourceFormat) {}

  add(raw: RawServiceRequest): void {
    const required = this.readRequired(raw);
    if (Array.isArray(required)) {
      const [first] = required;
      const reason = required.map((problem) => problem.reason).join('; ');
      this.rejected.push({ line: raw.line, field: first?.field, reason });

      return;
    }
    this.lineById.set(required.externalId, raw.line);

    this.records.push({
      line: raw.line,
      ...required,
      ...(raw.categoryCode === undefined ? {} : { categoryCode: raw.categoryCode }),
      ...(raw.district === undefined ? {} : { district: raw.district }),
      ...this.readCoordinates(raw),
      ...this.readOptionalDates(raw, required.createdAt, required.status),
      channel: raw.channel,
    });
  }

  result(): ParsedServiceRequests {
    return { records: this.records, rejected: this.rejected, warnings: this.warnings };
  }

  /** Returns the required fields, or every problem with them (created date first). */
  private readRequired(raw: RawServiceRequest): RequiredFields | Problem[] {
    const { fields, statuses, dateFormat } = this.format;
    const problems: Problem[] = [];
    const createdAt = raw.created === undefined ? undefined : this.format.parseDate(raw.created);
    if (raw.created === undefined) {
      problems.push({ field: fields.created, reason: `${fields.created} is missing` });
    } else if (!createdAt) {
      problems.push({
        field: fields.created,
        reason: `invalid ${fields.created} "${raw.created}"; expected ${dateFormat}`,
      });
    }
    if (raw.id === undefined) {
      problems.push({ field: fields.id, reason: `${fields.id} is missing` });
    } else if (this.lineById.has(raw.id)) {
      const firstLine = this.lineById.get(raw.id);
      problems.push({
        field: fields.id,
        reason: `${fields.id} "${raw.id}" repeats the request on line ${firstLine}; only the first is kept`,
      });
    }
    if (raw.category === undefined) {
      problems.push({ field: fields.category, reason: `${fields.category} is missing` });
    }
    const status = lookup(statuses, raw.status);
    if (!status) {
      const accepted = Object.keys(statuses).join(', ');
      const written =
        raw.status === undefined ? 'missing status' : `unknown status "${raw.status}"`;
      problems.push({ field: fields.status, reason: `${written}; expected one of ${accepted}` });
    }
    if (problems.length > 0 || !createdAt || !raw.id || !raw.category || !raw.status || !status) {
      return problems;
    }

    return {
      externalId: raw.id,
      category: raw.category,
      sourceStatus: raw.status,
      status,
      createdAt,
    };
  }

  private readCoordinates(raw: RawServiceRequest): { latitude?: number; longitude?: number } {
    const { fields } = this.format;
    if (raw.latitude === undefined && raw.longitude === undefined) {
      return {};
    }
    const latitude = Number(raw.latitude);
    const longitude = Number(raw.longitude);
    const where = `${fields.latitude}/${fields.longitude} "${raw.latitude ?? ''}", "${raw.longitude ?? ''}"`;
    if (raw.latitude === undefined || raw.longitude === undefined) {
      this.warn(raw.line, fields.latitude, `${where} has only one coordinate; location left empty`);

      return {};
    }
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      this.warn(raw.line, fields.latitude, `invalid ${where}; location left empty`);

      return {};
    }
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      this.warn(raw.line, fields.latitude, `${where} is outside WGS84 range; location left empty`);

      return {};
    }
    // (0, 0) is in the Gulf of Guinea: exports write it for "no location".
    if (latitude === 0 && longitude === 0) {
      return {};
    }

    return { latitude, longitude };
  }

  private readOptionalDates(
    raw: RawServiceRequest,
    createdAt: Date,
    status: CaseStatus,
  ): { updatedAt?: Date; closedAt?: Date } {
    const { fields, closedAtIsUpdatedAt } = this.format;
    const updatedAt = this.readOptionalDate(raw.line, fields.updated, raw.updated);
    let closedAt = this.readOptionalDate(raw.line, fields.closed, raw.closed);
    if (closedAtIsUpdatedAt && status === 'CLOSED' && updatedAt) {
      closedAt = updatedAt;
    }
    if (closedAt && closedAt < createdAt) {
      this.warn(
        raw.line,
        fields.closed ?? fields.updated,
        `closed at ${closedAt.toISOString()}, before it was created at ${createdAt.toISOString()}; kept as written`,
      );
    }

    return { ...(updatedAt ? { updatedAt } : {}), ...(closedAt ? { closedAt } : {}) };
  }

  private readOptionalDate(line: number, field?: string, text?: string): Date | undefined {
    if (field === undefined || text === undefined) {
      return undefined;
    }
    const date = this.format.parseDate(text);
    if (!date) {
      this.warn(
        line,
        field,
        `invalid ${field} "${text}"; expected ${this.format.dateFormat}; left empty`,
      );
    }

    return date;
  }

  /** Records a lenient reading that an operator should know about. */
  warn(line: number, field: string | undefined, message: string): void {
    this.warnings.push({ line, ...(field === undefined ? {} : { field }), message });
  }
}

/** Returns the trimmed value, or undefined when it is empty. */
export function presentValue(value: string | undefined): string | undefined {
  const trimmed = value?.trim();

  return trimmed ? trimmed : undefined;
}

/** Returns the table's value for a key, or undefined (never an Object.prototype member). */
export function lookup<V>(
  table: Readonly<Record<string, V>>,
  key: string | undefined,
): V | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
