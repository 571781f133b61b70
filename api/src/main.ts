import 'reflect-metadata';
import { DriverException } from '@mikro-orm/core';
import { ConfigError, DEVELOPMENT_HASH_KEY, loadConfig } from './platform/config';
import { createLogger } from './platform/logger';
import { withoutLiterals } from './platform/orm-logger';
import { startServer } from './platform/server';
import { seedDemoIfEmpty } from './modules/demo/seed';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const logger = createLogger(config);
  if (config.hashKey === DEVELOPMENT_HASH_KEY) {
    logger.warn('RATUSZ_HASH_KEY is not set: using the development key, which is not secret');
  }

  const server = await startServer(config, logger, {
    beforeListen: async (orm) => {
      if (config.seedDemo) {
        await seedDemoIfEmpty(orm, config, logger);
      }
    },
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/**
 * Formats a start-up failure for stderr. A database error's message contains the failed SQL
 * with its values inlined, so the quoted literals are replaced and the stack, which repeats
 * the message, is left out.
 */
function describeStartupError(error: unknown): string {
  if (error instanceof DriverException) {
    return `${error.name}: ${withoutLiterals(error.message)}`;
  }

  return error instanceof Error ? String(error.stack) : String(error);
}

main().catch((error: unknown) => {
  process.stderr.write(`Ratusz API failed to start: ${describeStartupError(error)}\n`);
  process.exit(1);
});
