import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message an SMTP test server accepted. */
export type ReceivedMail = { to: string[]; data: string };

export type TestSmtpServer = { port: number; received: ReceivedMail[]; close: () => Promise<void> };

/**
 * Starts an SMTP server on 127.0.0.1 that records every message it accepts in `received`.
 * Port 0 picks a free port. AUTH and STARTTLS are off, so plain `smtp://` clients connect.
 */
export async function startSmtpServer(port = 0, received: ReceivedMail[] = []): Promise<TestSmtpServer> {
  const smtp = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), data: Buffer.concat(chunks).toString() });
        callback();
      });
    },
  });
  smtp.listen(port, '127.0.0.1');
  await once(smtp.server, 'listening');

  return {
    port: (smtp.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
