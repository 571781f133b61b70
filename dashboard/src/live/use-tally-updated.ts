'use client';

import { BUDGET_TALLY_QUERY, TALLY_UPDATED_SUBSCRIPTION } from '@/lib/queries';
import type { Tally } from '@/lib/types';
import type { LiveStatus } from './live-client';
import { refetchQuery } from './refetch';
import { useLiveSnapshot } from './use-live-snapshot';

type TallyUpdatedData = { tallyUpdated: Tally };
type TallyQueryData = { budgetEdition: { tally: Tally } | null };

/** Keeps the tally of one budget edition current from `tallyUpdated` events. */
export function useTallyUpdated(
  wsUrl: string,
  editionId: string,
  initial: Tally,
): { tally: Tally; status: LiveStatus } {
  const { snapshot, status } = useLiveSnapshot(wsUrl, initial, {
    subscription: TALLY_UPDATED_SUBSCRIPTION,
    subscriptionVariables: { editionId },
    fromEvent: (data: TallyUpdatedData) => data.tallyUpdated,
    refetch: () => refetchQuery<TallyQueryData>(BUDGET_TALLY_QUERY, { id: editionId }),
    fromQuery: (data) => data.budgetEdition?.tally ?? null,
  });

  return { tally: snapshot, status };
}
