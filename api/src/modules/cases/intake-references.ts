import type { EntityManager } from '@mikro-orm/core';
import type { ReferenceView } from '../../platform/reference-cache/reference-cache';
import { Webhook } from '../webhooks/webhook.entity';
import { isCaseModuleId } from './case.errors';
import { Category } from './category.entity';
import { District } from './district.entity';
import { Jurisdiction } from './jurisdiction.entity';
import { RoutingRule } from './routing-rule.entity';

/**
 * Reference data that opening a case in one jurisdiction reads: its categories (with their
 * departments), its districts (with boundaries, in code order) and its routing rules (with
 * their departments).
 */
export type JurisdictionIntake = {
  jurisdiction: Jurisdiction;
  categories: ReadonlyMap<string, Category>;
  districts: readonly District[];
  districtsById: ReadonlyMap<string, District>;
  rules: readonly RoutingRule[];
};

async function loadIntake(
  em: EntityManager,
  jurisdictionId: string,
): Promise<JurisdictionIntake | null> {
  const jurisdiction = await em.findOne(Jurisdiction, { id: jurisdictionId });
  if (!jurisdiction) {
    return null;
  }
  const categories = await em.find(Category, { jurisdiction }, { populate: ['department'] });
  const districts = await em.find(
    District,
    { jurisdiction },
    { populate: ['boundary'], orderBy: { code: 'asc' } },
  );
  const rules = await em.find(RoutingRule, { jurisdiction }, { populate: ['department'] });

  return {
    jurisdiction,
    categories: new Map(categories.map((category) => [category.id, category])),
    districts,
    districtsById: new Map(districts.map((district) => [district.id, district])),
    rules,
  };
}

/** Returns the intake references of a jurisdiction, or null for an unknown or malformed id. */
export async function jurisdictionIntake(
  view: ReferenceView,
  jurisdictionId: string,
): Promise<JurisdictionIntake | null> {
  if (!isCaseModuleId(jurisdictionId)) {
    return null;
  }

  return view.get(`intake:${jurisdictionId}`, (em) => loadIntake(em, jurisdictionId));
}

/** Returns the webhooks that are not disabled, oldest first. */
export function activeWebhooks(view: ReferenceView): Promise<Webhook[]> {
  return view.get('webhooks:active', (em) =>
    em.find(Webhook, { disabledAt: null }, { orderBy: { createdAt: 'asc' } }),
  );
}
