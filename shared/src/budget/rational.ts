/**
 * An exact fraction of two BigInts, kept in lowest terms with a positive denominator. Counting
 * rules use it for amounts such as a per-voter share `B / n`, which binary floating point cannot
 * represent.
 */
export type Rational = { numerator: bigint; denominator: bigint };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }

  return x;
}

/**
 * Builds `numerator / denominator` in lowest terms. Throws a `RangeError` for a zero
 * denominator or a number that is not a safe integer.
 */
export function rational(numerator: bigint | number, denominator: bigint | number = 1n): Rational {
  for (const value of [numerator, denominator]) {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new RangeError(`a rational needs safe integers, got ${value}`);
    }
  }
  const top = BigInt(numerator);
  const bottom = BigInt(denominator);
  if (bottom === 0n) {
    throw new RangeError(`a rational needs a non-zero denominator, got ${top}/0`);
  }
  const divisor = gcd(top, bottom) * (bottom < 0n ? -1n : 1n);

  return { numerator: top / divisor, denominator: bottom / divisor };
}

/** Returns `a + b`. */
export function addRationals(a: Rational, b: Rational): Rational {
  if (a.denominator === b.denominator) {
    return rational(a.numerator + b.numerator, a.denominator);
  }

  return rational(
    a.numerator * b.denominator + b.numerator * a.denominator,
    a.denominator * b.denominator,
  );
}

/** Returns `a - b`. */
export function subtractRationals(a: Rational, b: Rational): Rational {
  return addRationals(a, { numerator: -b.numerator, denominator: b.denominator });
}

/** Returns `a * factor` for an integer factor. */
export function scaleRational(a: Rational, factor: bigint): Rational {
  return rational(a.numerator * factor, a.denominator);
}

/** Returns a negative number, zero or a positive number as `a` is below, equal to or above `b`. */
export function compareRationals(a: Rational, b: Rational): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;

  if (left === right) {
    return 0;
  }

  return left < right ? -1 : 1;
}

/** Formats a rational as `numerator/denominator`, or as the integer when the denominator is 1. */
export function formatRational(a: Rational): string {
  return a.denominator === 1n ? `${a.numerator}` : `${a.numerator}/${a.denominator}`;
}
