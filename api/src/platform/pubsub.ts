import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { setMaxListeners } from 'node:events';
import { Redis } from 'ioredis';
import type { LiveTopics } from '@ratusz/shared';
import type { Config } from './config';
import type { Logger } from './logger';

/** Shortest time between two log lines about failed Redis pub/sub commands. */
const LOG_INTERVAL_MS = 5_000;

/** Typed pub/sub for the live topics; every payload is plain JSON so it crosses Redis intact. */
export type EventBus = {
  pubSub: PubSub<LiveTopics>;
  /** Resolves when the transport can deliver; rejects when Redis is unreachable. */
  ping: () => Promise<void>;
  close: () => Promise<void>;
  transport: 'in-process' | 'redis';
};

/** The part of the DOM EventTarget interface that `createPubSub` uses. */
type TopicEventTarget = NonNullable<Parameters<typeof createPubSub>[0]>['eventTarget'] & {};

type TopicListener = (event: CustomEvent) => void;

/**
 * Creates an event target whose events travel over Redis pub/sub, on channels named
 * `prefix + topic`. Every Redis command failure is caught and logged (at most once per
 * `LOG_INTERVAL_MS`, with a count), so a Redis outage drops events instead of raising unhandled
 * rejections, which would stop the process on Node 20.
 */
function createRedisTopicTarget(publishClient: Redis, subscribeClient: Redis, prefix: string, logger: Logger): TopicEventTarget {
  const listeners = new Map<string, Set<TopicListener>>();
  let failures = 0;
  let lastLoggedAt = 0;
  const logFailure = (error: unknown, action: string, topic: string) => {
    failures += 1;
    const now = Date.now();
    if (now - lastLoggedAt >= LOG_INTERVAL_MS) {
      logger.warn({ err: error, action, topic, failures }, 'redis pub/sub command failed');
      lastLoggedAt = now;
      failures = 0;
    }
  };

  subscribeClient.on('message', (channel: string, message: string) => {
    const callbacks = listeners.get(channel);
    if (!callbacks) {
      return;
    }
    const event = new CustomEvent(channel.slice(prefix.length), { detail: message === '' ? undefined : JSON.parse(message) });
    for (const callback of callbacks) {
      callback(event);
    }
  });

  const callbackOf = (listener: unknown): TopicListener | undefined => {
    if (typeof listener === 'function') {
      return listener as TopicListener;
    }
    if (listener && typeof listener === 'object' && 'handleEvent' in listener) {
      return (listener as { handleEvent: TopicListener }).handleEvent;
    }

    return undefined;
  };

  return {
    addEventListener: (topic: string, listener: unknown) => {
      const callback = callbackOf(listener);
      if (!callback) {
        return;
      }
      const channel = prefix + topic;
      let callbacks = listeners.get(channel);
      if (!callbacks) {
        callbacks = new Set();
        listeners.set(channel, callbacks);
        subscribeClient.subscribe(channel).catch((error: unknown) => logFailure(error, 'subscribe', topic));
      }
      callbacks.add(callback);
    },
    removeEventListener: (topic: string, listener: unknown) => {
      const callback = callbackOf(listener);
      const channel = prefix + topic;
      const callbacks = listeners.get(channel);
      if (!callback || !callbacks) {
        return;
      }
      callbacks.delete(callback);
      if (callbacks.size === 0) {
        listeners.delete(channel);
        subscribeClient.unsubscribe(channel).catch((error: unknown) => logFailure(error, 'unsubscribe', topic));
      }
    },
    dispatchEvent: (event: Event) => {
      const detail = (event as CustomEvent).detail;
      publishClient
        .publish(prefix + event.type, detail === undefined ? '' : JSON.stringify(detail))
        .catch((error: unknown) => logFailure(error, 'publish', event.type));

      return true;
    },
  } as TopicEventTarget;
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
      eventTarget: createRedisTopicTarget(publishClient, subscribeClient, config.redisPrefix, logger),
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
