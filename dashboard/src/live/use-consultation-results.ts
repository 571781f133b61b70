'use client';

import { useEffect, useRef, useState } from 'react';
import {
  CONSULTATION_GROUPS_QUERY,
  CONSULTATION_RESULTS_QUERY,
  CONSULTATION_RESULTS_SUBSCRIPTION,
} from '@/lib/queries';
import type { ConsultationResults, OpinionGroups } from '@/lib/types';
import type { LiveStatus } from './live-client';
import { refetchQuery } from './refetch';
import { useLiveSnapshot } from './use-live-snapshot';
import { useLiveSubscription } from './use-live-subscription';
import { useThrottledTask } from './use-throttled-task';

/**
 * Shortest time between two refetches of opinion groups, in milliseconds. The API recomputes
 * the groups on each request, so a burst of votes triggers one refetch, not one per vote.
 */
export const GROUPS_REFRESH_INTERVAL_MS = 5_000;

type ResultsUpdatedData = { consultationResultsUpdated: ConsultationResults };
type ResultsQueryData = { consultation: { results: ConsultationResults | null } | null };
type GroupsQueryData = { consultation: { opinionGroups: OpinionGroups | null } | null };

/** Keeps the results of one consultation current from `consultationResultsUpdated` events. */
export function useConsultationResultsUpdated(
  wsUrl: string,
  consultationId: string,
  initial: ConsultationResults,
): { results: ConsultationResults; status: LiveStatus } {
  const { snapshot, status } = useLiveSnapshot(wsUrl, initial, {
    subscription: CONSULTATION_RESULTS_SUBSCRIPTION,
    subscriptionVariables: { consultationId },
    fromEvent: (data: ResultsUpdatedData) => data.consultationResultsUpdated,
    refetch: () =>
      refetchQuery<ResultsQueryData>(CONSULTATION_RESULTS_QUERY, { id: consultationId }),
    fromQuery: (data) => data.consultation?.results ?? null,
  });

  return { results: snapshot, status };
}

/**
 * Waits for the results of a consultation whose results policy hides them, and passes the
 * first results the subscription or a resynchronising refetch brings to `onOpen`.
 */
export function useResultsOpening(
  wsUrl: string,
  consultationId: string,
  onOpen: (results: ConsultationResults) => void,
): LiveStatus {
  return useLiveSubscription<ResultsUpdatedData>(
    wsUrl,
    CONSULTATION_RESULTS_SUBSCRIPTION,
    { consultationId },
    {
      onData: (data) => onOpen(data.consultationResultsUpdated),
      onResync: () => {
        refetchQuery<ResultsQueryData>(CONSULTATION_RESULTS_QUERY, { id: consultationId }).then(
          (data) => {
            const results = data.consultation?.results;
            if (results) {
              onOpen(results);
            }
          },
          () => undefined,
        );
      },
    },
  );
}

/**
 * Keeps the opinion groups of a consultation current: refetches them, throttled, whenever the
 * results change (`updatedAt`), and at once when the page starts without them.
 */
export function useOpinionGroups(
  consultationId: string,
  updatedAt: string,
  initial: OpinionGroups | null,
): OpinionGroups | null {
  const [groups, setGroups] = useState(initial);
  const shownFor = useRef(initial === null ? null : updatedAt);
  const refresh = useThrottledTask(() => {
    refetchQuery<GroupsQueryData>(CONSULTATION_GROUPS_QUERY, { id: consultationId }).then(
      (data) => setGroups(data.consultation?.opinionGroups ?? null),
      // The next results update triggers another refetch.
      () => undefined,
    );
  }, GROUPS_REFRESH_INTERVAL_MS);

  useEffect(() => {
    if (shownFor.current !== updatedAt) {
      shownFor.current = updatedAt;
      refresh();
    }
  }, [updatedAt, refresh]);

  return groups;
}
