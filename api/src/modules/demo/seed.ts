import type { Orm } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import type { EventBus } from '../../platform/pubsub';

/**
 * Fills an empty database with the generated demo city. Does nothing when any data exists.
 */
export async function seedDemoIfEmpty(_orm: Orm, _events: EventBus, logger: Logger): Promise<void> {
  // TODO: generate the demo city once the case, budget and consultation modules exist.
  logger.info('demo seed skipped: no modules registered yet');
}
