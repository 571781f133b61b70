import type { EntityManager } from '@mikro-orm/core';
import type { ImportContext, ImportOutcome, RejectedRow } from '../imports/importer';
import { ServiceCase } from './case.entity';
import { importedCaseNumber } from './case.service';
import { Category } from './category.entity';
import { District } from './district.entity';
import type { ParsedServiceRequests, ServiceRequestRecord } from './import/service-request.record';
import type { Jurisdiction } from './jurisdiction.entity';
import { codeFromName, ensureJurisdiction, ensureScoped } from './reference.service';

/** Cases written per flush; keeps the identity map and each INSERT statement small. */
const BATCH_SIZE = 500;

/** Maximum length of a stored source id, which is the width of its column. */
const MAX_EXTERNAL_ID_LENGTH = 100;

function categoryCode(record: ServiceRequestRecord): string {
  return record.categoryCode ?? codeFromName(record.category);
}

/** Maps each code to the first name the file uses for it. */
function namesByCode(values: [code: string, name: string][]): Map<string, string> {
  const names = new Map<string, string>();
  for (const [code, name] of values) {
    if (!names.has(code)) {
      names.set(code, name);
    }
  }

  return names;
}

/** Returns the numbers of the cases already stored for these source ids, by source id. */
async function existingNumbers(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  externalIds: string[],
): Promise<Map<string, string>> {
  const numbers = new Map<string, string>();
  for (let start = 0; start < externalIds.length; start += BATCH_SIZE) {
    const found = await em.find(
      ServiceCase,
      { jurisdiction, externalId: { $in: externalIds.slice(start, start + BATCH_SIZE) } },
      { fields: ['externalId', 'number'] },
    );
    for (const item of found) {
      numbers.set(item.externalId!, item.number);
    }
  }

  return numbers;
}

function caseData(
  record: ServiceRequestRecord,
  jurisdiction: Jurisdiction,
  categoryId: string,
  districtId: string | null,
) {
  return {
    number: importedCaseNumber(jurisdiction.code, record.externalId),
    externalId: record.externalId,
    jurisdiction: jurisdiction.id,
    category: categoryId,
    district: districtId,
    status: record.status,
    sourceStatus: record.sourceStatus,
    channel: record.channel,
    latitude: record.latitude ?? null,
    longitude: record.longitude ?? null,
    description: null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt ?? record.closedAt ?? record.createdAt,
    closedAt: record.closedAt ?? null,
  };
}

/**
 * Writes parsed service requests as cases of one jurisdiction, creating the jurisdiction,
 * categories and districts it names. Runs inside the import's transaction. A record whose
 * source id is stored already is rejected, so importing an overlapping extract adds only the
 * new requests. The parser's rejected rows and warnings pass through to the outcome.
 */
export async function writeServiceRequests(
  context: ImportContext,
  jurisdictionRef: { code: string; name: string },
  parsed: ParsedServiceRequests,
): Promise<ImportOutcome> {
  const { em } = context;
  const jurisdiction = await ensureJurisdiction(em, jurisdictionRef.code, jurisdictionRef.name);
  const categories = await ensureScoped(
    em,
    Category,
    jurisdiction,
    namesByCode(parsed.records.map((r) => [categoryCode(r), r.category])),
  );
  const districts = await ensureScoped(
    em,
    District,
    jurisdiction,
    namesByCode(
      parsed.records.flatMap((r) =>
        r.district ? [[codeFromName(r.district), r.district] as [string, string]] : [],
      ),
    ),
  );
  await em.flush();

  const rejected: RejectedRow[] = [...parsed.rejected];
  const stored = await existingNumbers(
    em,
    jurisdiction,
    parsed.records.map((r) => r.externalId),
  );
  const fresh: ServiceRequestRecord[] = [];
  for (const record of parsed.records) {
    const number = stored.get(record.externalId);
    if (number !== undefined) {
      rejected.push({ line: record.line, reason: `already imported as ${number}` });
    } else if (record.externalId.length > MAX_EXTERNAL_ID_LENGTH) {
      rejected.push({
        line: record.line,
        reason: `source id is longer than ${MAX_EXTERNAL_ID_LENGTH} characters`,
      });
    } else {
      fresh.push(record);
    }
  }

  for (let start = 0; start < fresh.length; start += BATCH_SIZE) {
    for (const record of fresh.slice(start, start + BATCH_SIZE)) {
      const category = categories.get(categoryCode(record))!;
      const district = record.district ? districts.get(codeFromName(record.district))! : null;
      em.create(ServiceCase, caseData(record, jurisdiction, category.id, district?.id ?? null));
    }
    await em.flush();
    // Only ids are used from here on, so clearing keeps memory flat on large files.
    em.clear();
    context.progress(Math.min(start + BATCH_SIZE, fresh.length), fresh.length);
  }
  rejected.sort((a, b) => a.line - b.line);

  return {
    imported: fresh.length,
    rejected,
    warnings: parsed.warnings,
    targetId: jurisdiction.id,
    details: {
      jurisdiction: jurisdiction.code,
      categories: categories.size,
      districts: districts.size,
    },
  };
}
