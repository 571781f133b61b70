import type { Configuration, EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';

/**
 * Values read from the reference tables through one version of them. `get` returns the value
 * cached for `key` at this version, or calls `load` with an entity manager of its own and
 * caches the result. Null results and failed loads are not cached, so keys made from
 * client input (unknown ids, codes or secrets) cannot grow the cache. Loaded values are shared
 * between requests, so callers must not change them or hand them to an entity manager (pass
 * their ids instead).
 */
export type ReferenceView = {
  get<T>(key: string, load: (em: EntityManager) => Promise<T>): Promise<T>;
};

/**
 * In-process cache of reference data, emptied whenever the `reference_version` counter moves.
 * Each request reads the counter (one indexed single-row select) in place of the queries the
 * cached values replace. Requests that ask for a view in the same event-loop turn share one
 * read, which starts after the last of them asked, so every request still reads each change
 * committed before it asked.
 */
export class ReferenceCache {
  private version: bigint | null = null;
  private entries = new Map<string, Promise<unknown>>();
  /** The shared read that has not started yet, which callers arriving now join. */
  private nextRead: Promise<bigint> | null = null;

  /**
   * Reads the current version and returns a view of it. Inside a transaction the view reads
   * through `em` and caches nothing, because the transaction may see its own uncommitted
   * changes under a version number that a rollback would hand to different data.
   */
  async view(em: EntityManager): Promise<ReferenceView> {
    if (em.isInTransaction()) {
      const reader = em.fork({ clear: true, keepTransactionContext: true });

      return { get: (_key, load) => load(reader) };
    }
    const version = await this.readVersion(em);
    if (this.version === null || version > this.version) {
      this.version = version;
      this.entries = new Map();
    }
    // A request that read an older version than another one already cached bypasses the cache.
    const entries = version === this.version ? this.entries : null;

    return {
      get: <T>(key: string, load: (em: EntityManager) => Promise<T>): Promise<T> => {
        const cached = entries?.get(key);
        if (cached) {
          return cached as Promise<T>;
        }
        const loaded = load(em.fork({ clear: true }));
        if (entries) {
          entries.set(key, loaded);
          const forget = () => entries.get(key) === loaded && entries.delete(key);
          loaded.then((value) => value == null && forget(), forget);
        }

        return loaded;
      },
    };
  }

  /**
   * Joins the read that the next event-loop turn starts, or schedules one. A read that has
   * started is never joined: it may have missed a change committed after it began.
   */
  private readVersion(em: EntityManager): Promise<bigint> {
    if (!this.nextRead) {
      this.nextRead = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.nextRead = null;

        return readVersionRow(em);
      });
    }

    return this.nextRead;
  }
}

async function readVersionRow(em: EntityManager): Promise<bigint> {
  const rows = await (em as SqlEntityManager).execute<{ version: number | string | bigint }[]>(
    'select version from reference_version where id = 1',
  );
  const row = rows[0];
  if (!row) {
    throw new Error(
      'The reference_version row is missing: its migration creates it, so the database was changed by hand.',
    );
  }

  return BigInt(row.version);
}

const caches = new WeakMap<Configuration, ReferenceCache>();

/** Returns the reference cache of the database that `em` belongs to (one per MikroORM instance). */
export function referenceCache(em: EntityManager): ReferenceCache {
  let cache = caches.get(em.config);
  if (!cache) {
    cache = new ReferenceCache();
    caches.set(em.config, cache);
  }

  return cache;
}

/** Reads the reference view for one request; shorthand for `referenceCache(em).view(em)`. */
export function referenceView(em: EntityManager): Promise<ReferenceView> {
  return referenceCache(em).view(em);
}
