import { describe, expect, it } from 'vitest';
import { throttleDelay } from './throttle';

describe('throttleDelay', () => {
  it('runs the first task at once', () => {
    expect(throttleDelay(null, 5_000, 2_000)).toBe(0);
  });

  it('waits out the rest of the interval', () => {
    expect(throttleDelay(5_000, 5_500, 2_000)).toBe(1_500);
  });

  it('runs at once after the interval', () => {
    expect(throttleDelay(5_000, 9_000, 2_000)).toBe(0);
  });
});
