import 'server-only';
import { notFound } from 'next/navigation';
import { loadSection, queryAllNodes } from './api';
import { JURISDICTIONS_QUERY } from './queries';
import type { Jurisdiction } from './types';

/**
 * The jurisdiction a case page shows: none when the cases module is not deployed or nothing is
 * imported yet, else the chosen one with the full list for switching.
 */
export type JurisdictionChoice =
  | { kind: 'unavailable' }
  | { kind: 'empty' }
  | { kind: 'chosen'; jurisdictions: Jurisdiction[]; selected: Jurisdiction };

/**
 * Picks the jurisdiction named in the address when it exists, else the first one, so the page
 * is useful without parameters.
 */
export function selectJurisdiction(
  jurisdictions: Jurisdiction[],
  requestedId: string | null,
): Jurisdiction | null {
  return jurisdictions.find((item) => item.id === requestedId) ?? jurisdictions[0] ?? null;
}

/** Loads the jurisdictions and picks one; an address naming an unknown one is a 404. */
export async function chooseJurisdiction(requestedId: string | null): Promise<JurisdictionChoice> {
  const section = await loadSection(() =>
    queryAllNodes<Jurisdiction>(JURISDICTIONS_QUERY, 'jurisdictions'),
  );
  if (!section.available) {
    return { kind: 'unavailable' };
  }
  const selected = selectJurisdiction(section.data, requestedId);
  if (requestedId && selected?.id !== requestedId) {
    notFound();
  }

  return selected ? { kind: 'chosen', jurisdictions: section.data, selected } : { kind: 'empty' };
}
