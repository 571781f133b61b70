import type { Logger as OrmLogger, LoggerNamespace, LogContext } from '@mikro-orm/core';
import type { Logger } from './logger';

/** Queries slower than this, in milliseconds, are logged at warn level. */
export const SLOW_QUERY_MS = 200;

/**
 * Replaces quoted literals in SQL with `?`. MikroORM inlines parameters into the query text it
 * logs, and those values may be personal data, so no literal reaches the log.
 */
export function withoutLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, '?').slice(0, 500);
}

/**
 * Sends MikroORM's log output to pino: slow queries at warn, other queries at debug, with the
 * duration as a field and literals removed from the SQL.
 */
export class PinoOrmLogger implements OrmLogger {
  constructor(private readonly logger: Logger) {}

  log(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    const level = context?.level === 'error' ? 'error' : context?.level === 'warning' ? 'warn' : 'debug';
    this.logger[level]({ namespace }, message);
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
      this.logger.warn({ tookMs: took, sql: withoutLiterals(context.query), rows: context.results }, 'slow query');
    } else if (this.logger.isLevelEnabled('debug')) {
      this.logger.debug({ tookMs: took, sql: withoutLiterals(context.query) }, 'query');
    }
  }

  setDebugMode(): void {}

  isEnabled(): boolean {
    return true;
  }
}
