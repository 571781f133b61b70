import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { setMaxListeners } from 'node:events';
import { Redis } from 'ioredis';
import type { LiveTopics } from '@ratusz/shared';
import type { Config } from './config';
import type { Logger } from './logger';

/** Typed pub/sub for the live topics; every payload is plain JSON so it crosses Redis intact. */
export type EventBus = {
  pubSub: PubSub<LiveTopics>;
  /** Resolves when the transport can deliver; rejects when Redis is unreachable. */
  ping: () => Promise<void>;
  close: () => Promise<void>;
  transport: 'in-process' | 'redis';
};

type EventTarget = ReturnType<typeof createRedisEventTarget>;

/**
 * Wraps a Redis event target so every channel name starts with `prefix`. Subscribers registered
 * through the wrapper receive only events published through a wrapper with the same prefix.
 */
function withChannelPrefix(target: EventTarget, prefix: string): EventTarget {
  return {
    addEventListener: (type, callback, options) => target.addEventListener(prefix + type, callback, options),
    removeEventListener: (type, callback, options) => target.removeEventListener(prefix + type, callback, options),
    dispatchEvent: (event) => {
      const detail = (event as CustomEvent).detail;

      return target.dispatchEvent(new CustomEvent(prefix + event.type, { detail }));
    },
  };
}

/**
 * Creates the pub/sub bus. Without `REDIS_URL`, events stay in this process. With it, every event
 * goes through Redis, so a subscriber connected to one API process receives events published by
 * any other.
 */
export function createEventBus(config: Pick<Config, 'redisUrl' | 'redisPrefix'>, logger: Logger): EventBus {
  if (!config.redisUrl) {
    // Every subscriber adds a listener to the topic, and a dashboard topic has hundreds, so
    // Node's default warning at 11 listeners per event would fire on normal use.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);

    return {
      pubSub: createPubSub<LiveTopics>({ eventTarget }),
      ping: async () => {},
      close: async () => {},
      transport: 'in-process',
    };
  }

  const options = { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: false };
  const publishClient = new Redis(config.redisUrl, options);
  const subscribeClient = new Redis(config.redisUrl, options);
  for (const [role, client] of [
    ['publish', publishClient],
    ['subscribe', subscribeClient],
  ] as const) {
    // ioredis reconnects by itself; log each failure so an outage is visible, without crashing.
    client.on('error', (error: Error) => logger.error({ err: error, role }, 'redis connection error'));
  }

  return {
    pubSub: createPubSub<LiveTopics>({
      eventTarget: withChannelPrefix(
        createRedisEventTarget({ publishClient, subscribeClient }),
        config.redisPrefix,
      ),
    }),
    ping: async () => {
      await publishClient.ping();
    },
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
    transport: 'redis',
  };
}
