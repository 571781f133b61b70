import type { EntityManager } from '@mikro-orm/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../platform/http';
import { isRecordId } from '../../platform/ids';
import { loadResultsExport, resultsCsv, resultsJson, type ExportFormat } from './results-export';

/** Path prefix of consultation results exports: `/exports/consultations/<id>.csv` or `.json`. */
export const CONSULTATION_EXPORT_PREFIX = '/exports/consultations/';

const EXPORT_PATH = /^\/exports\/consultations\/([^/]+)\.(csv|json)$/;

/** Describes when hidden results open, for the refusal message. */
function opening(resultsPolicy: string, phase: string, resultsOpenAt: Date | null): string {
  if (resultsOpenAt) {
    return `at ${resultsOpenAt.toISOString()}`;
  }
  switch (resultsPolicy) {
    case 'LIVE':
      return 'when the consultation opens';
    case 'AFTER_CLOSE':
      return 'when the consultation is closed (no closing time is set)';
    default:
      return phase === 'CLOSED'
        ? 'when staff publish them (no publication time is set)'
        : 'once the consultation is closed (no closing time is set) and its publication time has passed';
  }
}

/** Shortens a client-supplied value for an error message, so a long path is not echoed whole. */
function shown(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

/**
 * Serves `GET /exports/consultations/<id>.csv` and `.json`: the consultation's statement counts,
 * questionnaire aggregates and turnout. While the results policy hides counts it returns 409
 * with the policy and the time results open, and no count.
 */
export async function handleResultsExport(
  dependencies: { em: EntityManager; minAggregateCount: number },
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    sendJson(response, 405, { error: `Method ${request.method} is not allowed: use GET.` });

    return;
  }
  const match = EXPORT_PATH.exec(path);
  if (!match) {
    sendJson(response, 404, {
      error: `No export at ${shown(path)}: use ${CONSULTATION_EXPORT_PREFIX}<consultation id>.csv or .json.`,
    });

    return;
  }
  const id = match[1]!;
  const format = match[2] as ExportFormat;
  const loaded = isRecordId(id)
    ? await loadResultsExport(dependencies.em, id, dependencies.minAggregateCount)
    : { kind: 'not-found' as const };
  if (loaded.kind === 'not-found') {
    sendJson(response, 404, { error: `Consultation ${shown(id)} not found: check the id.` });

    return;
  }
  if (loaded.kind === 'hidden') {
    sendJson(response, 409, {
      error: `Results of consultation ${id} are hidden under the ${loaded.resultsPolicy} results policy while it is ${loaded.phase}; they open ${opening(loaded.resultsPolicy, loaded.phase, loaded.resultsOpenAt)}.`,
      resultsPolicy: loaded.resultsPolicy,
      phase: loaded.phase,
      resultsOpenAt: loaded.resultsOpenAt?.toISOString() ?? null,
    });

    return;
  }

  const body =
    format === 'csv'
      ? resultsCsv(loaded.prompts, loaded.results)
      : JSON.stringify(resultsJson(loaded.consultation, loaded.prompts, loaded.results));
  response.writeHead(200, {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="consultation-${id}.${format}"`,
    // Visibility changes with the phase, so no copy may outlive it.
    'cache-control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
