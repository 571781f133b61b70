import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../auth/viewer';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { EventBus } from '../pubsub';
import type { RateLimits } from '../rate-limit';
import type { SocketSessions } from './socket-sessions';

/** Per-request state handed to every resolver. */
export type RequestContext = {
  requestId: string;
  /** Forked for this request, so identity maps never leak between requests. */
  em: EntityManager;
  logger: Logger;
  events: EventBus;
  config: Config;
  /** Sender of the request; anonymous when it carried no credentials. */
  viewer: Viewer;
  /** Client address used for rate limits (see `clientAddress`). */
  clientAddress: string;
  rateLimits: RateLimits;
  /** Recounts (explanation, what-if, opinion groups) already run for this request. */
  recounts: { used: number };
  /** Open WebSocket connections of this process, so sign-out can close its session's at once. */
  socketSessions?: Pick<SocketSessions, 'endSession'>;
};
