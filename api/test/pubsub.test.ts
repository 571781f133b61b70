import { afterEach, describe, expect, it } from 'vitest';
import type { TallySnapshot } from '@ratusz/shared';
import { createLogger } from '../src/platform/logger';
import { createEventBus } from '../src/platform/pubsub';

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

    // The payload's shape does not matter to the bus, so a minimal object stands in for a tally.
    bus.pubSub.publish('TALLY_UPDATED', 'edition-1', { editionId: 'edition-1' } as unknown as TallySnapshot);
    const results = await received;
    await new Promise((resolve) => setImmediate(resolve));

    expect(results).toHaveLength(50);
    expect(results.every((result) => result.done === false)).toBe(true);
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    await Promise.all(iterators.map((iterator) => iterator.return?.()));
  });
});
