import { createClient, type Client } from 'graphql-ws';

/**
 * State of the live connection: `connecting` before the first successful connection, `live`
 * while the socket is open, `stale` from the moment it dropped until it reconnects.
 */
export type LiveStatus =
  | { state: 'connecting' }
  | { state: 'live'; connectedAt: string }
  | { state: 'stale'; since: string };

/** Maximum pause between reconnection attempts, in milliseconds. */
const MAX_RETRY_WAIT_MS = 10_000;

/** Interval of graphql-ws pings, in milliseconds; a missed pong closes the socket sooner. */
const KEEP_ALIVE_MS = 10_000;

type SharedClient = {
  client: Client;
  status: LiveStatus;
  listeners: Set<() => void>;
};

const clients = new Map<string, SharedClient>();

function setStatus(shared: SharedClient, status: LiveStatus): void {
  shared.status = status;
  for (const listener of shared.listeners) {
    listener();
  }
}

/** Exponential back-off with jitter, so many open dashboards do not reconnect in step. */
async function waitBeforeRetry(retries: number): Promise<void> {
  const base = Math.min(MAX_RETRY_WAIT_MS, 500 * 2 ** retries);
  await new Promise((resolve) => setTimeout(resolve, base / 2 + Math.random() * (base / 2)));
}

function createSharedClient(url: string): SharedClient {
  const shared: SharedClient = {
    status: { state: 'connecting' },
    listeners: new Set(),
    client: createClient({
      url,
      lazy: true,
      keepAlive: KEEP_ALIVE_MS,
      // A public dashboard should keep trying for as long as it is open, whatever closed it.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: waitBeforeRetry,
    }),
  };
  shared.client.on('connected', () => {
    setStatus(shared, { state: 'live', connectedAt: new Date().toISOString() });
  });
  shared.client.on('closed', () => {
    if (shared.status.state === 'live') {
      setStatus(shared, { state: 'stale', since: new Date().toISOString() });
    }
  });

  return shared;
}

/**
 * Returns the one graphql-ws client of this page for `url`. All subscriptions of a page share
 * its socket, and graphql-ws resubscribes them after a reconnect.
 */
export function sharedLiveClient(url: string): SharedClient {
  let shared = clients.get(url);
  if (!shared) {
    shared = createSharedClient(url);
    clients.set(url, shared);
  }

  return shared;
}
