import type { CaseReference, CaseSnapshot } from '@ratusz/shared';
import type { ServiceCase } from './case.entity';
import type { Category } from './category.entity';
import type { Department } from './department.entity';
import type { District } from './district.entity';
import type { Jurisdiction } from './jurisdiction.entity';
import type { CaseNode, CategoryNode, DistrictNode, JurisdictionNode } from './case.types';

/** Decimal places kept in public coordinates: 3 places is about 110 m of latitude. */
export const PUBLIC_COORDINATE_DECIMALS = 3;

/**
 * Rounds a coordinate for public output, so a published case points at a block rather than a
 * doorstep (bulky-item pickups, for example, are at residents' homes).
 */
function publicCoordinate(value: number | null | undefined): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  const factor = 10 ** PUBLIC_COORDINATE_DECIMALS;

  return Math.round(value * factor) / factor;
}

function reference(entity: Jurisdiction | Category | District | Department): CaseReference {
  return { id: entity.id, code: entity.code, name: entity.name };
}

/**
 * Builds the public JSON form of a case. Its jurisdiction, category, district and department
 * must be loaded. The description is left out on purpose, and coordinates are rounded.
 */
export function caseSnapshot(entity: ServiceCase): CaseSnapshot {
  return {
    id: entity.id,
    number: entity.number,
    jurisdiction: reference(entity.jurisdiction),
    category: reference(entity.category),
    district: entity.district ? reference(entity.district) : null,
    status: entity.status,
    sourceStatus: entity.sourceStatus ?? null,
    channel: entity.channel,
    // NOTE: every caller is public until staff roles exist; staff will need exact coordinates.
    latitude: publicCoordinate(entity.latitude),
    longitude: publicCoordinate(entity.longitude),
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    closedAt: entity.closedAt?.toISOString() ?? null,
    closeReason: entity.closeReason ?? null,
    respondedAt: entity.respondedAt?.toISOString() ?? null,
    resolvedAt: entity.resolvedAt?.toISOString() ?? null,
    department: entity.department ? reference(entity.department) : null,
    warningAt: entity.warningAt?.toISOString() ?? null,
    dueAt: entity.dueAt?.toISOString() ?? null,
    clockPausedAt: entity.clockPausedAt?.toISOString() ?? null,
  };
}

/** Builds the GraphQL jurisdiction from an entity or a snapshot reference. */
export function jurisdictionNode(source: CaseReference): JurisdictionNode {
  return { id: source.id, code: source.code, name: source.name };
}

/** Builds the GraphQL category, district or department; its jurisdiction must be loaded. */
export function scopedNode(entity: Category | District | Department): CategoryNode & DistrictNode {
  return { ...reference(entity), jurisdiction: jurisdictionNode(entity.jurisdiction) };
}

function dateOrNull(value: string | null): Date | null {
  return value ? new Date(value) : null;
}

/** Builds the GraphQL case from a snapshot, so events and queries render alike. */
export function caseNode(snapshot: CaseSnapshot): CaseNode {
  const jurisdiction = jurisdictionNode(snapshot.jurisdiction);

  return {
    ...snapshot,
    jurisdiction,
    category: { ...snapshot.category, jurisdiction },
    district: snapshot.district ? { ...snapshot.district, jurisdiction } : null,
    department: snapshot.department ? { ...snapshot.department, jurisdiction } : null,
    createdAt: new Date(snapshot.createdAt),
    updatedAt: new Date(snapshot.updatedAt),
    closedAt: dateOrNull(snapshot.closedAt),
    respondedAt: dateOrNull(snapshot.respondedAt),
    resolvedAt: dateOrNull(snapshot.resolvedAt),
    warningAt: dateOrNull(snapshot.warningAt),
    dueAt: dateOrNull(snapshot.dueAt),
    clockPausedAt: dateOrNull(snapshot.clockPausedAt),
  };
}
