import { postPersisted } from '@/lib/graphql-client';
import { checkForwardedBody, MAX_FORWARDED_BODY_BYTES } from '@/lib/graphql-proxy';
import { apiUrls } from '@/lib/api';

/** Upstream requests that take longer than this are cut off, in milliseconds. */
const UPSTREAM_TIMEOUT_MS = 15_000;

function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ errors: [{ message, extensions: { code } }] }, { status });
}

/**
 * Forwards a read-only GraphQL query from the browser to the API, so client components refetch
 * through the dashboard's own origin and the API needs no CORS entry for the dashboard. The
 * query goes upstream as a persisted query, so repeated refetches send its hash only.
 */
export async function POST(request: Request): Promise<Response> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_FORWARDED_BODY_BYTES) {
    return errorResponse(
      413,
      'PAYLOAD_TOO_LARGE',
      `The request body is larger than ${MAX_FORWARDED_BODY_BYTES} bytes.`,
    );
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return errorResponse(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
  const check = checkForwardedBody(body);
  if (!check.ok) {
    return errorResponse(400, 'BAD_REQUEST', check.message);
  }

  const { http } = await apiUrls();
  try {
    const upstream = await postPersisted(http, check.request, {
      cache: 'no-store',
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });

    return new Response(await upstream.text(), {
      status: upstream.status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  } catch (error) {
    console.error({ err: error, apiUrl: http }, 'forwarding a query to the API failed');

    return errorResponse(
      502,
      'API_UNREACHABLE',
      'The Ratusz API is unreachable; try again shortly.',
    );
  }
}
