import 'reflect-metadata';
import { ConfigError, DEVELOPMENT_HASH_KEY, loadConfig } from './platform/config';
import { createLogger } from './platform/logger';
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

main().catch((error: unknown) => {
  process.stderr.write(`Ratusz API failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
