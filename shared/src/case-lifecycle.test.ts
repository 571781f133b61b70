import { describe, expect, it } from 'vitest';
import { CASE_TRANSITIONS, isAllowedTransition, residentReview } from './case-lifecycle';
import { CASE_STATUSES } from './cases';

const resolvedAt = new Date('2026-12-01T10:00:00Z');
const days = (count: number) => new Date(resolvedAt.getTime() + count * 86_400_000);

describe('CASE_TRANSITIONS', () => {
  it('lists a target set for every status', () => {
    expect(Object.keys(CASE_TRANSITIONS).sort()).toEqual([...CASE_STATUSES].sort());
  });

  it('never allows staying in the same status', () => {
    for (const status of CASE_STATUSES) {
      expect(isAllowedTransition(status, status)).toBe(false);
    }
  });

  it('keeps CLOSED final for staff', () => {
    expect(CASE_TRANSITIONS.CLOSED).toEqual([]);
  });

  it('never returns to NEW', () => {
    for (const status of CASE_STATUSES) {
      expect(isAllowedTransition(status, 'NEW')).toBe(false);
    }
  });
});

describe('residentReview', () => {
  it('allows review of a resolved case within the window', () => {
    expect(
      residentReview({ status: 'RESOLVED', closeReason: null, resolvedAt }, days(14), 14),
    ).toEqual({ allowed: true });
  });

  it('allows review of a case closed as fixed', () => {
    expect(
      residentReview({ status: 'CLOSED', closeReason: 'FIXED', resolvedAt }, days(1), 14).allowed,
    ).toBe(true);
  });

  it('rejects review after the window', () => {
    expect(
      residentReview({ status: 'RESOLVED', closeReason: null, resolvedAt }, days(14.01), 14),
    ).toEqual({
      allowed: false,
      reason: 'WINDOW_EXPIRED',
      windowEnd: days(14),
    });
  });

  it('rejects review of a duplicate', () => {
    const review = residentReview(
      { status: 'CLOSED', closeReason: 'DUPLICATE', resolvedAt },
      days(1),
      14,
    );
    expect(review).toEqual({ allowed: false, reason: 'NOT_RESOLVED' });
  });

  it('rejects review of an open case', () => {
    const review = residentReview(
      { status: 'IN_PROGRESS', closeReason: null, resolvedAt: null },
      days(1),
      14,
    );
    expect(review.allowed).toBe(false);
  });
});
