import type { Logger } from './logger';
import { errorForLog } from './orm-logger';

/** A background task started by `startRepeatingTask`. */
export type RepeatingTask = { stop: () => Promise<void> };

/**
 * Runs `run` every `intervalMs` milliseconds until stopped, logging each failure as
 * `<name> failed`. A run that is still going when the interval ends delays the next one instead
 * of overlapping it, and `stop` waits for the current run to finish.
 */
export function startRepeatingTask(
  name: string,
  intervalMs: number,
  run: () => Promise<void>,
  logger: Logger,
): RepeatingTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = () => {
    running = run()
      .catch((error: unknown) => {
        logger.error({ error: errorForLog(error) }, `${name} failed`);
      })
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, intervalMs);
          timer.unref();
        }
      });
  };
  timer = setTimeout(tick, intervalMs);
  timer.unref();

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
