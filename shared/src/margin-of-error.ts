/** z value of a two-sided 95% confidence interval under the normal approximation. */
export const Z_95 = 1.959963984540054;

/**
 * Computes the 95% margin of error of a sample proportion, in proportion units (0.05 is plus or
 * minus 5 percentage points), with the normal approximation of the binomial:
 *
 *   z * sqrt(p * (1 - p) / n) * sqrt((N - n) / (N - 1))
 *
 * The last factor is the finite population correction, applied only when the population N is
 * known and larger than one. Returns null when n is 0, and 0 when the whole population answered.
 */
export function marginOfError(
  proportion: number,
  sampleSize: number,
  population: number | null = null,
): number | null {
  if (sampleSize <= 0) {
    return null;
  }
  const standardError = Math.sqrt((proportion * (1 - proportion)) / sampleSize);
  let correction = 1;
  if (population !== null && population > 1) {
    correction = Math.sqrt(Math.max(0, population - sampleSize) / (population - 1));
  }

  return Z_95 * standardError * correction;
}
