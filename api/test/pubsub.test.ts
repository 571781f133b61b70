import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { TallySnapshot } from '@ratusz/shared';
import { createLogger } from '../src/platform/logger';
import { createEventBus } from '../src/platform/pubsub';
import { freePort } from './support/process';

describe('in-process event bus', () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);

  afterEach(() => {
    process.off('warning', onWarning);
    warnings.length = 0;
  });

  it('serves many subscribers without warnings', async () => {
    process.on('warning', onWarning);
    const bus = createEventBus({ redisUrl: undefined, redisPrefix: 'ratusz:' }, createLogger({ logLevel: 'silent' }));
    const iterators = Array.from({ length: 50 }, () => bus.pubSub.subscribe('TALLY_UPDATED', 'edition-1')[Symbol.asyncIterator]());
    const received = Promise.all(iterators.map((iterator) => iterator.next()));

    // The payload's shape does not matter to the bus, so a minimal object replaces a tally.
    bus.pubSub.publish('TALLY_UPDATED', 'edition-1', { editionId: 'edition-1' } as unknown as TallySnapshot);
    const results = await received;
    await new Promise((resolve) => setImmediate(resolve));

    expect(results).toHaveLength(50);
    expect(results.every((result) => result.done === false)).toBe(true);
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    await Promise.all(iterators.map((iterator) => iterator.return?.()));
  });
});

describe('Redis event bus while Redis is unreachable', () => {
  it('logs failed commands without unhandled rejections', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const lines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    // Nothing listens on a port the kernel just reported free, so every command fails.
    const bus = createEventBus({ redisUrl: `redis://127.0.0.1:${await freePort()}`, redisPrefix: 'ratusz-test:' }, logger);
    try {
      const iterator = bus.pubSub.subscribe('TALLY_UPDATED', 'edition-1')[Symbol.asyncIterator]();
      void iterator.next();
      bus.pubSub.publish('TALLY_UPDATED', 'edition-1', { editionId: 'edition-1' } as unknown as TallySnapshot);
      for (let attempt = 0; attempt < 100 && !lines.some((line) => line.includes('redis pub/sub command failed')); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await iterator.return?.();
    } finally {
      await bus.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      process.off('unhandledRejection', onRejection);
    }

    expect(lines.some((line) => line.includes('redis pub/sub command failed'))).toBe(true);
    expect(rejections).toEqual([]);
  });
});
