import { describe, expect, it } from 'vitest';
import { marginOfError } from './margin-of-error';

// Expected values computed by hand with z = 1.959964:
//   p = 0.5, n = 400:            1.959964 * sqrt(0.25 / 400) = 1.959964 * 0.025 = 0.048999
//   with N = 1000:               0.048999 * sqrt(600 / 999)  = 0.048999 * 0.774984 = 0.037974
//   p = 0.6, n = 10:             1.959964 * sqrt(0.24 / 10)  = 1.959964 * 0.154919 = 0.303636
//   with N = 50:                 0.303636 * sqrt(40 / 49)    = 0.303636 * 0.903508 = 0.274338
describe('marginOfError', () => {
  it('matches the hand computation without a population', () => {
    expect(marginOfError(0.5, 400)).toBeCloseTo(0.048999, 6);
    expect(marginOfError(0.6, 10)).toBeCloseTo(0.303636, 6);
  });

  it('applies the finite population correction', () => {
    expect(marginOfError(0.5, 400, 1000)).toBeCloseTo(0.037974, 6);
    expect(marginOfError(0.6, 10, 50)).toBeCloseTo(0.274338, 6);
  });

  it('is zero when the whole population answered', () => {
    expect(marginOfError(0.3, 80, 80)).toBe(0);
  });

  it('is null without respondents', () => {
    expect(marginOfError(0, 0, 100)).toBeNull();
  });

  it('is zero for a unanimous share', () => {
    expect(marginOfError(1, 25)).toBe(0);
  });
});
