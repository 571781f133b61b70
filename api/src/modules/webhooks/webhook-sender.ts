import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressProblem } from './webhook-address';

/** Header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'Ratusz-Webhook-Signature';
/** Header that carries the delivery id; retries of one event repeat it, so receivers can drop duplicates. */
export const ID_HEADER = 'Ratusz-Webhook-Id';
/** Header that carries the event type, such as CASE_CREATED. */
export const EVENT_HEADER = 'Ratusz-Webhook-Event';

/**
 * Computes the hex HMAC-SHA256 of `<timestamp>.<body>` with the webhook's secret. Receivers
 * recompute it from the `t` value of the signature header and the raw request body, compare
 * in constant time and reject timestamps far from their clock to stop replays.
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Outcome of one delivery attempt: the HTTP status when a response arrived, else why not. */
export type SendResult = { ok: boolean; statusCode: number | null; error: string | null };

/** Thrown by the guarded DNS look-up when a host resolves to a forbidden address. */
class ForbiddenAddressError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_FORBIDDEN';
}

/**
 * Builds a DNS look-up for the HTTP client that rejects forbidden addresses. The check runs on
 * the very addresses the socket connects to, so a name that changes its DNS answer after
 * registration (DNS rebinding) cannot reach a private network.
 */
function guardedLookup(url: URL): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);

        return;
      }
      const list = addresses as LookupAddress[];
      for (const entry of list) {
        const problem = addressProblem(url, entry.address);
        if (problem) {
          callback(new ForbiddenAddressError(`${url.hostname} ${problem}`), '', 0);

          return;
        }
      }
      if ((options as LookupOptions).all) {
        (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, list);
      } else {
        callback(null, list[0]!.address, list[0]!.family);
      }
    });
  };
}

/**
 * POSTs `body` to `url` once, signed with `secret`. Any 2xx response counts as delivered;
 * redirects are not followed. The whole request, body included, is aborted after
 * `timeoutMs` milliseconds.
 */
export function sendWebhook(
  target: string,
  secret: string,
  delivery: { id: string; eventType: string; body: string },
  timeoutMs: number,
  now: Date,
): Promise<SendResult> {
  const url = new URL(target);
  // Node connects to IP literals without a look-up, so those are checked here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal)) {
    const problem = addressProblem(url, literal);
    if (problem) {
      return Promise.resolve({ ok: false, statusCode: null, error: `${url.hostname} ${problem}` });
    }
  }
  const timestamp = Math.floor(now.getTime() / 1000);
  const signature = `t=${timestamp},v1=${signWebhookBody(secret, timestamp, delivery.body)}`;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  const signal = AbortSignal.timeout(timeoutMs);

  return new Promise((resolve) => {
    const request = send(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(url),
        signal,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(delivery.body),
          'User-Agent': 'Ratusz-Webhooks/1',
          [ID_HEADER]: delivery.id,
          [EVENT_HEADER]: delivery.eventType,
          [SIGNATURE_HEADER]: signature,
        },
      },
      (response) => {
        // The body is not needed; reading it frees the socket.
        response.resume();
        const statusCode = response.statusCode ?? 0;
        const ok = statusCode >= 200 && statusCode < 300;
        resolve({ ok, statusCode, error: ok ? null : `receiver returned HTTP ${statusCode}` });
      },
    );
    request.on('error', (error) => {
      const message = signal.aborted ? `timed out after ${timeoutMs} ms` : error.message;
      resolve({ ok: false, statusCode: null, error: message.slice(0, 500) });
    });
    request.end(delivery.body);
  });
}
