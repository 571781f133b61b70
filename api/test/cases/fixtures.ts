import type { CaseChannel, CaseStatus } from '@ratusz/shared';
import type { Orm } from '../../src/platform/database';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { Category } from '../../src/modules/cases/category.entity';
import { District } from '../../src/modules/cases/district.entity';
import {
  codeFromName,
  ensureJurisdiction,
  ensureScoped,
} from '../../src/modules/cases/reference.service';

/** One case to write directly, bypassing openCase, so tests control every field. */
export type CaseSeed = {
  category: string;
  district?: string;
  status?: CaseStatus;
  channel?: CaseChannel;
  createdAt: string;
  latitude?: number;
  longitude?: number;
  description?: string;
};

/** Ids of what `seedCases` wrote, by name. */
export type SeededCity = {
  jurisdictionId: string;
  categories: Record<string, string>;
  districts: Record<string, string>;
  cases: string[];
};

/** Writes a jurisdiction with the given cases; numbers are `<CODE>-T<n>` in seed order. */
export async function seedCases(
  orm: Orm,
  code: string,
  name: string,
  seeds: CaseSeed[],
): Promise<SeededCity> {
  const em = orm.em.fork();
  const jurisdiction = await ensureJurisdiction(em, code, name);
  const names = (values: (string | undefined)[]) =>
    new Map(
      values
        .filter((value): value is string => Boolean(value))
        .map((value) => [codeFromName(value), value]),
    );
  const categories = await ensureScoped(
    em,
    Category,
    jurisdiction,
    names(seeds.map((seed) => seed.category)),
  );
  const districts = await ensureScoped(
    em,
    District,
    jurisdiction,
    names(seeds.map((seed) => seed.district)),
  );

  const cases = seeds.map((seed, index) =>
    em.create(ServiceCase, {
      number: `${code.toUpperCase()}-T${index + 1}`,
      jurisdiction,
      category: categories.get(codeFromName(seed.category))!,
      district: seed.district ? districts.get(codeFromName(seed.district))! : null,
      status: seed.status ?? 'NEW',
      channel: seed.channel ?? 'WEB',
      latitude: seed.latitude ?? null,
      longitude: seed.longitude ?? null,
      description: seed.description ?? null,
      createdAt: new Date(seed.createdAt),
      updatedAt: new Date(seed.createdAt),
      closedAt: null,
    }),
  );
  await em.flush();

  const byName = (map: Map<string, Category | District>) =>
    Object.fromEntries([...map.values()].map((item) => [item.name, item.id]));

  return {
    jurisdictionId: jurisdiction.id,
    categories: byName(categories),
    districts: byName(districts),
    cases: cases.map((item) => item.id),
  };
}
