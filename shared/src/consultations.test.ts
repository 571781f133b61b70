import { describe, expect, it } from 'vitest';
import { isStatementPublic, MODERATION_STATES } from './consultations';

describe('isStatementPublic', () => {
  it('publishes only accepted statements', () => {
    const visible = MODERATION_STATES.map((state) => [state, isStatementPublic(state)]);

    expect(visible).toEqual([
      ['ACCEPTED', true],
      ['PENDING', false],
      ['REJECTED', false],
    ]);
  });
});
