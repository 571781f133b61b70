/** Kinds of questionnaire question. */
export type QuestionType =
  'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'RANKING' | 'SCALE' | 'SHORT_TEXT' | 'LONG_TEXT' | 'MATRIX';

/** Every question type. */
export const QUESTION_TYPES = [
  'SINGLE_CHOICE',
  'MULTIPLE_CHOICE',
  'RANKING',
  'SCALE',
  'SHORT_TEXT',
  'LONG_TEXT',
  'MATRIX',
] as const satisfies readonly QuestionType[];

/** Default and maximum length of a SHORT_TEXT answer, in characters. */
export const SHORT_TEXT_MAX_LENGTH = 200;
/** Default and maximum length of a LONG_TEXT answer, in characters. */
export const LONG_TEXT_MAX_LENGTH = 5000;
/** Maximum number of options, matrix rows or matrix columns of one question. */
export const MAX_QUESTION_OPTIONS = 50;
/** Maximum length of a question code, in characters. */
export const MAX_QUESTION_CODE_LENGTH = 64;
/** Maximum length of an option, row or scale label, in characters. */
export const MAX_LABEL_LENGTH = 200;

/** Show a question only when the answer to an earlier question matches one of `anyOf`. */
export type DisplayCondition = {
  /** Code of an earlier SINGLE_CHOICE, MULTIPLE_CHOICE or SCALE question. */
  questionCode: string;
  /** Options (or scale values written as text) that make the question visible. */
  anyOf: string[];
};

/** One question of a questionnaire, as the validation and the tally read it. */
export type QuestionDefinition = {
  /** Code unique within the consultation, used by answers and conditions. */
  code: string;
  type: QuestionType;
  prompt: string;
  /** A visible required question must be answered. Hidden questions are never required. */
  required: boolean;
  /** Options of choice and ranking questions, columns of a MATRIX. */
  options: string[];
  /** Rows of a MATRIX; empty for other types. */
  rows: string[];
  /** Selection bounds of a MULTIPLE_CHOICE question; null means 1 and the number of options. */
  minSelections: number | null;
  maxSelections: number | null;
  /** Whole-number bounds of a SCALE question, and the labels of both ends. */
  scaleMin: number | null;
  scaleMax: number | null;
  minLabel: string | null;
  maxLabel: string | null;
  /** Length cap of a text answer; null means the type's default. */
  maxLength: number | null;
  showWhen: DisplayCondition | null;
};

/** The answer of one matrix row. */
export type MatrixCell = { row: string; column: string };

/**
 * One answer as submitted. Exactly the field that matches the question's type is set:
 * `choice` (SINGLE_CHOICE), `choices` (MULTIPLE_CHOICE), `ranking` (RANKING, best first),
 * `scale` (SCALE), `text` (SHORT_TEXT, LONG_TEXT) or `matrix` (MATRIX).
 */
export type SubmittedAnswer = {
  questionCode: string;
  choice?: string | null;
  choices?: string[] | null;
  ranking?: string[] | null;
  scale?: number | null;
  text?: string | null;
  matrix?: MatrixCell[] | null;
};

/** A stored, valid answer: the value of the field that the question's type uses. */
export type AnswerValue = string | string[] | number | MatrixCell[];

/** Valid answers of one submission by question code, visible questions only. */
export type AnswerSheet = Record<string, AnswerValue>;

/** Rules a submission can break, one per check. */
export type SubmissionRule =
  | 'UNKNOWN_QUESTION'
  | 'DUPLICATE_ANSWER'
  | 'REQUIRED'
  | 'HIDDEN_QUESTION'
  | 'WRONG_ANSWER_FIELD'
  | 'UNKNOWN_OPTION'
  | 'DUPLICATE_OPTION'
  | 'TOO_FEW_SELECTIONS'
  | 'TOO_MANY_SELECTIONS'
  | 'INCOMPLETE_RANKING'
  | 'NOT_WHOLE_NUMBER'
  | 'OUT_OF_RANGE'
  | 'EMPTY_TEXT'
  | 'TOO_LONG'
  | 'UNKNOWN_ROW'
  | 'DUPLICATE_ROW'
  | 'MISSING_ROW';

/** One broken rule, naming the question and the rule in `message`. */
export type SubmissionProblem = {
  questionCode: string;
  rule: SubmissionRule;
  message: string;
};

/** Outcome of `validateSubmission`: the answers to store, or every problem found. */
export type SubmissionValidation =
  { ok: true; answers: AnswerSheet } | { ok: false; problems: SubmissionProblem[] };

const ANSWER_FIELDS = ['choice', 'choices', 'ranking', 'scale', 'text', 'matrix'] as const;
type AnswerField = (typeof ANSWER_FIELDS)[number];

/** The answer field each question type reads. */
export const ANSWER_FIELD_OF: Record<QuestionType, AnswerField> = {
  SINGLE_CHOICE: 'choice',
  MULTIPLE_CHOICE: 'choices',
  RANKING: 'ranking',
  SCALE: 'scale',
  SHORT_TEXT: 'text',
  LONG_TEXT: 'text',
  MATRIX: 'matrix',
};

/** Returns the length cap of a text question: its own cap, never above the type's maximum. */
export function textLengthCap(question: QuestionDefinition): number {
  const maximum = question.type === 'SHORT_TEXT' ? SHORT_TEXT_MAX_LENGTH : LONG_TEXT_MAX_LENGTH;

  return Math.min(question.maxLength ?? maximum, maximum);
}

/** Returns the selection bounds of a MULTIPLE_CHOICE question, defaults applied. */
export function selectionBounds(question: QuestionDefinition): { min: number; max: number } {
  return {
    min: question.minSelections ?? 1,
    max: question.maxSelections ?? question.options.length,
  };
}

/** Returns the values a display condition can match: an answer as a list of strings. */
function conditionValues(value: AnswerValue | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  if (typeof value === 'number') {
    return [String(value)];
  }
  if (typeof value === 'string') {
    return [value];
  }

  return value.map((entry) => (typeof entry === 'string' ? entry : entry.column));
}

/**
 * Tells whether a question is shown, given the valid answers to earlier questions. A question
 * whose condition names an unanswered or hidden question is hidden.
 */
export function isQuestionVisible(question: QuestionDefinition, answers: AnswerSheet): boolean {
  if (!question.showWhen) {
    return true;
  }
  const matched = conditionValues(answers[question.showWhen.questionCode]);

  return matched.some((value) => question.showWhen!.anyOf.includes(value));
}

function quoted(value: unknown): string {
  return JSON.stringify(value);
}

/** Checks the list of a MULTIPLE_CHOICE or RANKING answer against the options. */
function checkOptionList(
  question: QuestionDefinition,
  values: string[],
  problem: (rule: SubmissionRule, message: string) => void,
): boolean {
  const unknown = values.find((value) => !question.options.includes(value));
  if (unknown !== undefined) {
    problem(
      'UNKNOWN_OPTION',
      `${quoted(unknown)} is not an option; choose from ${question.options.map(quoted).join(', ')}.`,
    );
    return false;
  }
  const repeated = values.find((value, index) => values.indexOf(value) !== index);
  if (repeated !== undefined) {
    problem(
      'DUPLICATE_OPTION',
      `${quoted(repeated)} is given more than once; list each option once.`,
    );
    return false;
  }

  return true;
}

/** Validates one answer against its question and returns the value to store, or undefined. */
function checkAnswer(
  question: QuestionDefinition,
  answer: SubmittedAnswer,
  problem: (rule: SubmissionRule, message: string) => void,
): AnswerValue | undefined {
  const field = ANSWER_FIELD_OF[question.type];
  const others = ANSWER_FIELDS.filter(
    (name) => name !== field && answer[name] !== undefined && answer[name] !== null,
  );
  if (others.length > 0) {
    problem(
      'WRONG_ANSWER_FIELD',
      `A ${question.type} question takes its answer in "${field}", not in ${others.map((name) => `"${name}"`).join(', ')}.`,
    );
    return undefined;
  }

  switch (question.type) {
    case 'SINGLE_CHOICE': {
      const choice = answer.choice!;
      if (!question.options.includes(choice)) {
        problem(
          'UNKNOWN_OPTION',
          `${quoted(choice)} is not an option; choose one of ${question.options.map(quoted).join(', ')}.`,
        );
        return undefined;
      }
      return choice;
    }
    case 'MULTIPLE_CHOICE': {
      const choices = answer.choices!;
      if (!checkOptionList(question, choices, problem)) {
        return undefined;
      }
      const { min, max } = selectionBounds(question);
      if (choices.length < min) {
        problem(
          'TOO_FEW_SELECTIONS',
          `${choices.length} selected, but at least ${min} are required.`,
        );
        return undefined;
      }
      if (choices.length > max) {
        problem(
          'TOO_MANY_SELECTIONS',
          `${choices.length} selected, but at most ${max} are allowed.`,
        );
        return undefined;
      }
      return choices;
    }
    case 'RANKING': {
      const ranking = answer.ranking!;
      if (!checkOptionList(question, ranking, problem)) {
        return undefined;
      }
      if (ranking.length !== question.options.length) {
        const missing = question.options.filter((option) => !ranking.includes(option));
        problem(
          'INCOMPLETE_RANKING',
          `The ranking leaves out ${missing.map(quoted).join(', ')}; rank every option.`,
        );
        return undefined;
      }
      return ranking;
    }
    case 'SCALE': {
      const value = answer.scale!;
      if (!Number.isInteger(value)) {
        problem('NOT_WHOLE_NUMBER', `${value} is not a whole number.`);
        return undefined;
      }
      if (value < question.scaleMin! || value > question.scaleMax!) {
        problem(
          'OUT_OF_RANGE',
          `${value} is outside the scale; give a whole number from ${question.scaleMin} to ${question.scaleMax}.`,
        );
        return undefined;
      }
      return value;
    }
    case 'SHORT_TEXT':
    case 'LONG_TEXT': {
      // The text itself never appears in a message: it is resident free text.
      const text = answer.text!.trim();
      if (text === '') {
        problem('EMPTY_TEXT', 'The text is empty; write an answer or leave the question out.');
        return undefined;
      }
      const cap = textLengthCap(question);
      if ([...text].length > cap) {
        problem('TOO_LONG', `The text has ${[...text].length} characters; the limit is ${cap}.`);
        return undefined;
      }
      return text;
    }
    case 'MATRIX': {
      const cells = answer.matrix!;
      const seen = new Set<string>();
      for (const cell of cells) {
        if (!question.rows.includes(cell.row)) {
          problem(
            'UNKNOWN_ROW',
            `${quoted(cell.row)} is not a row; the rows are ${question.rows.map(quoted).join(', ')}.`,
          );
          return undefined;
        }
        if (seen.has(cell.row)) {
          problem(
            'DUPLICATE_ROW',
            `Row ${quoted(cell.row)} is answered more than once; pick one column per row.`,
          );
          return undefined;
        }
        seen.add(cell.row);
        if (!question.options.includes(cell.column)) {
          problem(
            'UNKNOWN_OPTION',
            `${quoted(cell.column)} is not a column of row ${quoted(cell.row)}; choose one of ${question.options.map(quoted).join(', ')}.`,
          );
          return undefined;
        }
      }
      const missing = question.rows.filter((row) => !seen.has(row));
      if (missing.length > 0) {
        problem(
          'MISSING_ROW',
          `Rows ${missing.map(quoted).join(', ')} have no answer; pick one column in every row.`,
        );
        return undefined;
      }
      return cells;
    }
  }
}

/**
 * Validates a whole submission against a questionnaire, questions in their display order.
 * Returns the answers to store or every problem, each naming the question and the rule.
 *
 * A question hidden by its display condition must not be answered, and a visible required
 * question must be. An answer that breaks a rule counts as missing for later conditions.
 */
export function validateSubmission(
  questions: QuestionDefinition[],
  submitted: SubmittedAnswer[],
): SubmissionValidation {
  const problems: SubmissionProblem[] = [];
  const byCode = new Map<string, SubmittedAnswer>();
  for (const answer of submitted) {
    const problem = (rule: SubmissionRule, message: string) =>
      problems.push({
        questionCode: answer.questionCode,
        rule,
        message: `Question ${quoted(answer.questionCode)}: ${message}`,
      });
    if (!questions.some((question) => question.code === answer.questionCode)) {
      problem('UNKNOWN_QUESTION', 'no question has this code; answer only the questions listed.');
    } else if (byCode.has(answer.questionCode)) {
      problem('DUPLICATE_ANSWER', 'answered more than once; send one answer per question.');
    } else {
      byCode.set(answer.questionCode, answer);
    }
  }

  const answers: AnswerSheet = {};
  for (const question of questions) {
    const problem = (rule: SubmissionRule, message: string) =>
      problems.push({
        questionCode: question.code,
        rule,
        message: `Question ${quoted(question.code)}: ${message}`,
      });
    const answer = byCode.get(question.code);
    const field = ANSWER_FIELD_OF[question.type];
    const given = answer !== undefined && answer[field] !== undefined && answer[field] !== null;
    if (!isQuestionVisible(question, answers)) {
      if (answer !== undefined) {
        problem(
          'HIDDEN_QUESTION',
          `hidden because the answer to ${quoted(question.showWhen!.questionCode)} is not one of ${question.showWhen!.anyOf.map(quoted).join(', ')}; leave it out.`,
        );
      }
      continue;
    }
    if (!given) {
      if (
        answer !== undefined &&
        ANSWER_FIELDS.some((name) => answer[name] !== undefined && answer[name] !== null)
      ) {
        checkAnswer(question, answer, problem);
      } else if (question.required) {
        problem('REQUIRED', `an answer is required; give it in "${field}".`);
      }
      continue;
    }
    const value = checkAnswer(question, answer, problem);
    if (value !== undefined) {
      answers[question.code] = value;
    }
  }

  return problems.length === 0 ? { ok: true, answers } : { ok: false, problems };
}

/** A problem in a questionnaire definition, naming the question and the field at fault. */
export type QuestionProblem = { questionCode: string; field: string; message: string };

/**
 * Checks a questionnaire definition, questions in display order: unique codes, options that
 * fit the type, bounds in order, and display conditions that name an earlier choice or scale
 * question and values it can take.
 */
export function validateQuestionnaire(questions: QuestionDefinition[]): QuestionProblem[] {
  const problems: QuestionProblem[] = [];
  const seen = new Map<string, QuestionDefinition>();
  for (const question of questions) {
    const problem = (field: string, message: string) =>
      problems.push({
        questionCode: question.code,
        field,
        message: `Question ${quoted(question.code)}: ${message}`,
      });
    if (question.code.trim() === '' || question.code.length > MAX_QUESTION_CODE_LENGTH) {
      problem('code', `the code must have 1 to ${MAX_QUESTION_CODE_LENGTH} characters.`);
    }
    const labels = [
      ...question.options,
      ...question.rows,
      question.minLabel ?? '',
      question.maxLabel ?? '',
    ];
    if (labels.some((label) => label.length > MAX_LABEL_LENGTH)) {
      problem(
        'options',
        `options, rows and scale labels must have at most ${MAX_LABEL_LENGTH} characters.`,
      );
    }
    if (seen.has(question.code)) {
      problem('code', 'the code is used by an earlier question; codes must be unique.');
    }
    if (question.prompt.trim() === '') {
      problem('prompt', 'the prompt is empty; write the question text.');
    }
    const usesOptions = !['SCALE', 'SHORT_TEXT', 'LONG_TEXT'].includes(question.type);
    if (usesOptions) {
      const needed = question.type === 'MATRIX' ? 1 : 2;
      if (question.options.length < needed || question.options.length > MAX_QUESTION_OPTIONS) {
        problem(
          'options',
          `a ${question.type} question needs ${needed} to ${MAX_QUESTION_OPTIONS} options, not ${question.options.length}.`,
        );
      }
      if (
        new Set(question.options).size !== question.options.length ||
        question.options.some((option) => option.trim() === '')
      ) {
        problem('options', 'options must be unique and not empty.');
      }
    } else if (question.options.length > 0) {
      problem('options', `a ${question.type} question takes no options.`);
    }
    if (question.type === 'MATRIX') {
      if (question.rows.length < 1 || question.rows.length > MAX_QUESTION_OPTIONS) {
        problem(
          'rows',
          `a MATRIX question needs 1 to ${MAX_QUESTION_OPTIONS} rows, not ${question.rows.length}.`,
        );
      }
      if (
        new Set(question.rows).size !== question.rows.length ||
        question.rows.some((row) => row.trim() === '')
      ) {
        problem('rows', 'rows must be unique and not empty.');
      }
    } else if (question.rows.length > 0) {
      problem('rows', `only MATRIX questions take rows.`);
    }
    if (question.type === 'MULTIPLE_CHOICE') {
      const { min, max } = selectionBounds(question);
      if (min < 0 || max < 1 || min > max || max > question.options.length) {
        problem(
          'maxSelections',
          `selection bounds ${min} to ${max} must satisfy 0 <= min <= max <= ${question.options.length} options, with max at least 1.`,
        );
      }
    } else if (question.minSelections !== null || question.maxSelections !== null) {
      problem('minSelections', 'only MULTIPLE_CHOICE questions take selection bounds.');
    }
    if (question.type === 'SCALE') {
      const { scaleMin: min, scaleMax: max } = question;
      if (
        min === null ||
        max === null ||
        !Number.isInteger(min) ||
        !Number.isInteger(max) ||
        min >= max ||
        max - min > 100
      ) {
        problem(
          'scaleMax',
          `a SCALE question needs whole-number bounds with min < max and at most 100 steps, not ${min} to ${max}.`,
        );
      }
    } else if (question.scaleMin !== null || question.scaleMax !== null) {
      problem('scaleMin', 'only SCALE questions take scale bounds.');
    }
    if (question.type === 'SHORT_TEXT' || question.type === 'LONG_TEXT') {
      const maximum = question.type === 'SHORT_TEXT' ? SHORT_TEXT_MAX_LENGTH : LONG_TEXT_MAX_LENGTH;
      if (question.maxLength !== null && (question.maxLength < 1 || question.maxLength > maximum)) {
        problem(
          'maxLength',
          `the length cap must be from 1 to ${maximum} characters, not ${question.maxLength}.`,
        );
      }
    } else if (question.maxLength !== null) {
      problem('maxLength', 'only text questions take a length cap.');
    }
    if (question.showWhen) {
      const target = seen.get(question.showWhen.questionCode);
      if (!target) {
        problem(
          'showWhen',
          `the condition names ${quoted(question.showWhen.questionCode)}, which is not an earlier question.`,
        );
      } else if (!['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'SCALE'].includes(target.type)) {
        problem(
          'showWhen',
          `the condition names a ${target.type} question; use a choice or scale question.`,
        );
      } else {
        const values =
          target.type === 'SCALE'
            ? Array.from(
                { length: (target.scaleMax ?? 0) - (target.scaleMin ?? 0) + 1 },
                (_, index) => String((target.scaleMin ?? 0) + index),
              )
            : target.options;
        const unknown = question.showWhen.anyOf.find((value) => !values.includes(value));
        if (question.showWhen.anyOf.length === 0 || unknown !== undefined) {
          problem(
            'showWhen',
            `the condition must list values of ${quoted(target.code)} (${values.map(quoted).join(', ')})${unknown === undefined ? '' : `; ${quoted(unknown)} is not one`}.`,
          );
        }
      }
    }
    seen.set(question.code, question);
  }

  return problems;
}
