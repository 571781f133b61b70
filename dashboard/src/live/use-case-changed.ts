'use client';

import { useState } from 'react';
import { CASE_CHANGED_SUBSCRIPTION } from '@/lib/queries';
import type { LiveStatus } from './live-client';
import { refetchQuery } from './refetch';
import { useLiveSubscription } from './use-live-subscription';
import { useThrottledTask } from './use-throttled-task';

/** The part of a `caseChanged` event the dashboard reads. */
export type CaseChangedData = {
  caseChanged: { kind: 'CREATED' | 'UPDATED'; case: { id: string } };
};

/** Pages that redraw on case changes refetch at most this often, in milliseconds. */
export const CASE_REFETCH_INTERVAL_MS = 2_000;

/** Calls `onChange` for every case opened or changed in a jurisdiction (all when null). */
export function useCaseChanged(
  wsUrl: string,
  jurisdictionId: string | null,
  onChange: (event: CaseChangedData['caseChanged']) => void,
  onResync?: () => void,
): LiveStatus {
  return useLiveSubscription<CaseChangedData>(
    wsUrl,
    CASE_CHANGED_SUBSCRIPTION,
    { jurisdictionId },
    { onData: (data) => onChange(data.caseChanged), onResync },
  );
}

/** Data kept fresh by refetching after case changes, with the live status and last error. */
export type CaseDrivenData<T> = { data: T; status: LiveStatus; refetchError: string | null };

/** The query a page reruns after case changes, and how to read its value out of the data. */
export type RefetchSpec<TData, T> = {
  query: string;
  variables: Record<string, unknown>;
  pick: (data: TData) => T;
};

/**
 * Holds `initial` and replaces it with a fresh result of `spec.query` after case changes in the
 * jurisdiction, at most once per `CASE_REFETCH_INTERVAL_MS` however many cases change.
 */
export function useRefetchOnCaseChange<TData, T>(
  wsUrl: string,
  jurisdictionId: string | null,
  initial: T,
  spec: RefetchSpec<TData, T>,
): CaseDrivenData<T> {
  const [data, setData] = useState(initial);
  const [refetchError, setRefetchError] = useState<string | null>(null);

  const refetch = () => {
    refetchQuery<TData>(spec.query, spec.variables).then(
      (latest) => {
        setData(spec.pick(latest));
        setRefetchError(null);
      },
      (error: unknown) => setRefetchError(error instanceof Error ? error.message : String(error)),
    );
  };
  const throttledRefetch = useThrottledTask(refetch, CASE_REFETCH_INTERVAL_MS);
  const status = useCaseChanged(wsUrl, jurisdictionId, throttledRefetch, throttledRefetch);

  return { data, status, refetchError };
}
