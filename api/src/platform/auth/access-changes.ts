import type {
  EntityManager,
  EventSubscriber,
  FlushEventArgs,
  TransactionEventArgs,
} from '@mikro-orm/core';
import { LIVE_TOPICS, type AccessChangedEvent } from '@ratusz/shared';
import type { Orm } from '../database';
import type { EventBus } from '../pubsub';

/** Entities whose changes can end or narrow what an open connection may receive. */
const WATCHED = {
  Account: 'accountIds',
  AccountSession: 'sessionIds',
  ApiKey: 'apiKeyIds',
} as const satisfies Record<string, keyof AccessChangedEvent>;

function isEmpty(event: AccessChangedEvent): boolean {
  return event.accountIds.length + event.sessionIds.length + event.apiKeyIds.length === 0;
}

/**
 * Watches flushes for updated or deleted accounts, sessions and API keys and announces their ids
 * once the change is committed, so every API process re-checks its WebSockets of those
 * credentials at once instead of at the next periodic check.
 *
 * The ids are kept per entity manager from the flush until its transaction commits. A flush in a
 * transaction that a nested fork opened is not announced, because its ids are kept under that
 * fork while only the outer transaction's commit runs the hooks. The periodic check (`RATUSZ_WS_SESSION_CHECK_SECONDS`) still finds it, as it
 * finds SQL written by hand.
 */
export class AccessChangeSubscriber implements EventSubscriber {
  private readonly pending = new WeakMap<EntityManager, AccessChangedEvent>();

  constructor(private readonly announce: (event: AccessChangedEvent) => void) {}

  onFlush(args: FlushEventArgs): void {
    let event: AccessChangedEvent | undefined;
    for (const changeSet of args.uow.getChangeSets()) {
      const key = WATCHED[changeSet.meta.className as keyof typeof WATCHED];
      if (!key || changeSet.type === 'create') {
        continue;
      }
      event ??= this.pending.get(args.em) ?? { accountIds: [], sessionIds: [], apiKeyIds: [] };
      const id = String(changeSet.getPrimaryKey());
      if (!event[key].includes(id)) {
        event[key].push(id);
      }
    }
    if (event) {
      this.pending.set(args.em, event);
    }
  }

  /** Announces the changes of a flush outside a transaction, which has committed by now. */
  afterFlush(args: FlushEventArgs): void {
    if (!args.em.isInTransaction()) {
      this.release(args.em);
    }
  }

  afterTransactionCommit(args: TransactionEventArgs): void {
    this.release(args.em);
  }

  afterTransactionRollback(args: TransactionEventArgs): void {
    this.pending.delete(args.em);
  }

  private release(em: EntityManager): void {
    const event = this.pending.get(em);
    this.pending.delete(em);
    if (event && !isEmpty(event)) {
      this.announce(event);
    }
  }
}

/** Announces the committed access changes of `orm` on the bus of `events`. */
export function announceAccessChanges(orm: Orm, events: EventBus): void {
  orm.em.getEventManager().registerSubscriber(
    new AccessChangeSubscriber((event) => {
      void events.pubSub.publish(LIVE_TOPICS.accessChanged, event);
    }),
  );
}
