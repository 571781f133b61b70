/**
 * Deterministic pseudo-random numbers (mulberry32): the same seed always gives the same demo
 * city, so screenshots, tests and bug reports agree. Not for anything secret.
 */
export type Random = {
  /** A float in [0, 1). */
  next: () => number;
  /** A whole number in [min, max]. */
  integer: (min: number, max: number) => number;
  /** One element, chosen with the given relative weights. */
  weighted: <T>(items: readonly (readonly [T, number])[]) => T;
  /** A normally distributed value (Box–Muller). */
  normal: (mean: number, deviation: number) => number;
};

/** Creates a generator from a 32-bit seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  return {
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    weighted: (items) => {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let point = next() * total;
      for (const [item, weight] of items) {
        point -= weight;
        if (point < 0) {
          return item;
        }
      }

      return items[items.length - 1]![0];
    },
    normal: (mean, deviation) => {
      const u = Math.max(next(), Number.EPSILON);
      const v = next();

      return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}
