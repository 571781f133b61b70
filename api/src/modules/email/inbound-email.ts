import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { simpleParser, type ParsedMail } from 'mailparser';
import { PayloadTooLargeError, readBodyBytes, sendJson } from '../../platform/http';
import { hashIdentifier } from '../../platform/identity';
import type { Logger } from '../../platform/logger';
import type { EventBus } from '../../platform/pubsub';
import { ServiceCase } from '../cases/case.entity';
import { MAX_DESCRIPTION_LENGTH } from '../cases/case.errors';
import { MAX_NOTE_LENGTH } from '../cases/case-lifecycle.errors';
import { openCase } from '../cases/case.service';
import { appendTimeline, lockCases } from '../cases/case-timeline.service';
import { Category } from '../cases/category.entity';
import { CaseAttachment, CaseContact } from './email.entities';

/** Path that mail gateways post raw messages to. */
export const INBOUND_EMAIL_PATH = '/inbound/email';
/** Header that carries the shared secret of `RATUSZ_INBOUND_EMAIL_SECRET`. */
export const INBOUND_SECRET_HEADER = 'x-ratusz-inbound-secret';

export type InboundEmailSettings = {
  secret: string | undefined;
  maxBytes: number;
  jurisdictionCode: string | undefined;
  categoryCode: string | undefined;
};

export type InboundEmailContext = {
  em: EntityManager;
  events: EventBus;
  logger: Logger;
  hashKey: string;
  settings: InboundEmailSettings;
};

/** Case numbers issued here: jurisdiction code, year and a sequence of at least six digits. */
const CASE_NUMBER = /\b([A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*-\d{4}-\d{6,})\b/g;
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Sends a 4xx rejection and logs its code, never the message content. */
function reject(context: InboundEmailContext, response: ServerResponse, status: number, code: string, message: string): void {
  context.logger.info({ status, code }, 'inbound e-mail rejected');
  sendJson(response, status, { error: { code, message } });
}

function secretMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') {
    return false;
  }
  const digest = (value: string) => createHash('sha256').update(value).digest();

  return timingSafeEqual(digest(expected), digest(given));
}

/** Returns the case numbers in a subject, in order of appearance. */
export function caseNumbersIn(subject: string): string[] {
  return [...subject.matchAll(CASE_NUMBER)].map((match) => (match[1] as string).toUpperCase());
}

/** Cleans e-mail text for storage: no control characters and at most `limit` characters. */
function cleanText(text: string, limit: number): string {
  const cleaned = text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, ' ').trim();

  return cleaned.length > limit ? `${cleaned.slice(0, limit - 1)}…` : cleaned;
}

function senderAddress(mail: ParsedMail): string | null {
  const address = mail.from?.value.find((entry) => entry.address)?.address?.trim().toLowerCase();

  return address && /^[^\s@]+@[^\s@]+$/.test(address) && address.length <= 320 ? address : null;
}

function isAutoReply(mail: ParsedMail): boolean {
  const autoSubmitted = mail.headers.get('auto-submitted');

  return typeof autoSubmitted === 'string' && autoSubmitted.toLowerCase() !== 'no';
}

function addAttachments(tx: EntityManager, serviceCase: ServiceCase, mail: ParsedMail, now: Date): number {
  for (const attachment of mail.attachments) {
    tx.create(CaseAttachment, {
      serviceCase,
      fileName: cleanText(attachment.filename ?? 'attachment', 255) || 'attachment',
      contentType: attachment.contentType.slice(0, 255),
      size: attachment.content.length,
      sha256: createHash('sha256').update(attachment.content).digest('hex'),
      content: attachment.content,
      createdAt: now,
    });
  }

  return mail.attachments.length;
}

/**
 * Finds the case a reply belongs to: the first case number in the subject whose case has the
 * sender among its contacts. A stranger quoting a case number opens a new case instead, so the
 * public case numbers do not let anyone write into other residents' cases.
 */
async function findRepliedCase(em: EntityManager, subject: string, addressHash: string): Promise<ServiceCase | null> {
  for (const number of caseNumbersIn(subject)) {
    const contact = await em.findOne(
      CaseContact,
      { addressHash, serviceCase: { number } },
      { populate: ['serviceCase'] },
    );
    if (contact) {
      return contact.serviceCase;
    }
  }

  return null;
}

type Outcome = { status: number; body: Record<string, unknown> };

async function addReply(context: InboundEmailContext, serviceCase: ServiceCase, mail: ParsedMail, text: string, now: Date): Promise<Outcome> {
  const attachments = await context.em.transactional(async (tx) => {
    await lockCases(tx, [serviceCase.id]);
    const entity = await tx.findOneOrFail(ServiceCase, { id: serviceCase.id }, { refresh: true });
    entity.updatedAt = now;
    // E-mail bodies carry signatures with names and phone numbers, so the note is staff-only.
    appendTimeline(tx, entity, now, {
      kind: 'NOTE',
      actor: 'RESIDENT',
      visibility: 'INTERNAL',
      note: cleanText(text, MAX_NOTE_LENGTH) || '(e-mail with attachments only)',
    });

    return addAttachments(tx, entity, mail, now);
  });
  context.logger.info({ caseId: serviceCase.id, attachments }, 'e-mail reply added to case');

  return { status: 200, body: { action: 'NOTE_ADDED', caseNumber: serviceCase.number, attachments } };
}

async function openEmailCase(
  context: InboundEmailContext,
  mail: ParsedMail,
  address: string,
  addressHash: string,
  text: string,
  now: Date,
): Promise<Outcome> {
  const { jurisdictionCode, categoryCode } = context.settings;
  const category = jurisdictionCode && categoryCode
    ? await context.em.findOne(Category, { code: categoryCode, jurisdiction: { code: jurisdictionCode } })
    : null;
  if (!category) {
    context.logger.error({ jurisdictionCode, categoryCode }, 'inbound e-mail category not found');

    return {
      status: 503,
      body: {
        error: {
          code: 'CATEGORY_NOT_CONFIGURED',
          message: 'No category for e-mail cases: set RATUSZ_INBOUND_EMAIL_JURISDICTION and RATUSZ_INBOUND_EMAIL_CATEGORY to existing codes.',
        },
      },
    };
  }
  const subject = mail.subject?.trim();
  const description = cleanText(subject ? `${subject}\n\n${text}` : text, MAX_DESCRIPTION_LENGTH);
  // NOTE: openCase announces the case on caseChanged before this outer transaction commits.
  const created = await context.em.transactional(async (tx) => {
    const result = await openCase(
      { em: tx, events: context.events },
      { jurisdictionId: category.jurisdiction.id, categoryId: category.id, channel: 'EMAIL', description },
      now,
    );
    if (!result.case) {
      throw new Error(`openCase rejected an e-mail case: ${result.errors.map((error) => error.code).join(', ')}`);
    }
    const entity = await tx.findOneOrFail(ServiceCase, { id: result.case.id });
    tx.create(CaseContact, { serviceCase: entity, address, addressHash, createdAt: now });
    const attachments = addAttachments(tx, entity, mail, now);

    return { id: entity.id, number: entity.number, attachments };
  });
  context.logger.info({ caseId: created.id, attachments: created.attachments }, 'case opened from e-mail');

  return { status: 201, body: { action: 'CASE_OPENED', caseNumber: created.number, attachments: created.attachments } };
}

/**
 * Serves `POST /inbound/email`: one raw RFC 5322 message as `message/rfc822`, authenticated by
 * the shared secret header. A reply from a case's contact with the case number in the subject
 * adds a note to that case; any other message opens a case in the configured category.
 */
export async function handleInboundEmail(
  context: InboundEmailContext,
  request: IncomingMessage,
  response: ServerResponse,
  now = new Date(),
): Promise<void> {
  const { secret, maxBytes } = context.settings;
  if (!secret) {
    reject(context, response, 404, 'NOT_ENABLED', 'Inbound e-mail is off: set RATUSZ_INBOUND_EMAIL_SECRET to turn it on.');

    return;
  }
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    reject(context, response, 405, 'METHOD_NOT_ALLOWED', `Use POST for ${INBOUND_EMAIL_PATH}.`);

    return;
  }
  if (!secretMatches(secret, request.headers[INBOUND_SECRET_HEADER])) {
    reject(context, response, 401, 'UNAUTHENTICATED', `Missing or wrong ${INBOUND_SECRET_HEADER} header.`);

    return;
  }
  const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'message/rfc822') {
    reject(context, response, 415, 'UNSUPPORTED_MEDIA_TYPE', `Content type ${JSON.stringify(contentType ?? '')} is not accepted: send the raw message as message/rfc822.`);

    return;
  }

  let raw: Buffer;
  try {
    raw = await readBodyBytes(request, maxBytes);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) {
      response.setHeader('connection', 'close');
      reject(context, response, 413, 'PAYLOAD_TOO_LARGE', `The message is larger than ${maxBytes} bytes (RATUSZ_INBOUND_EMAIL_MAX_BYTES).`);

      return;
    }
    throw error;
  }
  if (raw.length === 0) {
    reject(context, response, 400, 'EMPTY_MESSAGE', 'The request body is empty: send one raw RFC 5322 message.');

    return;
  }

  const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextLinks: true });
  if (!mail.headers.has('from') && !mail.headers.has('subject') && !mail.headers.has('date')) {
    reject(context, response, 400, 'NOT_A_MESSAGE', 'The body is not an RFC 5322 message: it has no From, Subject or Date header.');

    return;
  }
  const address = senderAddress(mail);
  if (!address) {
    reject(context, response, 422, 'MISSING_SENDER', 'The message has no valid From address, so the resident could not be answered.');

    return;
  }
  if (isAutoReply(mail)) {
    sendJson(response, 200, { action: 'IGNORED', reason: 'Auto-Submitted message (auto-reply or bounce).' });

    return;
  }
  const text = (mail.text ?? '').trim();
  if (text === '' && mail.attachments.length === 0) {
    reject(context, response, 422, 'EMPTY_BODY', 'The message has no text and no attachments: write the report in the body.');

    return;
  }

  const addressHash = hashIdentifier(context.hashKey, 'email-sender', address);
  const replied = await findRepliedCase(context.em, mail.subject ?? '', addressHash);
  const outcome = replied
    ? await addReply(context, replied, mail, text, now)
    : await openEmailCase(context, mail, address, addressHash, text, now);
  sendJson(response, outcome.status, outcome.body);
}
