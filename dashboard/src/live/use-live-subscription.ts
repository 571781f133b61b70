'use client';

import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { sharedLiveClient, type LiveStatus } from './live-client';

const CONNECTING: LiveStatus = { state: 'connecting' };

/** Returns the status of the live connection to `url`, re-rendering when it changes. */
export function useLiveStatus(url: string): LiveStatus {
  const subscribe = useCallback(
    (listener: () => void) => {
      const shared = sharedLiveClient(url);
      shared.listeners.add(listener);

      return () => {
        shared.listeners.delete(listener);
      };
    },
    [url],
  );

  return useSyncExternalStore(
    subscribe,
    () => sharedLiveClient(url).status,
    () => CONNECTING,
  );
}

/** Callbacks of a live subscription. */
export type LiveHandlers<TData> = {
  /** Called with the `data` of each event. */
  onData: (data: TData) => void;
  /**
   * Called when the socket is back after a drop. Events published meanwhile were lost, so a
   * page refetches its snapshot here.
   */
  onResync?: () => void;
};

/**
 * Subscribes to one GraphQL subscription over the page's shared socket while the component is
 * mounted, and resubscribes when `variables` change in value.
 */
export function useLiveSubscription<TData>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  handlers: LiveHandlers<TData>,
): LiveStatus {
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });
  const variablesKey = JSON.stringify(variables);
  const status = useLiveStatus(url);
  const wasStale = useRef(false);

  useEffect(() => {
    const { client } = sharedLiveClient(url);

    return client.subscribe<TData>(
      { query, variables: JSON.parse(variablesKey) as Record<string, unknown> },
      {
        next: (result) => {
          if (result.data) {
            handlersRef.current.onData(result.data);
          }
        },
        // Socket errors are retried by the client and shown through the status.
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }, [url, query, variablesKey]);

  useEffect(() => {
    if (status.state === 'stale') {
      wasStale.current = true;
    } else if (status.state === 'live' && wasStale.current) {
      wasStale.current = false;
      handlersRef.current.onResync?.();
    }
  }, [status]);

  return status;
}
