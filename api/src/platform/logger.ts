import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/**
 * Creates the process's one structured logger. Every line is JSON; request handlers use a child
 * logger carrying the request id. Personal data is never passed to it: resident names, contacts
 * and free text stay out of log fields by construction, and `redact` is a second line of defence.
 */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  name = 'ratusz-api',
  destination?: DestinationStream,
): Logger {
  const options = {
    name,
    level: config.logLevel,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['*.password', '*.email', '*.phone', '*.description', 'req.headers.authorization', 'req.headers["x-api-key"]'],
      censor: '[redacted]',
    },
  };

  // Tests pass a destination to read what the API logs; the process logs to stdout.
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Logger for command-line tools: it writes to standard error, so standard output carries only
 * what the command prints (a token, an export) and scripts can read it.
 */
export function createCliLogger(config: Pick<Config, 'logLevel'>, name: string): Logger {
  return createLogger(config, name, pino.destination(2));
}
