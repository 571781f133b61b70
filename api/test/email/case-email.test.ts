import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { CaseTimelineEntry } from '../../src/modules/cases/case-timeline-entry.entity';
import { Category } from '../../src/modules/cases/category.entity';
import { ensureJurisdiction } from '../../src/modules/cases/reference.service';
import { deliverDueEmails, smtpSender } from '../../src/modules/email/email-outbox';
import { CaseAttachment, CaseContact, EmailOutboxMessage } from '../../src/modules/email/email.entities';
import { INBOUND_SECRET_HEADER } from '../../src/modules/email/inbound-email';
import { JAN_KOWALSKI } from '../support/personal-values';
import { startTestServer, type TestServer } from '../support/server';
import { startSmtpServer, type ReceivedMail } from './smtp';

const SECRET = 'inbound-secret-0123456789';
const SENDER = JAN_KOWALSKI.email;
const HOUR_MS = 3_600_000;

/** Builds a raw message with CRLF line ends, as gateways deliver it. */
function rawMessage(headers: Record<string, string>, body: string): string {
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);

  return [...head, '', body].join('\r\n');
}

function reportMail(
  subject: string,
  body = `The street lamp on ${JAN_KOWALSKI.address} is broken.\r\n${JAN_KOWALSKI.name}, ${JAN_KOWALSKI.phone}`,
): string {
  return rawMessage(
    { From: `${JAN_KOWALSKI.name} <${SENDER}>`, To: 'city@example.org', Subject: subject, Date: 'Fri, 04 Dec 2026 10:00:00 +0000' },
    body,
  );
}

function withAttachment(subject: string): string {
  const boundary = 'b1';
  const photo = Buffer.from('not really a jpeg').toString('base64');

  return rawMessage(
    {
      From: SENDER,
      Subject: subject,
      Date: 'Fri, 04 Dec 2026 10:00:00 +0000',
      'MIME-Version': '1.0',
      'Content-Type': `multipart/mixed; boundary="${boundary}"`,
    },
    [
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Photo attached.',
      `--${boundary}`,
      'Content-Type: image/jpeg; name="lamp.jpg"',
      'Content-Disposition: attachment; filename="lamp.jpg"',
      'Content-Transfer-Encoding: base64',
      '',
      photo,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

describe('e-mail intake and notifications', () => {
  let server: TestServer;
  let inboundUrl: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(String(chunk));
        callback();
      },
    });
    server = await startTestServer(
      {
        RATUSZ_INBOUND_EMAIL_SECRET: SECRET,
        RATUSZ_INBOUND_EMAIL_JURISDICTION: 'gdansk',
        RATUSZ_INBOUND_EMAIL_CATEGORY: 'other',
        RATUSZ_INBOUND_EMAIL_MAX_BYTES: '20000',
      },
      pino({ level: 'debug' }, logStream),
    );
    inboundUrl = server.url.replace(/\/graphql$/, '/inbound/email');
    const em = server.orm.em.fork();
    const jurisdiction = await ensureJurisdiction(em, 'gdansk', 'Gdańsk');
    em.create(Category, { jurisdiction, code: 'other', name: 'Other' });
    await em.flush();
  });

  afterAll(async () => {
    await server?.stop();
  });

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(inboundUrl, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', [INBOUND_SECRET_HEADER]: SECRET, ...headers },
      body,
    });

  const caseCount = () => server.orm.em.fork().count(ServiceCase, {});

  let caseNumber: string;

  it('opens a case from a new message', async () => {
    const response = await post(reportMail('Broken street lamp'));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { action: string; caseNumber: string };
    expect(body.action).toBe('CASE_OPENED');
    expect(body.caseNumber).toMatch(/^GDANSK-\d{4}-\d{6}$/);
    caseNumber = body.caseNumber;

    const em = server.orm.em.fork();
    const entity = await em.findOneOrFail(ServiceCase, { number: caseNumber }, { populate: ['description', 'category'] });
    expect(entity.channel).toBe('EMAIL');
    expect(entity.category.code).toBe('other');
    expect(entity.description).toContain('Broken street lamp');
    const contact = await em.findOneOrFail(CaseContact, { serviceCase: entity });
    expect(contact.address).toBe(SENDER);
    expect(contact.addressHash).not.toContain('@');
  });

  it('adds a reply with the case number to that case', async () => {
    const before = await caseCount();
    const response = await post(withAttachment(`Re: Your report ${caseNumber}`));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { action: string; caseNumber: string };
    expect(body).toEqual({ action: 'NOTE_ADDED', caseNumber, attachments: 1 });
    expect(await caseCount()).toBe(before);

    const em = server.orm.em.fork();
    const entity = await em.findOneOrFail(ServiceCase, { number: caseNumber });
    const notes = await em.find(CaseTimelineEntry, { serviceCase: entity, kind: 'NOTE', actor: 'RESIDENT' });
    expect(notes.map((note) => note.note)).toEqual(['Photo attached.']);
    expect(notes[0]?.visibility).toBe('INTERNAL');
    const [attachment] = await em.find(CaseAttachment, { serviceCase: entity }, { populate: ['content'] });
    expect(attachment?.fileName).toBe('lamp.jpg');
    expect(attachment?.contentType).toBe('image/jpeg');
    expect(attachment?.size).toBe(17);
    expect(attachment?.sha256).toBe(createHash('sha256').update('not really a jpeg').digest('hex'));
    expect(Buffer.from(new Uint8Array(attachment!.content)).toString()).toBe('not really a jpeg');
  });

  it('opens a case for a stranger quoting a number', async () => {
    const before = await caseCount();
    const mail = reportMail(`[${caseNumber}] me too`).replace(SENDER, 'someone.else@example.org');
    const response = await post(mail);
    expect(response.status).toBe(201);
    expect(await caseCount()).toBe(before + 1);
  });

  it('rejects malformed messages and creates nothing', async () => {
    const before = await caseCount();
    const cases: [string, string | Buffer, Record<string, string>, number][] = [
      ['no secret', reportMail('x'), { [INBOUND_SECRET_HEADER]: '' }, 401],
      ['wrong secret', reportMail('x'), { [INBOUND_SECRET_HEADER]: 'wrong-secret-0123456789' }, 401],
      ['wrong content type', reportMail('x'), { 'content-type': 'text/plain' }, 415],
      ['empty request', '', {}, 400],
      ['not a message', 'just some words\r\nwithout headers', {}, 400],
      ['no From', rawMessage({ Subject: 'Pothole', Date: 'Fri, 04 Dec 2026 10:00:00 +0000' }, 'A pothole.'), {}, 422],
      ['empty body', reportMail('Pothole', ''), {}, 422],
      ['oversize', reportMail('Pothole', 'x'.repeat(30_000)), {}, 413],
    ];
    for (const [name, body, headers, status] of cases) {
      const response = await post(body, headers);
      expect(response.status, name).toBe(status);
      const json = (await response.json()) as { error: { message: string } };
      expect(json.error.message, name).toBeTruthy();
    }
    expect(await caseCount()).toBe(before);
  });

  it('sends the status e-mail once SMTP comes back', async () => {
    const received: ReceivedMail[] = [];
    // Find a free port, then leave it closed so the first delivery finds SMTP down.
    const probe = await startSmtpServer(0, received);
    const port = probe.port;
    await probe.close();

    const entity = await server.orm.em.fork().findOneOrFail(ServiceCase, { number: caseNumber });
    const change = await server.graphql(
      `mutation ($input: ChangeCaseStatusInput!) { changeCaseStatus(input: $input) { case { status } errors { code } } }`,
      { input: { caseId: entity.id, status: 'IN_PROGRESS', publicNote: 'A crew is on the way.', internalNote: 'Staff only: budget code 77.' } },
      { as: 'AGENT' },
    );
    expect(change.data?.changeCaseStatus.errors).toEqual([]);
    expect(await server.orm.em.fork().count(EmailOutboxMessage, {})).toBe(1);

    const send = smtpSender(`smtp://127.0.0.1:${port}`, 'City 311 <311@example.org>');
    const logger = pino({ level: 'silent' });
    const now = Date.now();
    const down = await deliverDueEmails(server.orm, send, logger, new Date(now));
    expect(down).toEqual({ sent: 0, failed: 1 });

    const restarted = await startSmtpServer(port, received);
    try {
      const tooEarly = await deliverDueEmails(server.orm, send, logger, new Date(now + 1_000));
      expect(tooEarly).toEqual({ sent: 0, failed: 0 });
      const retried = await deliverDueEmails(server.orm, send, logger, new Date(now + HOUR_MS));
      expect(retried).toEqual({ sent: 1, failed: 0 });
      const again = await deliverDueEmails(server.orm, send, logger, new Date(now + 2 * HOUR_MS));
      expect(again).toEqual({ sent: 0, failed: 0 });
    } finally {
      send.close();
      await restarted.close();
    }

    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail?.to).toEqual([SENDER]);
    expect(mail?.data).toContain(caseNumber);
    expect(mail?.data).toContain('in progress');
    expect(mail?.data).toContain('A crew is on the way.');
    expect(mail?.data).not.toContain('budget code');
  });

  it('keeps the address out of logs and public queries', async () => {
    const publicView = await server.graphql(
      `query ($first: Int) { cases(first: $first) { edges { node { number channel timeline { edges { node { note } } } } } } }`,
      { first: 100 },
    );
    expect(publicView.errors).toBeUndefined();
    expect(JSON.stringify(publicView)).not.toContain('example.org');
    const staffView = await server.graphql(
      `query ($first: Int) { cases(first: $first) { edges { node { number staffTimeline { edges { node { note } } } } } } }`,
      { first: 100 },
      { as: 'AGENT' },
    );
    expect(JSON.stringify(staffView)).not.toContain(SENDER);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('')).not.toContain('example.org');
  });
});
