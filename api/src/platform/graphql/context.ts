import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { EventBus } from '../pubsub';

/** Per-request state handed to every resolver. */
export type RequestContext = {
  requestId: string;
  /** Forked for this request, so identity maps never leak between requests. */
  em: EntityManager;
  logger: Logger;
  events: EventBus;
  config: Config;
};
