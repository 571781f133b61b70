'use client';

import { useState } from 'react';
import { newerSnapshot, type Stamped } from '@/lib/snapshot';
import type { LiveStatus } from './live-client';
import { useLiveSubscription } from './use-live-subscription';

/** Source of a live snapshot: its subscription, and the query that resynchronises it. */
export type SnapshotSource<TSnapshot, TEvent, TQuery> = {
  subscription: string;
  subscriptionVariables: Record<string, unknown>;
  /** Reads the snapshot out of a subscription event. */
  fromEvent: (data: TEvent) => TSnapshot;
  refetch: () => Promise<TQuery>;
  /** Reads the snapshot out of the refetched data; null when the record is gone. */
  fromQuery: (data: TQuery) => TSnapshot | null;
};

/**
 * Keeps a snapshot current from a subscription whose events carry the whole snapshot, ignoring
 * any that is older than the one shown. After a dropped connection it refetches once, because
 * events published meanwhile were lost.
 */
export function useLiveSnapshot<TSnapshot extends Stamped, TEvent, TQuery>(
  wsUrl: string,
  initial: TSnapshot,
  source: SnapshotSource<TSnapshot, TEvent, TQuery>,
): { snapshot: TSnapshot; status: LiveStatus } {
  const [snapshot, setSnapshot] = useState(initial);
  const accept = (incoming: TSnapshot | null) => {
    if (incoming) {
      setSnapshot((current) => newerSnapshot(current, incoming));
    }
  };

  const status = useLiveSubscription<TEvent>(
    wsUrl,
    source.subscription,
    source.subscriptionVariables,
    {
      onData: (data) => accept(source.fromEvent(data)),
      onResync: () => {
        source.refetch().then(
          (data) => accept(source.fromQuery(data)),
          // The socket is back, so the next event brings the snapshot up to date anyway.
          () => undefined,
        );
      },
    },
  );

  return { snapshot, status };
}
