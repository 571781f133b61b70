import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import WebSocket from 'ws';
import { RESPONSE_FILE_SUFFIX } from './privacy-scanner';

/**
 * Recording of the responses that public callers receive in tests, for the suite-wide privacy
 * scan. A public caller sends no `Authorization` header and no cookie: anonymous visitors and
 * third-party apps with an API key. Responses to staff and to signed-in residents carry personal
 * data by design and are not recorded. Neither are the replies to a caller's own writes
 * (GraphQL mutations, Open311 POST, the e-mail gateway), which echo what that caller sent.
 */

/** Folder of the privacy scan, or undefined when the scan is off. */
export function privacyScanFolder(): string | undefined {
  return process.env.RATUSZ_TEST_SCAN_DIR || undefined;
}

/** Appends one response body to this process's response file in the scan folder. */
export function recordPublicResponse(source: string, body: string): void {
  const folder = privacyScanFolder();
  if (!folder) {
    return;
  }
  const file = path.join(folder, `${process.pid}-${threadId}${RESPONSE_FILE_SUFFIX}`);
  fs.appendFileSync(file, `${JSON.stringify({ source, body })}\n`);
}

/** Returns the operation types (`query`, `mutation`, `subscription`) that a GraphQL request body contains. */
function operationTypes(body: unknown, url: URL): string[] | undefined {
  const requests: unknown[] = [];
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      requests.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    } catch {
      return undefined;
    }
  } else if (body === undefined || body === null) {
    requests.push({
      query: url.searchParams.get('query'),
      operationName: url.searchParams.get('operationName'),
    });
  } else {
    return undefined;
  }

  const types: string[] = [];
  for (const request of requests) {
    const { query, operationName } = (request ?? {}) as {
      query?: unknown;
      operationName?: unknown;
    };
    if (typeof query !== 'string') {
      // A persisted query sends only a hash; those are read-only public page queries.
      types.push('query');
      continue;
    }
    try {
      const operations = parse(query).definitions.filter(
        (definition): definition is OperationDefinitionNode =>
          definition.kind === Kind.OPERATION_DEFINITION,
      );
      const chosen = operations.filter(
        (operation) => !operationName || operation.name?.value === operationName,
      );
      types.push(...chosen.map((operation) => operation.operation));
    } catch {
      // A document that does not parse is rejected, and the rejection is a public response.
      types.push('query');
    }
  }

  return types;
}

/** Returns the scan label of a public request whose response the scan reads, or undefined for any other request. */
function publicRequestSource(
  input: Parameters<typeof fetch>[0],
  init: RequestInit | undefined,
): string | undefined {
  const request = input instanceof Request ? input : undefined;
  const url = new URL(request ? request.url : String(input));
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    return undefined;
  }
  const headers = new Headers(init?.headers ?? request?.headers);
  if (headers.has('authorization') || headers.has('cookie')) {
    return undefined;
  }
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  const caller = headers.has('x-api-key') ? 'API key' : 'anonymous';
  const source = `${caller} ${method} ${url.pathname}${url.search}`;
  if (url.pathname.endsWith('/graphql')) {
    const types = operationTypes(init?.body, url);

    return types?.includes('mutation') ? undefined : source;
  }

  // Other writes (Open311 POST, the e-mail gateway) return what their caller sent.
  return method === 'GET' || method === 'HEAD' ? source : undefined;
}

const recordingMark = Symbol.for('ratusz.test.publicResponseRecording');

/**
 * Wraps the global `fetch` of this test process so that every response a public caller receives
 * from a loopback API is appended to the scan folder. Does nothing when the scan is off or the
 * wrapper is already installed.
 */
export function recordPublicFetchResponses(): void {
  const current = globalThis.fetch as typeof fetch & { [recordingMark]?: true };
  if (!privacyScanFolder() || current[recordingMark]) {
    return;
  }
  const recording = async (
    input: Parameters<typeof fetch>[0],
    init?: RequestInit,
  ): Promise<Response> => {
    const response = await current(input, init);
    const source = publicRequestSource(input, init);
    if (source) {
      recordPublicResponse(source, await response.clone().text());
    }

    return response;
  };
  globalThis.fetch = Object.assign(recording, { [recordingMark]: true as const });
}

/**
 * WebSocket for graphql-ws clients of public callers: it appends every message the server sends
 * to the scan folder.
 *
 * NOTE: only clients built with this class are recorded. A test that opens a public graphql-ws
 * client with the plain `ws` WebSocket is not covered.
 */
export class RecordingWebSocket extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols);
    const source = `anonymous or API key WebSocket ${String(address)}`;
    this.on('message', (data: WebSocket.RawData) => recordPublicResponse(source, data.toString()));
  }
}
