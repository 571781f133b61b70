import net from 'node:net';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from './config';
import type { Logger } from './logger';

/** Window of the sign-in limits, in seconds. */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
/** Window of the per-address request limit, in seconds. */
export const REQUEST_WINDOW_SECONDS = 60;
/** Window of the per-API-key request limits, in seconds. */
export const API_KEY_WINDOW_SECONDS = 60;
/** How long start-up waits for the limiters' Redis connection before counting in memory. */
const REDIS_READY_TIMEOUT_MS = 5_000;

/**
 * Rate limits shared by every API process when `REDIS_URL` is set, and kept in memory
 * otherwise. Each `consume…` function returns null when the request may go ahead, or the number
 * of whole seconds until it may be retried.
 */
export type RateLimits = {
  store: 'memory' | 'redis';
  /** Counts one request from `address`: an HTTP request, a WebSocket handshake or an operation sent over a WebSocket. */
  consumeRequest: (address: string) => Promise<number | null>;
  /** Counts one sign-in attempt for the account key (a login hash) and for the address. */
  consumeSignIn: (accountKey: string, address: string) => Promise<number | null>;
  /** Forgets the failed attempts of an account after a successful sign-in. */
  resetSignIn: (accountKey: string) => Promise<void>;
  /**
   * Counts one request of the API key `keyId` against its own limit of `perMinute` requests in
   * the key's current 60-second window. A null `perMinute` means no limit.
   */
  consumeApiKey: (keyId: string, perMinute: number | null) => Promise<number | null>;
  /**
   * Resolves once the Redis connection is ready, or after `REDIS_READY_TIMEOUT_MS`. Without the
   * wait, the first requests after start-up fail over to the in-memory limiter and are counted
   * there instead of in the shared window.
   */
  ready: () => Promise<void>;
  close: () => Promise<void>;
};

type LimiterOptions = { keyPrefix: string; points: number; duration: number };

/** Returns the seconds to wait when `error` is a rejection by the limiter, and rethrows anything else. */
function retryAfter(error: unknown): number {
  if (error instanceof RateLimiterRes) {
    return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
  }
  throw error;
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);

    return null;
  } catch (error) {
    return retryAfter(error);
  }
}

/** Creates the limiters from the settings, on Redis when `REDIS_URL` is set. */
export function createRateLimits(config: Config, logger: Logger): RateLimits {
  let redis: Redis | undefined;
  if (config.redisUrl) {
    // rate-limiter-flexible recommends no offline queue: while Redis is down, commands fail at
    // once and the in-memory insurance limiter takes over instead of requests piling up.
    redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', (error: Error) => logger.error({ err: error, role: 'rate-limit' }, 'redis connection error'));
  }
  const limiter = (options: LimiterOptions): RateLimiterAbstract => {
    const keyPrefix = `${config.redisPrefix}rate:${options.keyPrefix}`;
    if (!redis) {
      return new RateLimiterMemory({ ...options, keyPrefix });
    }

    return new RateLimiterRedis({
      ...options,
      keyPrefix,
      storeClient: redis,
      insuranceLimiter: new RateLimiterMemory({ ...options, keyPrefix }),
    });
  };

  const exempt = addressMatcher(config.rateLimitExempt);
  const requests =
    config.requestsPerMinute > 0
      ? limiter({ keyPrefix: 'requests', points: config.requestsPerMinute, duration: REQUEST_WINDOW_SECONDS })
      : null;
  const signInPerAccount = limiter({
    keyPrefix: 'sign-in-account',
    points: config.signInLimitPerAccount,
    duration: SIGN_IN_WINDOW_SECONDS,
  });
  const signInPerAddress = limiter({
    keyPrefix: 'sign-in-address',
    points: config.signInLimitPerAddress,
    duration: SIGN_IN_WINDOW_SECONDS,
  });

  // Each key has its own limit, so the limiter itself never rejects: the points consumed in the
  // window are compared with the key's limit instead.
  const apiKeys = limiter({
    keyPrefix: 'api-key',
    points: Number.MAX_SAFE_INTEGER,
    duration: API_KEY_WINDOW_SECONDS,
  });

  return {
    store: redis ? 'redis' : 'memory',
    consumeRequest: async (address) => (requests && !exempt(address) ? consume(requests, address) : null),
    consumeSignIn: async (accountKey, address) => {
      const [byAddress, byAccount] = await Promise.all([
        consume(signInPerAddress, address),
        consume(signInPerAccount, accountKey),
      ]);
      if (byAddress === null && byAccount === null) {
        return null;
      }

      return Math.max(byAddress ?? 0, byAccount ?? 0);
    },
    resetSignIn: async (accountKey) => {
      await signInPerAccount.delete(accountKey);
    },
    consumeApiKey: async (keyId, perMinute) => {
      if (perMinute === null) {
        return null;
      }
      const window = await apiKeys.consume(keyId);
      if (window.consumedPoints <= perMinute) {
        return null;
      }

      return Math.max(1, Math.ceil(window.msBeforeNext / 1000));
    },
    ready: async () => {
      const client = redis;
      if (!client || client.status === 'ready') {
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn({ role: 'rate-limit', timeoutMs: REDIS_READY_TIMEOUT_MS }, 'redis not ready: counting requests in memory until it is');
          client.off('ready', done);
          resolve();
        }, REDIS_READY_TIMEOUT_MS);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        client.once('ready', done);
      });
    },
    close: async () => {
      redis?.disconnect();
    },
  };
}

const IPV4_MAPPED_PREFIX = '::ffff:';

function normalizeAddress(address: string): string {
  return address.startsWith(IPV4_MAPPED_PREFIX) ? address.slice(IPV4_MAPPED_PREFIX.length) : address;
}

/** Builds a test for membership in a list of addresses and CIDR ranges (validated by `config.ts`). */
export function addressMatcher(entries: readonly string[]): (address: string) => boolean {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      list.addAddress(address, family);
    } else {
      list.addSubnet(address, Number(prefix), family);
    }
  }

  return (address) => {
    const family = net.isIP(address);

    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * Returns the client's address: the socket's peer, or, when the peer is a trusted proxy, the
 * nearest `X-Forwarded-For` entry that is not itself a trusted proxy. Entries further left are
 * written by the client and cannot be trusted.
 */
export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  isTrustedProxy: (address: string) => boolean,
): string {
  const peer = normalizeAddress(remoteAddress ?? 'unknown');
  if (!isTrustedProxy(peer) || !forwardedFor) {
    return peer;
  }
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => normalizeAddress(hop.trim()))
    .filter(Boolean);
  let nearest = peer;
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index]!;
    // A hop that is not an address was not written by a proxy: the hop after it is the
    // last one a trusted proxy vouches for.
    if (net.isIP(hop) === 0) {
      return nearest;
    }
    if (!isTrustedProxy(hop)) {
      return hop;
    }
    nearest = hop;
  }

  return peer;
}
