import type { EntityManager } from '@mikro-orm/core';
import { validateServiceAttributes, type ServiceAttribute, type ServiceType } from '@ratusz/shared';
import type { UserError } from '../../platform/graphql/user-error';
import { isCaseModuleId } from '../cases/case.errors';
import { Category } from '../cases/category.entity';
import { Jurisdiction } from '../cases/jurisdiction.entity';
import { catalogueErrors } from './catalogue.errors';
import { ServiceDefinition } from './service-definition.entity';

/** The fields of a service definition that staff write; every update replaces all of them. */
export type ServiceFields = {
  name: string;
  description: string;
  group?: string | null;
  keywords?: string[] | null;
  type: ServiceType;
  serviceNotice?: string | null;
  attributes?: ServiceAttribute[] | null;
};

/** Outcome of a catalogue mutation: the new current version, or why nothing changed. */
export type CatalogueResult = { definition: ServiceDefinition | null; errors: UserError[] };

const SERVICE_CODE = /^[A-Za-z0-9_.-]{1,120}$/;

function fieldErrors(fields: ServiceFields): UserError[] {
  const errors: UserError[] = [];
  const name = fields.name.trim();
  if (name.length === 0 || name.length > 200) {
    errors.push(catalogueErrors.invalidText('name', 200));
  }
  if (fields.description.trim().length === 0 || fields.description.length > 4_000) {
    errors.push(catalogueErrors.invalidText('description', 4_000));
  }
  if (fields.group != null && (fields.group.trim().length === 0 || fields.group.length > 200)) {
    errors.push(catalogueErrors.invalidText('group', 200));
  }
  if (
    (fields.keywords ?? []).some(
      (keyword) => keyword.trim().length === 0 || keyword.length > 100 || keyword.includes(','),
    )
  ) {
    errors.push(catalogueErrors.invalidText('keywords', 100));
  }
  if (fields.serviceNotice != null && fields.serviceNotice.length > 4_000) {
    errors.push(catalogueErrors.invalidText('serviceNotice', 4_000));
  }
  errors.push(...validateServiceAttributes(fields.attributes ?? []).map(catalogueErrors.attribute));

  return errors;
}

function newVersion(
  em: EntityManager,
  category: Category,
  version: number,
  fields: ServiceFields,
  retired: boolean,
  now: Date,
): ServiceDefinition {
  return em.create(ServiceDefinition, {
    category,
    version,
    name: fields.name.trim(),
    description: fields.description.trim(),
    serviceGroup: fields.group?.trim() || null,
    keywords: (fields.keywords ?? []).map((keyword) => keyword.trim()),
    type: fields.type,
    serviceNotice: fields.serviceNotice?.trim() || null,
    attributes: [...(fields.attributes ?? [])]
      .sort((a, b) => a.order - b.order)
      .map((attribute) => ({ ...attribute, values: attribute.values ?? [] })),
    retired,
    createdAt: now,
  });
}

/** Returns the newest definition version of a category, or null when it has none. */
export async function latestDefinition(
  em: EntityManager,
  category: Category | string,
): Promise<ServiceDefinition | null> {
  return em.findOne(
    ServiceDefinition,
    { category },
    { orderBy: { version: 'desc' }, populate: ['category'] },
  );
}

/**
 * Adds a service to the catalogue of a jurisdiction: the category with `serviceCode` (created
 * when missing, renamed to the service name when it exists) and its first definition version.
 */
export async function createService(
  em: EntityManager,
  input: ServiceFields & { jurisdictionId: string; serviceCode: string },
  now = new Date(),
): Promise<CatalogueResult> {
  const errors = fieldErrors(input);
  if (!SERVICE_CODE.test(input.serviceCode)) {
    errors.push(catalogueErrors.invalidServiceCode(input.serviceCode));
  }
  const jurisdiction = isCaseModuleId(input.jurisdictionId)
    ? await em.findOne(Jurisdiction, { id: input.jurisdictionId })
    : null;
  if (!jurisdiction) {
    errors.push(catalogueErrors.unknownJurisdiction(input.jurisdictionId));
  }
  if (!jurisdiction || errors.length > 0) {
    return { definition: null, errors };
  }
  const existing = await em.findOne(Category, { jurisdiction, code: input.serviceCode });
  if (existing && (await latestDefinition(em, existing))) {
    return { definition: null, errors: [catalogueErrors.serviceExists(input.serviceCode)] };
  }

  const definition = await em.transactional(async (tx) => {
    const category = existing
      ? tx.merge(existing)
      : tx.create(Category, { jurisdiction, code: input.serviceCode, name: input.name.trim() });
    category.name = input.name.trim();

    return newVersion(tx, category, 1, input, false, now);
  });

  return { definition, errors: [] };
}

async function changeService(
  em: EntityManager,
  categoryId: string,
  change: (current: ServiceDefinition) => { fields: ServiceFields; retired: boolean },
  now: Date,
): Promise<CatalogueResult> {
  const current = isCaseModuleId(categoryId) ? await latestDefinition(em, categoryId) : null;
  if (!current) {
    return { definition: null, errors: [catalogueErrors.unknownService(categoryId)] };
  }
  if (current.retired) {
    return { definition: null, errors: [catalogueErrors.retired(current.category.code)] };
  }
  const { fields, retired } = change(current);
  const errors = fieldErrors(fields);
  if (errors.length > 0) {
    return { definition: null, errors };
  }
  const definition = await em.transactional(async (tx) => {
    current.category.name = fields.name.trim();

    return newVersion(tx, current.category, current.version + 1, fields, retired, now);
  });

  return { definition, errors: [] };
}

/** Replaces the definition of a service with a new version; earlier requests keep theirs. */
export async function updateService(
  em: EntityManager,
  input: ServiceFields & { categoryId: string },
  now = new Date(),
): Promise<CatalogueResult> {
  return changeService(em, input.categoryId, () => ({ fields: input, retired: false }), now);
}

/** Retires a service: it leaves the Open311 list and accepts no new requests. */
export async function retireService(
  em: EntityManager,
  categoryId: string,
  now = new Date(),
): Promise<CatalogueResult> {
  return changeService(
    em,
    categoryId,
    (current) => ({
      fields: {
        name: current.name,
        description: current.description,
        group: current.serviceGroup,
        keywords: current.keywords,
        type: current.type,
        serviceNotice: current.serviceNotice,
        attributes: current.attributes,
      },
      retired: true,
    }),
    now,
  );
}

/**
 * Returns the current definition of every service of a jurisdiction, in service code order;
 * retired services only when `includeRetired` is set.
 */
export async function currentDefinitions(
  em: EntityManager,
  jurisdiction: Jurisdiction | string,
  includeRetired = false,
): Promise<ServiceDefinition[]> {
  const versions = await em.find(
    ServiceDefinition,
    { category: { jurisdiction } },
    { populate: ['category'], orderBy: { version: 'asc' } },
  );
  const latest = new Map<string, ServiceDefinition>();
  for (const version of versions) {
    latest.set(version.category.id, version);
  }

  return [...latest.values()]
    .filter((definition) => includeRetired || !definition.retired)
    .sort((a, b) =>
      a.category.code < b.category.code ? -1 : a.category.code > b.category.code ? 1 : 0,
    );
}

/** Returns the current definition of one service code, retired or not, or null. */
export async function currentDefinitionByCode(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  serviceCode: string,
): Promise<ServiceDefinition | null> {
  return em.findOne(
    ServiceDefinition,
    { category: { jurisdiction, code: serviceCode } },
    { orderBy: { version: 'desc' }, populate: ['category'] },
  );
}

/** Returns the time of the newest catalogue change in a jurisdiction, or null when it has none. */
export async function catalogueChangedAt(
  em: EntityManager,
  jurisdiction: Jurisdiction,
): Promise<Date | null> {
  const newest = await em.findOne(
    ServiceDefinition,
    { category: { jurisdiction } },
    { orderBy: { createdAt: 'desc' }, fields: ['createdAt'] },
  );

  return newest?.createdAt ?? null;
}
