/**
 * Counts requests per key in fixed one-minute windows, in the memory of this process.
 * NOTE: with several API processes each one counts on its own, so a key can reach its limit
 * once per process; a shared counter (Redis) would be needed for an exact limit.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Counts one request of `key`; returns false when it is over `perMinute`. */
  allow(key: string, perMinute: number | null | undefined, now = Date.now()): boolean {
    if (perMinute == null) {
      return true;
    }
    const start = now - (now % 60_000);
    const window = this.windows.get(key);
    if (!window || window.start !== start) {
      if (this.windows.size > 10_000) {
        this.windows.clear();
      }
      this.windows.set(key, { start, count: 1 });

      return perMinute >= 1;
    }
    window.count += 1;

    return window.count <= perMinute;
  }
}
