import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import canonicalize from 'canonicalize';
import { AuditChainHead, AuditEvent, type AuditDetails } from './audit-event.entity';

/** `previousHash` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** Input of `appendAudit`: the facts a module records about one change. */
export type AuditInput = {
  action: string;
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  details?: AuditDetails;
};

const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const DETAIL_KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9]{0,63}$/;
/**
 * Ids, hashes (hex or base64), enum codes and dates match; text with spaces or an `@`, such as
 * names, addresses and e-mail addresses, does not.
 */
const DETAIL_VALUE_PATTERN = /^[A-Za-z0-9_.:+/=-]{0,200}$/;

/** An audit input that could carry personal values or break the chain format. */
export class InvalidAuditEventError extends Error {}

function checkInput(input: AuditInput): void {
  if (!ACTION_PATTERN.test(input.action)) {
    throw new InvalidAuditEventError(`Audit action ${JSON.stringify(input.action)} is invalid: use noun.verb in lower case, such as account.created.`);
  }
  for (const [field, value] of [['subjectId', input.subjectId], ['actorId', input.actorId]] as const) {
    if (value !== null && !DETAIL_VALUE_PATTERN.test(value)) {
      throw new InvalidAuditEventError(
        `Audit ${field} is not an id, hash or code: audit events carry no personal values, so store hashIdentifier() of it instead.`,
      );
    }
  }
  for (const [key, value] of Object.entries(input.details ?? {})) {
    if (!DETAIL_KEY_PATTERN.test(key)) {
      throw new InvalidAuditEventError(`Audit detail key ${JSON.stringify(key)} is invalid: use a camelCase name.`);
    }
    if (typeof value === 'string' && !DETAIL_VALUE_PATTERN.test(value)) {
      throw new InvalidAuditEventError(
        `Audit detail ${key} is not an id, hash or code: audit events carry no personal values, so store hashIdentifier() of it instead.`,
      );
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new InvalidAuditEventError(`Audit detail ${key} is ${value}: use a finite number.`);
    }
  }
}

/** Computes the hash of an event from its fields other than `hash` and `id`. */
export function auditEventHash(event: Omit<AuditEvent, 'hash' | 'id'>): string {
  const content = canonicalize({
    position: event.position,
    occurredAt: event.occurredAt.toISOString(),
    action: event.action,
    actorId: event.actorId,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    details: event.details,
  });

  return createHash('sha256').update(`${event.previousHash}\n${content}`).digest('hex');
}

/**
 * Appends an event to the audit chain inside the caller's transaction, so the event is stored
 * if and only if the change it records is. Throws when `em` is not in a transaction.
 */
export async function appendAudit(em: EntityManager, input: AuditInput): Promise<AuditEvent> {
  const [event] = await appendAuditEntries(em, [input]);

  return event as AuditEvent;
}

/**
 * Appends events to the audit chain, in the order given, inside the caller's transaction, with
 * three statements however many there are. Throws when `em` is not in a transaction.
 *
 * The first statement moves the chain head past the new positions and returns it. That locks
 * the head row until the transaction ends, so concurrent appends from any API process wait for
 * each other, and each reads the hash the one before it wrote.
 */
export async function appendAuditEntries(em: EntityManager, inputs: readonly AuditInput[]): Promise<AuditEvent[]> {
  if (!em.isInTransaction()) {
    throw new Error('appendAudit runs inside the transaction of the change it records: call it within em.transactional().');
  }
  if (inputs.length === 0) {
    return [];
  }
  inputs.forEach(checkInput);
  const sql = em as SqlEntityManager;
  const [head] = await sql.execute<{ position: number | string; hash: string }[]>(
    'update audit_chain_head set position = position + ? where id = 1 returning position, hash',
    [inputs.length],
  );
  if (!head) {
    throw new Error('The audit_chain_head row is missing: the audit migration creates it, so the database was changed by hand.');
  }

  let position = Number(head.position) - inputs.length;
  let previousHash = head.hash;
  const events = inputs.map((input) => {
    position += 1;
    const event = Object.assign(new AuditEvent(), {
      position,
      occurredAt: new Date(),
      action: input.action,
      actorId: input.actorId,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      details: input.details ?? {},
      previousHash,
    });
    event.hash = auditEventHash(event);
    previousHash = event.hash;

    return event;
  });
  await em.insertMany(AuditEvent, events);
  await sql.execute('update audit_chain_head set hash = ? where id = 1', [previousHash], 'run');

  return events;
}

/** The first entry at which the chain stops matching its hashes. */
export type BrokenLink = {
  /** Id of the entry, or null when the chain head disagrees with the last entry. */
  id: string | null;
  position: number;
  reason: string;
};

/** Result of `verifyAuditChain`. */
export type AuditVerification = { events: number; broken: BrokenLink | null };

/** Entries read per query while verifying. */
const VERIFY_BATCH_SIZE = 1_000;

/**
 * Recomputes every hash in position order and checks each link, the absence of gaps, and that
 * the chain head matches the last entry (so removing entries from the end is detected as well).
 */
export async function verifyAuditChain(em: EntityManager): Promise<AuditVerification> {
  let previousHash = GENESIS_HASH;
  let expectedPosition = 1;
  for (;;) {
    const batch = await em.find(
      AuditEvent,
      { position: { $gte: expectedPosition } },
      { orderBy: { position: 'asc' }, limit: VERIFY_BATCH_SIZE },
    );
    for (const event of batch) {
      const broken = checkLink(event, expectedPosition, previousHash);
      if (broken) {
        return { events: expectedPosition - 1, broken };
      }
      previousHash = event.hash;
      expectedPosition += 1;
    }
    em.clear();
    if (batch.length < VERIFY_BATCH_SIZE) {
      break;
    }
  }

  const events = expectedPosition - 1;
  const head = await em.findOne(AuditChainHead, { id: 1 });
  if (!head || head.position !== events || head.hash !== previousHash) {
    return {
      events,
      broken: {
        id: null,
        position: head?.position ?? 0,
        reason: `the chain head records position ${head?.position ?? 'none'}, but the entries end at position ${events}: entries were removed or the head was changed`,
      },
    };
  }

  return { events, broken: null };
}

function checkLink(event: AuditEvent, expectedPosition: number, previousHash: string): BrokenLink | null {
  const at = { id: event.id, position: event.position };
  if (event.position !== expectedPosition) {
    return { ...at, reason: `expected position ${expectedPosition}: entries before it are missing` };
  }
  if (event.previousHash !== previousHash) {
    return { ...at, reason: 'previousHash does not match the hash of the entry before it' };
  }
  if (auditEventHash(event) !== event.hash) {
    return { ...at, reason: 'the stored hash does not match the entry: its fields were changed' };
  }

  return null;
}
