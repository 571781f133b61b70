import { describe, expect, it } from 'vitest';
import { newerSnapshot } from './snapshot';

describe('newerSnapshot', () => {
  const older = { updatedAt: '2026-01-01T10:00:00.000Z', value: 'older' };
  const newer = { updatedAt: '2026-01-01T10:00:01.000Z', value: 'newer' };

  it('takes a newer incoming snapshot', () => {
    expect(newerSnapshot(older, newer)).toBe(newer);
  });

  it('keeps the current snapshot against an older one', () => {
    expect(newerSnapshot(newer, older)).toBe(newer);
  });

  it('takes the incoming snapshot on equal stamps', () => {
    const same = { ...older, value: 'same time' };
    expect(newerSnapshot(older, same)).toBe(same);
  });
});
