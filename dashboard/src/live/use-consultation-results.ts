'use client';

import { CONSULTATION_RESULTS_QUERY, CONSULTATION_RESULTS_SUBSCRIPTION } from '@/lib/queries';
import type { ConsultationResults } from '@/lib/types';
import type { LiveStatus } from './live-client';
import { refetchQuery } from './refetch';
import { useLiveSnapshot } from './use-live-snapshot';

type ResultsUpdatedData = { consultationResultsUpdated: ConsultationResults };
type ResultsQueryData = { consultation: { results: ConsultationResults | null } | null };

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
