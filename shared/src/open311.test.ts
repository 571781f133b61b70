import { describe, expect, it } from 'vitest';
import {
  extendedStatus,
  open311Status,
  parseW3cDatetime,
  validateAttributeAnswers,
  validateServiceAttributes,
  type ServiceAttribute,
} from './open311';

function attribute(
  overrides: Partial<ServiceAttribute> & Pick<ServiceAttribute, 'code' | 'datatype' | 'order'>,
): ServiceAttribute {
  return {
    variable: true,
    required: false,
    datatypeDescription: null,
    description: `Question ${overrides.code}`,
    values: [],
    ...overrides,
  };
}

const LIST = [
  { key: 'a', name: 'A' },
  { key: 'b', name: 'B' },
];

const ATTRIBUTES: ServiceAttribute[] = [
  attribute({ code: 'line', datatype: 'string', order: 1 }),
  attribute({ code: 'count', datatype: 'number', order: 2 }),
  attribute({ code: 'seen', datatype: 'datetime', order: 3 }),
  attribute({ code: 'story', datatype: 'text', order: 4 }),
  attribute({ code: 'one', datatype: 'singlevaluelist', order: 5, values: LIST, required: true }),
  attribute({ code: 'many', datatype: 'multivaluelist', order: 6, values: LIST }),
  attribute({ code: 'info', datatype: 'string', order: 7, variable: false }),
];

describe('validateAttributeAnswers', () => {
  it('converts valid answers of every datatype', () => {
    const result = validateAttributeAnswers(ATTRIBUTES, {
      line: 'by the bench',
      count: '-2.5e1',
      seen: '2026-04-14T06:37:38-08:00',
      story: 'line one\nline two',
      one: 'b',
      many: ['a', 'b', 'a'],
    });
    expect(result.problems).toEqual([]);
    expect(result.answers).toEqual({
      line: 'by the bench',
      count: -25,
      seen: '2026-04-14T14:37:38.000Z',
      story: 'line one\nline two',
      one: 'b',
      many: ['a', 'b'],
    });
  });

  it('reports a missing required answer', () => {
    const result = validateAttributeAnswers(ATTRIBUTES, { one: '' });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.attribute).toBe('one');
    expect(result.problems[0]?.message).toContain('is required');
  });

  it('rejects invalid values per datatype', () => {
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ count: '12abc' }, 'count', 'not a number'],
      [{ count: 'Infinity' }, 'count', 'not a number'],
      [{ seen: '2026-04-14T06:37:38' }, 'seen', 'time zone'],
      [{ seen: '2026-02-30T06:37:38Z' }, 'seen', 'not a datetime'],
      [{ line: 'two\nlines' }, 'line', 'single line'],
      [{ line: 'x'.repeat(501) }, 'line', 'at most 500'],
      [{ story: 'x'.repeat(4_001) }, 'story', 'at most 4000'],
      [{ one: 'c' }, 'one', 'no option "c"'],
      [{ one: ['a', 'b'] }, 'one', 'takes one value'],
      [{ many: ['a', 'z'] }, 'many', 'no option "z"'],
      [{ line: 'nul\u0000' }, 'line', 'control characters'],
      [{ info: 'x' }, 'info', 'informational'],
      [{ unknown: 'x' }, 'unknown', 'not part of this service'],
    ];
    for (const [submitted, code, message] of cases) {
      const result = validateAttributeAnswers(ATTRIBUTES, { one: 'a', ...submitted });
      expect(
        result.problems.map((problem) => problem.attribute),
        JSON.stringify(submitted),
      ).toEqual([code]);
      expect(result.problems[0]?.message, JSON.stringify(submitted)).toContain(message);
    }
  });

  it('accepts no answers when nothing is required', () => {
    const optional = ATTRIBUTES.map((item) => ({ ...item, required: false }));
    expect(validateAttributeAnswers(optional, {})).toEqual({ answers: {}, problems: [] });
  });
});

describe('validateServiceAttributes', () => {
  it('accepts a consistent definition', () => {
    expect(validateServiceAttributes(ATTRIBUTES)).toEqual([]);
  });

  it('reports duplicate codes, orders and broken lists', () => {
    const problems = validateServiceAttributes([
      attribute({ code: 'a', datatype: 'string', order: 1 }),
      attribute({ code: 'a', datatype: 'string', order: 1 }),
      attribute({ code: 'b', datatype: 'singlevaluelist', order: 0 }),
      attribute({ code: 'c', datatype: 'number', order: 3, values: LIST }),
      attribute({ code: 'd', datatype: 'multivaluelist', order: 4, values: [...LIST, LIST[0]!] }),
      attribute({ code: 'e', datatype: 'string', order: 5, variable: false, required: true }),
      attribute({ code: 'has space', datatype: 'string', order: 6 }),
    ]);
    const messages = problems.map((problem) => problem.message).join('\n');
    expect(messages).toContain('"a" is used twice');
    expect(messages).toContain('repeats order 1');
    expect(messages).toContain('has order 0');
    expect(messages).toContain('"b" has no values');
    expect(messages).toContain('datatype number takes no values');
    expect(messages).toContain('"d" repeats a value key');
    expect(messages).toContain('cannot be required');
    expect(messages).toContain('"has space" is invalid');
  });
});

describe('Open311 statuses', () => {
  it('projects case statuses to open and closed', () => {
    expect(open311Status('NEW')).toBe('open');
    expect(open311Status('WAITING_FOR_RESIDENT')).toBe('open');
    expect(open311Status('RESOLVED')).toBe('closed');
    expect(open311Status('CLOSED')).toBe('closed');
  });

  it('projects case statuses to extended statuses', () => {
    expect(extendedStatus('NEW')).toBe('OPEN');
    expect(extendedStatus('ACKNOWLEDGED')).toBe('INVESTIGATING');
    expect(extendedStatus('ACTION_SCHEDULED')).toBe('ACTION_SCHEDULED');
    expect(extendedStatus('RESOLVED')).toBe('FIXED');
    expect(extendedStatus('CLOSED')).toBe('CLOSED');
  });
});

describe('parseW3cDatetime', () => {
  it('requires a time zone', () => {
    expect(parseW3cDatetime('2010-04-14T06:37:38-08:00')?.toISOString()).toBe(
      '2010-04-14T14:37:38.000Z',
    );
    expect(parseW3cDatetime('2010-04-14T06:37Z')?.toISOString()).toBe('2010-04-14T06:37:00.000Z');
    expect(parseW3cDatetime('2010-04-14T06:37:38')).toBeNull();
    expect(parseW3cDatetime('2010-04-14')).toBeNull();
    expect(parseW3cDatetime('2026-02-30T06:37:38Z')).toBeNull();
    expect(parseW3cDatetime('2026-01-01T24:00:00Z')).toBeNull();
    expect(parseW3cDatetime('2024-02-29T23:59:59.5+14:00')?.toISOString()).toBe(
      '2024-02-29T09:59:59.500Z',
    );
  });
});
