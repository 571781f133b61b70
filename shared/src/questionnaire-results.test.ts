import { describe, expect, it } from 'vitest';
import type { AnswerSheet, QuestionDefinition } from './questionnaire';
import { keywordThreshold, tallyQuestion } from './questionnaire-results';

const BASE: Omit<QuestionDefinition, 'code' | 'type'> = {
  prompt: 'Prompt',
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
};
const CHOICE: QuestionDefinition = {
  ...BASE,
  code: 'q',
  type: 'SINGLE_CHOICE',
  options: ['yes', 'no', 'unsure'],
};
const OPTIONS = { minAggregateCount: 5, binding: false, population: null };

function sheets(values: string[]): AnswerSheet[] {
  return values.map((value) => ({ q: value }));
}

describe('tallyQuestion', () => {
  it('hides every count under the minimum', () => {
    const result = tallyQuestion(CHOICE, sheets(['yes', 'yes', 'no', 'no']), OPTIONS);

    expect(result.suppressed).toBe(true);
    expect(result.respondents).toBeNull();
    expect(result.options.map((option) => option.count)).toEqual([null, null, null]);
  });

  it('hides one small count and keeps zero', () => {
    const values = [...Array(6).fill('yes'), ...Array(2).fill('no')];
    const result = tallyQuestion(CHOICE, sheets(values), OPTIONS);

    expect(result.respondents).toBe(8);
    expect(result.options.map((option) => [option.value, option.count])).toEqual([
      ['yes', 6],
      ['no', null],
      ['unsure', 0],
    ]);
  });

  it('reports shares with margins of error', () => {
    const values = [...Array(6).fill('yes'), ...Array(4).fill('no')];
    const [yes] = tallyQuestion(CHOICE, sheets(values), { ...OPTIONS, population: 50 }).options;

    // 0.6 of 10 drawn from 50: 1.959964 * sqrt(0.24 / 10) * sqrt(40 / 49) = 0.274338.
    expect(yes!.share).toBeCloseTo(0.6, 10);
    expect(yes!.marginOfError).toBeCloseTo(0.274338, 6);
  });

  it('gives binding questions no margin of error', () => {
    const values = Array(5).fill('yes');
    const [yes] = tallyQuestion(CHOICE, sheets(values), { ...OPTIONS, binding: true }).options;

    expect(yes!.marginOfError).toBeNull();
  });

  it('scores rankings with Borda points', () => {
    const ranking: QuestionDefinition = {
      ...BASE,
      code: 'q',
      type: 'RANKING',
      options: ['a', 'b', 'c'],
    };
    const answers = [...Array(3).fill(['a', 'b', 'c']), ...Array(2).fill(['c', 'b', 'a'])].map(
      (order) => ({ q: order }),
    );
    const result = tallyQuestion(ranking, answers, OPTIONS);

    expect(result.rankingScores).toEqual([
      { value: 'a', points: 6, meanPosition: 1.8 },
      { value: 'b', points: 5, meanPosition: 2 },
      { value: 'c', points: 4, meanPosition: 2.2 },
    ]);
  });

  it('counts scale values and the mean', () => {
    const scale: QuestionDefinition = {
      ...BASE,
      code: 'q',
      type: 'SCALE',
      scaleMin: 1,
      scaleMax: 3,
    };
    const result = tallyQuestion(
      scale,
      [1, 3, 3, 3, 3, 3].map((value) => ({ q: value })),
      OPTIONS,
    );

    expect(result.options.map((option) => [option.value, option.count])).toEqual([
      ['1', null],
      ['2', 0],
      ['3', 5],
    ]);
    expect(result.mean).toBeCloseTo(16 / 6, 10);
  });

  it('returns no text for text questions', () => {
    const text: QuestionDefinition = { ...BASE, code: 'q', type: 'LONG_TEXT' };
    const answers = [
      'Kowalski lives at Ogrodowa 12',
      'call me on 600100200',
      'my neighbour Zenobia complains',
      'the bakery on Piotrkowska',
      'a private matter entirely',
    ];
    const result = tallyQuestion(text, sheets(answers), OPTIONS);

    expect(result.respondents).toBe(5);
    for (const answer of answers) {
      expect(JSON.stringify(result)).not.toContain(answer);
    }
    expect(result.keywords).toEqual([]);
  });
});

describe('text keywords in a tally', () => {
  const text: QuestionDefinition = { ...BASE, code: 'q', type: 'SHORT_TEXT' };
  const threshold = keywordThreshold(OPTIONS.minAggregateCount);

  /** Builds answers where `count` respondents mention the word and the rest write filler. */
  function answersMentioning(word: string, count: number, total: number): string[] {
    return Array.from({ length: total }, (_, index) =>
      index < count ? `more ${word} lanes please` : 'more lanes please',
    );
  }

  it('reports a word at the threshold', () => {
    const result = tallyQuestion(text, sheets(answersMentioning('bicycle', threshold, 8)), OPTIONS);
    const terms = result.keywords.map((keyword) => keyword.term);

    expect(terms).toContain('bicycle');
    expect(result.keywords.find((keyword) => keyword.term === 'bicycle')?.participants).toBe(
      threshold,
    );
  });

  it('hides a word below the threshold', () => {
    const result = tallyQuestion(
      text,
      sheets(answersMentioning('bicycle', threshold - 1, 8)),
      { ...OPTIONS, language: 'en' },
    );

    expect(result.keywords.map((keyword) => keyword.term)).not.toContain('bicycle');
    expect(result.keywords.map((keyword) => keyword.term)).toContain('lanes');
  });

  it('never reports a single-use word', () => {
    expect(keywordThreshold(1)).toBe(2);
  });

  it('stems Polish answers', () => {
    const answers = [
      'więcej ścieżek rowerowych',
      'bezpieczne ścieżki rowerowe',
      'ścieżka rowerowa nad rzeką',
      'nowe ścieżki dla rowerów',
      'oświetlenie ścieżek rowerowych',
    ];
    const result = tallyQuestion(text, sheets(answers), {
      ...OPTIONS,
      minAggregateCount: 3,
      language: 'pl',
    });
    // rowerowych, rowerowe and rowerowa share the stem "rower"; "rowerów" stems apart.
    const cycling = result.keywords.find((keyword) => keyword.term === 'rowerowych');

    expect(cycling?.participants).toBe(4);
  });

  it('groups answers into topics without answer indexes', () => {
    const answers = [
      ...Array.from({ length: 6 }, () => 'bicycle lanes downtown'),
      ...Array.from({ length: 6 }, () => 'park benches shade'),
    ];
    const result = tallyQuestion(text, sheets(answers), { ...OPTIONS, language: 'en' });

    expect(result.topics.length).toBeGreaterThanOrEqual(2);
    expect(result.topics.every((topic) => topic.participants === 6 || topic.participants === null)).toBe(true);
    expect(Object.keys(result.topics[0]!).sort()).toEqual(['keywords', 'participants']);
  });
});
