import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { operationNameError } from './graphql/text-input';

/** Largest request body accepted, in bytes; larger requests get 413. */
export const MAX_BODY_BYTES = 1_000_000;

/** A request body over `MAX_BODY_BYTES`. */
export class PayloadTooLargeError extends Error {}

/** Reads the whole body as bytes, rejecting it once it passes `limit` bytes. */
export async function readBodyBytes(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      throw new PayloadTooLargeError(`Request body is larger than ${limit} bytes.`);
    }
    chunks.push(buffer);
  }

  return Buffer.concat(chunks);
}

/** Reads the whole body as UTF-8 text, rejecting it once it passes `limit` bytes. */
export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return (await readBodyBytes(request, limit)).toString('utf8');
}

/** Writes a JSON response. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text.length === 0) {
    return undefined;
  }
  if (contentType?.includes('application/json')) {
    return JSON.parse(text);
  }

  return text;
}

/**
 * Hands one HTTP request to Apollo. Apollo 5 ships no Node integration of its own, so this uses
 * its `executeHTTPGraphQLRequest` contract directly on `node:http`, with no Express layer in
 * front.
 */
export async function handleGraphQLRequest<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  request: IncomingMessage,
  response: ServerResponse,
  context: () => Promise<TContext>,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }

  let body: unknown;
  try {
    body = parseBody(await readBody(request), request.headers['content-type']);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) {
      // The rest of the body is still arriving: close the connection instead of reading it.
      response.setHeader('connection', 'close');
      sendJson(response, 413, { errors: [{ message: error.message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });

      return;
    }
    sendJson(response, 400, {
      errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });

    return;
  }

  const url = new URL(request.url ?? '/', 'http://localhost');
  const nameError =
    operationNameError((body as { operationName?: unknown } | undefined)?.operationName) ??
    operationNameError(url.searchParams.get('operationName'));
  if (nameError) {
    sendJson(response, 400, {
      errors: [{ message: nameError.message, extensions: { code: 'BAD_USER_INPUT' } }],
    });

    return;
  }
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (request.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
    context,
  });

  for (const [name, value] of result.headers) {
    response.setHeader(name, value);
  }
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(result.body.string);

    return;
  }
  for await (const chunk of result.body.asyncIterator) {
    response.write(chunk);
  }
  response.end();
}
