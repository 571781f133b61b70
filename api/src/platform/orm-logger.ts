import type { Logger as OrmLogger, LoggerNamespace, LogContext } from '@mikro-orm/core';
import type { Logger } from './logger';

/** Queries slower than this, in milliseconds, are logged at warn level. */
export const SLOW_QUERY_MS = 200;

/** Shortest interval between two slow-query warnings, in milliseconds. */
const SLOW_QUERY_LOG_INTERVAL_MS = 1000;

/**
 * Replaces quoted literals in SQL with `?`. MikroORM inlines parameters into the query text it
 * logs, and those values may be personal data, so no literal reaches the log.
 */
export function withoutLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, '?').replace(/'[^']*$/, '?').slice(0, 500);
}

/**
 * Sends MikroORM's log output to pino: slow queries at warn, other queries at debug, with the
 * duration as a field and literals removed from the SQL.
 */
export class PinoOrmLogger implements OrmLogger {
  /** Time of the last slow-query warning, and how many were left out since then. */
  private lastSlowWarning = 0;
  private slowQueriesNotLogged = 0;

  constructor(private readonly logger: Logger) {}

  log(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    if (context?.level === 'error') {
      this.logger.error({ namespace }, message);
    } else if (context?.level === 'warning') {
      this.logger.warn({ namespace }, message);
    } else {
      this.logger.debug({ namespace }, message);
    }
  }

  error(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    this.log(namespace, message, { ...context, level: 'error' });
  }

  warn(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    this.log(namespace, message, { ...context, level: 'warning' });
  }

  logQuery(context: LogContext & { query: string }): void {
    const took = context.took ?? 0;
    if (took >= SLOW_QUERY_MS) {
      this.warnSlowQuery(took, context);
    } else if (this.logger.isLevelEnabled('debug')) {
      this.logger.debug({ tookMs: took, sql: withoutLiterals(context.query) }, 'query');
    }
  }

  /** Logs at most one slow query a second, with the number left out since the last one. */
  private warnSlowQuery(took: number, context: LogContext & { query: string }): void {
    const now = Date.now();
    if (now - this.lastSlowWarning < SLOW_QUERY_LOG_INTERVAL_MS) {
      this.slowQueriesNotLogged += 1;

      return;
    }
    this.logger.warn(
      {
        tookMs: took,
        sql: withoutLiterals(context.query),
        rows: context.results,
        slowQueriesNotLogged: this.slowQueriesNotLogged,
      },
      'slow query',
    );
    this.lastSlowWarning = now;
    this.slowQueriesNotLogged = 0;
  }

  setDebugMode(): void {}

  isEnabled(): boolean {
    return true;
  }
}

/**
 * Prepares an error for the log without the values it may quote: driver errors repeat the SQL
 * with its parameters, which can be personal data, so quoted literals are removed from the
 * message and stack.
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) {
    return { type: typeof error };
  }
  const code = (error as { code?: unknown }).code;

  return {
    type: error.name,
    code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
    message: withoutLiterals(error.message),
    stack: error.stack ? withoutLiterals(error.stack).slice(0, 2000) : undefined,
  };
}
