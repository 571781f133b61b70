import type { EntityManager } from '@mikro-orm/core';
import type { ServiceAttribute } from '@ratusz/shared';
import { Category } from '../cases/category.entity';
import type { Jurisdiction } from '../cases/jurisdiction.entity';
import { createService } from '../catalogue/catalogue.service';
import { DEMO_CATEGORIES } from './demo-city';

type DemoCategoryName = (typeof DEMO_CATEGORIES)[number]['name'];

const POTHOLE_SIZE: ServiceAttribute = {
  code: 'SIZE',
  variable: true,
  datatype: 'singlevaluelist',
  required: true,
  datatypeDescription: null,
  order: 1,
  description: 'How large is the pothole?',
  values: [
    { key: 'small', name: 'Smaller than a plate' },
    { key: 'medium', name: 'About a wheel wide' },
    { key: 'large', name: 'Wider than a wheel' },
  ],
};

const LIGHT_POLE: ServiceAttribute = {
  code: 'POLE_NUMBER',
  variable: true,
  datatype: 'string',
  required: false,
  datatypeDescription: 'The number painted on the pole, if there is one.',
  order: 1,
  description: 'Pole number',
  values: [],
};

/** Open311 group, keywords and questions of each demo category. */
export const DEMO_SERVICES: Record<
  DemoCategoryName,
  { group: string; keywords: string[]; attributes?: ServiceAttribute[] }
> = {
  Pothole: { group: 'Streets', keywords: ['road', 'asphalt'], attributes: [POTHOLE_SIZE] },
  'Broken street light': {
    group: 'Streets',
    keywords: ['lamp', 'lighting'],
    attributes: [LIGHT_POLE],
  },
  'Illegal dumping': { group: 'Sanitation', keywords: ['rubbish', 'fly-tipping'] },
  Graffiti: { group: 'Sanitation', keywords: ['vandalism', 'paint'] },
  'Overflowing bin': { group: 'Sanitation', keywords: ['litter', 'waste'] },
  Noise: { group: 'Public order', keywords: ['music', 'party'] },
  'Fallen tree': { group: 'Parks', keywords: ['branch', 'storm'] },
  'Blocked pavement': { group: 'Streets', keywords: ['sidewalk', 'obstruction'] },
  'Abandoned vehicle': { group: 'Public order', keywords: ['car', 'wreck'] },
  'Playground damage': { group: 'Parks', keywords: ['swing', 'slide'] },
};

/**
 * Publishes every demo category as a realtime Open311 service whose code is the category code,
 * so `services.json` lists them on a fresh start. Runs after the demo cases are written,
 * inside the seed's transaction.
 */
export async function seedDemoServices(
  em: EntityManager,
  jurisdiction: Jurisdiction,
  now: Date,
): Promise<void> {
  const categories = new Map(
    (await em.find(Category, { jurisdiction })).map((item) => [item.name, item]),
  );
  for (const { name } of DEMO_CATEGORIES) {
    const service = DEMO_SERVICES[name];
    const result = await createService(
      em,
      {
        jurisdictionId: jurisdiction.id,
        serviceCode: categories.get(name)!.code,
        name,
        description: `${name} in Demo City (generated data).`,
        group: service.group,
        keywords: service.keywords,
        type: 'realtime',
        attributes: service.attributes ?? [],
      },
      now,
    );
    if (result.errors.length > 0) {
      throw new Error(
        `Demo service ${name} is invalid: ${result.errors.map((error) => error.message).join(' ')}`,
      );
    }
  }
}
