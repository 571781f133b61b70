import { expect } from 'vitest';
import type { UserError } from '../../src/platform/graphql/user-error';

/**
 * Checks that a parse of district boundaries rejected the file with one INVALID_BOUNDARY error
 * on the geometry of feature `feature`, and returns that error's message.
 */
export function singleBoundaryError(
  result: { boundaries: unknown[]; errors: UserError[] },
  feature: number,
): string {
  expect(result.boundaries).toEqual([]);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]!.code).toBe('INVALID_BOUNDARY');
  expect(result.errors[0]!.field).toEqual([
    'input',
    'featureCollection',
    'features',
    String(feature),
    'geometry',
  ]);

  return result.errors[0]!.message;
}
