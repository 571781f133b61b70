import { describe, expect, it } from 'vitest';
import {
  validateQuestionnaire,
  validateSubmission,
  type QuestionDefinition,
  type SubmittedAnswer,
} from './questionnaire';

function question(
  fields: Partial<QuestionDefinition> & Pick<QuestionDefinition, 'code' | 'type'>,
): QuestionDefinition {
  return {
    prompt: `Prompt of ${fields.code}`,
    required: true,
    options: [],
    rows: [],
    minSelections: null,
    maxSelections: null,
    scaleMin: null,
    scaleMax: null,
    minLabel: null,
    maxLabel: null,
    maxLength: null,
    showWhen: null,
    ...fields,
  };
}

/** One question of every type; `why` is shown only to those who answer `uses` with "no". */
const QUESTIONS: QuestionDefinition[] = [
  question({ code: 'uses', type: 'SINGLE_CHOICE', options: ['yes', 'no'] }),
  question({
    code: 'why',
    type: 'SHORT_TEXT',
    maxLength: 20,
    showWhen: { questionCode: 'uses', anyOf: ['no'] },
  }),
  question({
    code: 'days',
    type: 'MULTIPLE_CHOICE',
    options: ['mon', 'tue', 'wed', 'thu'],
    minSelections: 2,
    maxSelections: 3,
  }),
  question({ code: 'order', type: 'RANKING', options: ['bus', 'tram', 'bike'] }),
  question({
    code: 'safety',
    type: 'SCALE',
    scaleMin: 1,
    scaleMax: 5,
    minLabel: 'unsafe',
    maxLabel: 'safe',
  }),
  question({ code: 'comment', type: 'LONG_TEXT', required: false }),
  question({
    code: 'grid',
    type: 'MATRIX',
    rows: ['stops', 'vehicles'],
    options: ['poor', 'fair', 'good'],
  }),
];

const VALID: SubmittedAnswer[] = [
  { questionCode: 'uses', choice: 'yes' },
  { questionCode: 'days', choices: ['mon', 'wed'] },
  { questionCode: 'order', ranking: ['tram', 'bus', 'bike'] },
  { questionCode: 'safety', scale: 4 },
  {
    questionCode: 'grid',
    matrix: [
      { row: 'stops', column: 'fair' },
      { row: 'vehicles', column: 'good' },
    ],
  },
];

/** Returns the submission with one answer replaced (or removed when `answer` is null). */
function withAnswer(
  code: string,
  answer: Omit<SubmittedAnswer, 'questionCode'> | null,
): SubmittedAnswer[] {
  const others = VALID.filter((entry) => entry.questionCode !== code);

  return answer === null ? others : [...others, { questionCode: code, ...answer }];
}

function rulesOf(answers: SubmittedAnswer[]): [string, string][] {
  const outcome = validateSubmission(QUESTIONS, answers);

  return outcome.ok ? [] : outcome.problems.map((problem) => [problem.questionCode, problem.rule]);
}

describe('validateSubmission', () => {
  it('accepts a complete submission', () => {
    const outcome = validateSubmission(QUESTIONS, VALID);

    expect(outcome).toEqual({
      ok: true,
      answers: {
        uses: 'yes',
        days: ['mon', 'wed'],
        order: ['tram', 'bus', 'bike'],
        safety: 4,
        grid: [
          { row: 'stops', column: 'fair' },
          { row: 'vehicles', column: 'good' },
        ],
      },
    });
  });

  it.each([
    ['single choice: unknown option', 'uses', { choice: 'maybe' }, 'UNKNOWN_OPTION'],
    ['single choice: wrong field', 'uses', { choices: ['yes'] }, 'WRONG_ANSWER_FIELD'],
    ['single choice: missing', 'uses', null, 'REQUIRED'],
    ['multiple choice: too few', 'days', { choices: ['mon'] }, 'TOO_FEW_SELECTIONS'],
    [
      'multiple choice: too many',
      'days',
      { choices: ['mon', 'tue', 'wed', 'thu'] },
      'TOO_MANY_SELECTIONS',
    ],
    ['multiple choice: repeated', 'days', { choices: ['mon', 'mon'] }, 'DUPLICATE_OPTION'],
    ['multiple choice: unknown', 'days', { choices: ['mon', 'sun'] }, 'UNKNOWN_OPTION'],
    ['ranking: incomplete', 'order', { ranking: ['bus', 'tram'] }, 'INCOMPLETE_RANKING'],
    ['ranking: repeated', 'order', { ranking: ['bus', 'bus', 'bike'] }, 'DUPLICATE_OPTION'],
    ['ranking: unknown', 'order', { ranking: ['bus', 'tram', 'car'] }, 'UNKNOWN_OPTION'],
    ['scale: below range', 'safety', { scale: 0 }, 'OUT_OF_RANGE'],
    ['scale: above range', 'safety', { scale: 6 }, 'OUT_OF_RANGE'],
    ['scale: fraction', 'safety', { scale: 2.5 }, 'NOT_WHOLE_NUMBER'],
    ['long text: over the cap', 'comment', { text: 'x'.repeat(5001) }, 'TOO_LONG'],
    ['long text: blank', 'comment', { text: '   ' }, 'EMPTY_TEXT'],
    ['matrix: missing row', 'grid', { matrix: [{ row: 'stops', column: 'good' }] }, 'MISSING_ROW'],
    ['matrix: unknown row', 'grid', { matrix: [{ row: 'trains', column: 'good' }] }, 'UNKNOWN_ROW'],
    [
      'matrix: unknown column',
      'grid',
      {
        matrix: [
          { row: 'stops', column: 'bad' },
          { row: 'vehicles', column: 'good' },
        ],
      },
      'UNKNOWN_OPTION',
    ],
    [
      'matrix: row twice',
      'grid',
      {
        matrix: [
          { row: 'stops', column: 'good' },
          { row: 'stops', column: 'poor' },
          { row: 'vehicles', column: 'good' },
        ],
      },
      'DUPLICATE_ROW',
    ],
  ] as const)('rejects %s', (_name, code, answer, rule) => {
    // The table is `as const` for readable names, so its arrays are read-only copies of answers.
    const submitted = structuredClone(answer) as Omit<SubmittedAnswer, 'questionCode'> | null;
    expect(rulesOf(withAnswer(code, submitted))).toEqual([[code, rule]]);
  });

  it('accepts long text at the cap', () => {
    expect(rulesOf(withAnswer('comment', { text: 'x'.repeat(5000) }))).toEqual([]);
  });

  it('rejects an unknown question and a repeated answer', () => {
    const answers = [
      ...VALID,
      { questionCode: 'nope', choice: 'yes' },
      { questionCode: 'uses', choice: 'no' },
    ];

    expect(rulesOf(answers)).toEqual([
      ['nope', 'UNKNOWN_QUESTION'],
      ['uses', 'DUPLICATE_ANSWER'],
    ]);
  });

  it('names the question and the limit in messages', () => {
    const outcome = validateSubmission(QUESTIONS, withAnswer('days', { choices: ['mon'] }));

    expect(outcome.ok ? [] : outcome.problems.map((problem) => problem.message)).toEqual([
      'Question "days": 1 selected, but at least 2 are required.',
    ]);
  });

  it('keeps free text out of messages', () => {
    const secret = 'my phone is 555-0100 and more';
    const outcome = validateSubmission(QUESTIONS, [
      ...withAnswer('uses', { choice: 'no' }),
      { questionCode: 'why', text: secret },
    ]);

    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(outcome)).not.toContain('555-0100');
  });
});

describe('display conditions', () => {
  it('requires a shown question', () => {
    expect(rulesOf(withAnswer('uses', { choice: 'no' }))).toEqual([['why', 'REQUIRED']]);
  });

  it('accepts an answer to a shown question', () => {
    const answers = [
      ...withAnswer('uses', { choice: 'no' }),
      { questionCode: 'why', text: 'too far' },
    ];

    expect(rulesOf(answers)).toEqual([]);
  });

  it('rejects an answer to a hidden question', () => {
    expect(rulesOf([...VALID, { questionCode: 'why', text: 'too far' }])).toEqual([
      ['why', 'HIDDEN_QUESTION'],
    ]);
  });

  it('hides a question when the earlier answer is invalid', () => {
    expect(rulesOf(withAnswer('uses', { choice: 'perhaps' }))).toEqual([
      ['uses', 'UNKNOWN_OPTION'],
    ]);
  });

  it('matches a scale value written as text', () => {
    const questions = [
      question({ code: 'score', type: 'SCALE', scaleMin: 0, scaleMax: 10 }),
      question({
        code: 'low',
        type: 'SHORT_TEXT',
        showWhen: { questionCode: 'score', anyOf: ['0', '1', '2'] },
      }),
    ];

    expect(validateSubmission(questions, [{ questionCode: 'score', scale: 1 }]).ok).toBe(false);
    expect(validateSubmission(questions, [{ questionCode: 'score', scale: 7 }]).ok).toBe(true);
  });

  it('matches any selected option of a multiple choice', () => {
    const questions = [
      question({ code: 'modes', type: 'MULTIPLE_CHOICE', options: ['bus', 'car'] }),
      question({
        code: 'parking',
        type: 'SINGLE_CHOICE',
        options: ['yes', 'no'],
        showWhen: { questionCode: 'modes', anyOf: ['car'] },
      }),
    ];
    const outcome = validateSubmission(questions, [
      { questionCode: 'modes', choices: ['bus', 'car'] },
    ]);

    expect(outcome.ok ? [] : outcome.problems.map((problem) => problem.rule)).toEqual(['REQUIRED']);
  });
});

describe('validateQuestionnaire', () => {
  it('accepts the sample questionnaire', () => {
    expect(validateQuestionnaire(QUESTIONS)).toEqual([]);
  });

  it.each([
    ['a repeated code', [QUESTIONS[0]!, { ...QUESTIONS[0]! }], 'code'],
    ['a code over 64 characters', [question({ code: 'c'.repeat(65), type: 'SHORT_TEXT' })], 'code'],
    [
      'an option over 200 characters',
      [question({ code: 'q', type: 'SINGLE_CHOICE', options: ['a', 'b'.repeat(201)] })],
      'options',
    ],
    ['one option', [question({ code: 'q', type: 'SINGLE_CHOICE', options: ['only'] })], 'options'],
    [
      'reversed selection bounds',
      [
        question({
          code: 'q',
          type: 'MULTIPLE_CHOICE',
          options: ['a', 'b'],
          minSelections: 2,
          maxSelections: 1,
        }),
      ],
      'maxSelections',
    ],
    ['a scale without bounds', [question({ code: 'q', type: 'SCALE' })], 'scaleMax'],
    [
      'a text cap over the maximum',
      [question({ code: 'q', type: 'SHORT_TEXT', maxLength: 201 })],
      'maxLength',
    ],
    [
      'a matrix without rows',
      [question({ code: 'q', type: 'MATRIX', options: ['a', 'b'] })],
      'rows',
    ],
    [
      'a condition on a later question',
      [
        question({
          code: 'q',
          type: 'SHORT_TEXT',
          showWhen: { questionCode: 'uses', anyOf: ['no'] },
        }),
        QUESTIONS[0]!,
      ],
      'showWhen',
    ],
    [
      'a condition on an impossible value',
      [
        QUESTIONS[0]!,
        question({
          code: 'q',
          type: 'SHORT_TEXT',
          showWhen: { questionCode: 'uses', anyOf: ['maybe'] },
        }),
      ],
      'showWhen',
    ],
    [
      'a condition on a text question',
      [
        QUESTIONS[1]!,
        question({
          code: 'q',
          type: 'SHORT_TEXT',
          showWhen: { questionCode: 'why', anyOf: ['x'] },
        }),
      ],
      'showWhen',
    ],
  ] as const)('rejects %s', (_name, questions, field) => {
    expect(validateQuestionnaire([...questions]).map((problem) => problem.field)).toContain(field);
  });
});
