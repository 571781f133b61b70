/**
 * Returns how long to wait before running a throttled task, in milliseconds: 0 runs it now.
 * A task may run at most once per `intervalMs`; `lastRunAt` is null before the first run.
 */
export function throttleDelay(lastRunAt: number | null, now: number, intervalMs: number): number {
  if (lastRunAt === null) {
    return 0;
  }

  return Math.max(0, lastRunAt + intervalMs - now);
}
