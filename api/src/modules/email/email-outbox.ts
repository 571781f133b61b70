import type { EntityManager } from '@mikro-orm/core';
import nodemailer from 'nodemailer';
import type { CaseStatus } from '@ratusz/shared';
import type { Orm } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { errorForLog } from '../../platform/orm-logger';
import type { ServiceCase } from '../cases/case.entity';
import { CaseContact, EmailOutboxMessage } from './email.entities';

/** Attempts per message before it is marked failed. */
export const MAX_DELIVERY_ATTEMPTS = 10;
/** Wait after the first failed attempt. It doubles with each further failure, up to `MAX_RETRY_DELAY_MS`. */
export const FIRST_RETRY_DELAY_MS = 30_000;
export const MAX_RETRY_DELAY_MS = 60 * 60_000;
/** How long a claimed message stays reserved for one process before another may take it. */
export const CLAIM_LEASE_MS = 5 * 60_000;
/** Messages claimed per worker run. */
const BATCH_SIZE = 20;

/** Function that sends one e-mail, such as the one `smtpSender` builds. */
export type MailSender = (message: { to: string; subject: string; text: string }) => Promise<void>;

/** Builds a sender for an `smtp://` or `smtps://` URL. */
export function smtpSender(smtpUrl: string, from: string): MailSender & { close: () => void } {
  const transport = nodemailer.createTransport(smtpUrl);
  const send = async (message: { to: string; subject: string; text: string }) => {
    await transport.sendMail({ from, ...message });
  };

  return Object.assign(send, { close: () => transport.close() });
}

/**
 * Writes a status e-mail to every contact of `serviceCase` in the transaction `tx`, so the mail
 * goes out if and only if the status change commits. The text contains the case number, the
 * new status and the public note, and never the internal note.
 */
export async function enqueueStatusEmails(
  tx: EntityManager,
  serviceCase: ServiceCase,
  status: CaseStatus,
  publicNote: string | null,
  now: Date,
): Promise<number> {
  const contacts = await tx.find(CaseContact, { serviceCase });
  const statusText = status.replaceAll('_', ' ').toLowerCase();
  const lines = [
    `Your report ${serviceCase.number} has a new status: ${statusText}.`,
    ...(publicNote ? ['', `Message from the city:`, publicNote] : []),
    '',
    `To add information, reply to this e-mail and keep ${serviceCase.number} in the subject.`,
  ];
  for (const contact of contacts) {
    tx.create(EmailOutboxMessage, {
      contact,
      subject: `[${serviceCase.number}] Status: ${statusText}`,
      text: lines.join('\n'),
      nextAttemptAt: now,
      createdAt: now,
    });
  }

  return contacts.length;
}

/** Delay before attempt `attempts + 1`, after `attempts` failures. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_DELAY_MS);
}

/**
 * Claims a message for this process. The conditional update succeeds for one process only, on
 * SQLite and PostgreSQL alike, because the second update no longer matches the free lease.
 */
async function claim(em: EntityManager, id: string, now: Date): Promise<boolean> {
  const updated = await em.nativeUpdate(
    EmailOutboxMessage,
    { id, sentAt: null, failedAt: null, $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }] },
    { lockedUntil: new Date(now.getTime() + CLAIM_LEASE_MS) },
  );

  return updated === 1;
}

/** Summary of one worker run. */
export type DeliveryRun = { sent: number; failed: number };

/**
 * Sends the due messages once. A failed message is retried after `retryDelayMs` and marked
 * failed after `MAX_DELIVERY_ATTEMPTS`.
 * NOTE: delivery is at least once. If the process stops after the SMTP server accepted a
 * message but before `sentAt` is written, the message is sent again after its lease expires.
 */
export async function deliverDueEmails(
  orm: Orm,
  send: MailSender,
  logger: Logger,
  now = new Date(),
): Promise<DeliveryRun> {
  const em = orm.em.fork();
  const due = await em.find(
    EmailOutboxMessage,
    {
      sentAt: null,
      failedAt: null,
      nextAttemptAt: { $lte: now },
      $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }],
    },
    { orderBy: { createdAt: 'asc' }, limit: BATCH_SIZE, populate: ['contact'] },
  );
  const run: DeliveryRun = { sent: 0, failed: 0 };
  for (const message of due) {
    if (!(await claim(em, message.id, now))) {
      continue;
    }
    try {
      await send({ to: message.contact.address, subject: message.subject, text: message.text });
      await em.nativeUpdate(EmailOutboxMessage, { id: message.id }, { sentAt: new Date(), lockedUntil: null });
      run.sent += 1;
    } catch (error) {
      const attempts = message.attempts + 1;
      const exhausted = attempts >= MAX_DELIVERY_ATTEMPTS;
      await em.nativeUpdate(
        EmailOutboxMessage,
        { id: message.id },
        {
          attempts,
          lockedUntil: null,
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
          failedAt: exhausted ? now : null,
          // SMTP errors can quote the recipient, so only the error code and class are kept.
          lastError: describeSmtpError(error),
        },
      );
      run.failed += 1;
      logger.warn(
        { outboxMessageId: message.id, attempts, exhausted, error: describeSmtpError(error) },
        exhausted ? 'e-mail delivery failed for good' : 'e-mail delivery failed, will retry',
      );
    }
  }

  return run;
}

/** Names an SMTP failure by its code and response code, never by its text. */
function describeSmtpError(error: unknown): string {
  const { code, responseCode, name } = (error ?? {}) as { code?: string; responseCode?: number; name?: string };

  return [name ?? 'Error', code, responseCode].filter(Boolean).join(' ');
}

/** Runs `deliverDueEmails` every `intervalSeconds` until stopped. */
export function startEmailOutboxWorker(
  orm: Orm,
  send: MailSender,
  intervalSeconds: number,
  logger: Logger,
): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => deliverDueEmails(orm, send, logger))
      .catch((error: unknown) => logger.error({ error: errorForLog(error) }, 'e-mail outbox run failed'));
  }, intervalSeconds * 1000);
  timer.unref();
  logger.info({ intervalSeconds }, 'e-mail outbox worker started');

  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
