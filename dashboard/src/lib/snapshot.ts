/** A result that the API stamps with the time it was computed. */
export type Stamped = { updatedAt: string };

/**
 * Picks the newer of two snapshots of the same result. A refetch that returns after a live event
 * can carry an older state, and it must not overwrite the newer one. Equal stamps take the
 * incoming snapshot.
 */
export function newerSnapshot<T extends Stamped>(current: T, incoming: T): T {
  return Date.parse(incoming.updatedAt) >= Date.parse(current.updatedAt) ? incoming : current;
}
