import { GraphQLError } from 'graphql';
import type { RequestContext } from './context';

/**
 * Recounts one request may run. A recount is an explanation or what-if over every ballot, or
 * opinion groups over every vote. On a large edition it takes seconds and blocks the event loop,
 * and the flat query cost limit does not stop a request that selects many through aliases.
 */
export const MAX_RECOUNTS_PER_REQUEST = 2;

/**
 * Charges one recount to the request, or throws a `RECOUNT_LIMIT` error naming the field once the
 * request has used `MAX_RECOUNTS_PER_REQUEST`.
 */
export function chargeRecount(ctx: Pick<RequestContext, 'recounts'>, field: string): void {
  if (ctx.recounts.used >= MAX_RECOUNTS_PER_REQUEST) {
    throw new GraphQLError(
      `${field} was not computed: a request may run at most ${MAX_RECOUNTS_PER_REQUEST} recounts (explanation, whatIf, opinionGroups). Send the others in separate requests.`,
      { extensions: { code: 'RECOUNT_LIMIT' } },
    );
  }
  ctx.recounts.used += 1;
}
