import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCase } from '../../src/modules/cases/case.entity';
import { Category } from '../../src/modules/cases/category.entity';
import { ensureJurisdiction } from '../../src/modules/cases/reference.service';
import { deliverDueEmails, smtpSender } from '../../src/modules/email/email-outbox';
import { EmailOutboxMessage } from '../../src/modules/email/email.entities';
import { INBOUND_SECRET_HEADER } from '../../src/modules/email/inbound-email';
import { ConfigError, loadConfig } from '../../src/platform/config';
import { startTestServer, type TestServer } from '../support/server';
import { startSmtpServer, type TestSmtpServer } from './smtp';

const SECRET = 'inbound-secret-0123456789';

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('e-mail outbox', () => {
  let server: TestServer;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({
      RATUSZ_INBOUND_EMAIL_SECRET: SECRET,
      RATUSZ_INBOUND_EMAIL_JURISDICTION: 'gdansk',
      RATUSZ_INBOUND_EMAIL_CATEGORY: 'other',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_FROM: 'City 311 <311@example.org>',
      RATUSZ_EMAIL_OUTBOX_INTERVAL_SECONDS: '1',
    });
    const em = server.orm.em.fork();
    const jurisdiction = await ensureJurisdiction(em, 'gdansk', 'Gdańsk');
    em.create(Category, { jurisdiction, code: 'other', name: 'Other' });
    await em.flush();
  });

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  async function openByEmail(sender: string): Promise<string> {
    const response = await fetch(server.url.replace(/\/graphql$/, '/inbound/email'), {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', [INBOUND_SECRET_HEADER]: SECRET },
      body: `From: ${sender}\r\nSubject: Overflowing bin\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nThe bin at the park is full.`,
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { caseNumber: string };
    const entity = await server.orm.em.fork().findOneOrFail(ServiceCase, { number: body.caseNumber });

    return entity.id;
  }

  async function changeStatus(caseId: string, status: string, publicNote?: string) {
    const result = await server.graphql(
      `mutation ($input: ChangeCaseStatusInput!) { changeCaseStatus(input: $input) { errors { code } } }`,
      { input: { caseId, status, publicNote } },
      { as: 'AGENT' },
    );
    expect(result.data?.changeCaseStatus.errors).toEqual([]);
  }

  it('worker of the API sends the status e-mail', async () => {
    const caseId = await openByEmail('worker.test@example.org');
    await changeStatus(caseId, 'IN_PROGRESS', 'Collection is planned for Monday.');

    await waitFor(() => smtp.received.some((mail) => mail.to.includes('worker.test@example.org')), 15_000);
    const mails = smtp.received.filter((mail) => mail.to.includes('worker.test@example.org'));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.data).toContain('Collection is planned for Monday.');
    // The worker writes sentAt after the SMTP server has accepted the message, so wait for it.
    const sentRow = () =>
      server.orm.em.fork().findOneOrFail(EmailOutboxMessage, { contact: { serviceCase: caseId } });
    await waitFor(async () => (await sentRow()).sentAt != null, 15_000);
    const row = await sentRow();
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.attempts).toBe(0);
  });

  it('rejected status change queues nothing', async () => {
    const caseId = await openByEmail('rejected.change@example.org');
    const before = await server.orm.em.fork().count(EmailOutboxMessage, {});
    const result = await server.graphql(
      `mutation ($input: ChangeCaseStatusInput!) { changeCaseStatus(input: $input) { errors { code } } }`,
      { input: { caseId, status: 'CLOSED' } },
      { as: 'AGENT' },
    );
    expect(result.data?.changeCaseStatus.errors.length).toBeGreaterThan(0);
    expect(await server.orm.em.fork().count(EmailOutboxMessage, {})).toBe(before);
  });

  it('concurrent workers send a message once', async () => {
    const other = await startSmtpServer();
    const caseId = await openByEmail('concurrent.test@example.org');
    // The API's own worker sends to `smtp`, and these two runs race it and each other. A run that
    // claims the message sends it to `other`, so every copy is counted across both servers.
    await changeStatus(caseId, 'IN_PROGRESS');
    const sendA = smtpSender(`smtp://127.0.0.1:${other.port}`, 'City 311 <311@example.org>');
    const sendB = smtpSender(`smtp://127.0.0.1:${other.port}`, 'City 311 <311@example.org>');
    const logger = pino({ level: 'silent' });
    try {
      await Promise.all([
        deliverDueEmails(server.orm, sendA, logger),
        deliverDueEmails(server.orm, sendB, logger),
      ]);
      let sent = false;
      const em = server.orm.em.fork();
      const isSent = async () => (await em.findOneOrFail(EmailOutboxMessage, { contact: { serviceCase: caseId } }, { refresh: true })).sentAt != null;
      for (let attempt = 0; attempt < 100 && !(sent = await isSent()); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(sent).toBe(true);
    } finally {
      sendA.close();
      sendB.close();
      await other.close();
    }
    const copies = [...smtp.received, ...other.received].filter((mail) => mail.to.includes('concurrent.test@example.org'));
    expect(copies).toHaveLength(1);
  });

  it('SMTP_URL without SMTP_FROM is invalid', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: 'http://mail' , SMTP_FROM: 'a@b.c' })).toThrow(/SMTP_URL must be an smtp/);
  });
});
