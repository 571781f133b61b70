import { marginOfError } from './margin-of-error';
import type { AnswerSheet, MatrixCell, QuestionDefinition, QuestionType } from './questionnaire';
import {
  DEFAULT_MIN_DOCUMENT_FREQUENCY,
  extractKeywords,
  extractTopics,
  type KeywordLanguage,
} from './text-keywords';

/** Keywords reported per text question, at most. */
export const TEXT_KEYWORDS_PER_QUESTION = 10;
/** Topics the answers to one text question are grouped into, at most. */
export const TEXT_TOPICS_PER_QUESTION = 3;
/** Seed of the k-means start of text topics, fixed so the same answers give the same topics. */
export const TEXT_TOPIC_SEED = 1;

/** Count of one option (or scale value, or matrix column within a row). */
export type OptionResult = {
  value: string;
  /** Respondents who chose it, or null when suppressed as a small count. */
  count: number | null;
  /** `count` divided by the question's respondents, or null when suppressed. */
  share: number | null;
  /**
   * 95% margin of error of `share`, in the same units, or null for binding questions and
   * suppressed counts.
   */
  marginOfError: number | null;
};

/** Borda points of one ranked option: n - 1 for each first place down to 0 for each last. */
export type RankingScore = {
  value: string;
  points: number | null;
  /** Mean position, 1 being first, or null when suppressed. */
  meanPosition: number | null;
};

/** A word shared by the answers to one text question. */
export type TextKeywordResult = {
  /** The word form used most often for the keyword's stem. */
  term: string;
  /** Respondents whose answer contains the stem; never below the keyword threshold. */
  participants: number;
};

/** A group of answers to one text question that use the same keywords. */
export type TextTopicResult = {
  /** Keywords that name the topic, most typical first. */
  keywords: string[];
  /** Respondents whose answer falls in the topic, or null when above 0 and below the minimum aggregate count. */
  participants: number | null;
};

/**
 * Results of one question. Every count is null when fewer than the minimum aggregate count of
 * respondents answered, and a single count is null when it is above 0 and below that minimum.
 * Free-text answers are never part of results: text questions report respondents, keywords
 * and topics only.
 */
export type QuestionResultSnapshot = {
  questionCode: string;
  type: QuestionType;
  respondents: number | null;
  /** True when the respondents are too few and every count of the question is hidden. */
  suppressed: boolean;
  /** SINGLE_CHOICE and MULTIPLE_CHOICE: choices. RANKING: first places. SCALE: each value. */
  options: OptionResult[];
  /** MATRIX: the column counts of each row. */
  rows: { row: string; options: OptionResult[] }[];
  /** SCALE: mean of the answers. */
  mean: number | null;
  /** RANKING: Borda points and mean position of each option. */
  rankingScores: RankingScore[];
  /** SHORT_TEXT and LONG_TEXT: keywords used by at least `keywordThreshold` respondents. */
  keywords: TextKeywordResult[];
  /** SHORT_TEXT and LONG_TEXT: topics built from those keywords, largest first. */
  topics: TextTopicResult[];
};

/** Settings of a tally: suppression threshold and what the margin of error needs. */
export type TallyOptions = {
  minAggregateCount: number;
  /** Binding questions count every vote, so their shares carry no margin of error. */
  binding: boolean;
  /** People the respondents were drawn from, for the finite population correction. */
  population: number | null;
  /** Language of the text answers, for stop words and stemming; Polish when absent. */
  language?: KeywordLanguage;
};

/**
 * Returns the fewest respondents whose answers must contain a word before it is reported as
 * a keyword: the minimum aggregate count, but never below 2, so a word that only one
 * respondent wrote cannot point to that person.
 */
export function keywordThreshold(minAggregateCount: number): number {
  return Math.max(minAggregateCount, DEFAULT_MIN_DOCUMENT_FREQUENCY);
}

/** Extracts the keywords and topics of text answers, with small topic sizes hidden. */
function tallyText(
  texts: string[],
  options: TallyOptions,
): Pick<QuestionResultSnapshot, 'keywords' | 'topics'> {
  const language = options.language ?? 'pl';
  const minDocumentFrequency = keywordThreshold(options.minAggregateCount);
  const keywords = extractKeywords(texts, language, {
    maxKeywords: TEXT_KEYWORDS_PER_QUESTION,
    minDocumentFrequency,
  }).map((keyword) => ({ term: keyword.term, participants: keyword.documentFrequency }));
  // Topics carry their answer indexes, which must not leave this function.
  const topics = extractTopics(texts, language, {
    topicCount: TEXT_TOPICS_PER_QUESTION,
    seed: TEXT_TOPIC_SEED,
    minDocumentFrequency,
  }).map((topic) => ({
    keywords: topic.keywords,
    participants: topic.size < options.minAggregateCount ? null : topic.size,
  }));

  return { keywords, topics };
}

function optionResult(
  value: string,
  count: number,
  respondents: number,
  options: TallyOptions,
): OptionResult {
  if (count > 0 && count < options.minAggregateCount) {
    return { value, count: null, share: null, marginOfError: null };
  }
  const share = respondents > 0 ? count / respondents : 0;

  return {
    value,
    count,
    share,
    marginOfError: options.binding ? null : marginOfError(share, respondents, options.population),
  };
}

function scaleValues(question: QuestionDefinition): string[] {
  const min = question.scaleMin ?? 0;
  const max = question.scaleMax ?? min;

  return Array.from({ length: max - min + 1 }, (_, index) => String(min + index));
}

/** Counts how often each value occurs, keeping the order of `values`. */
function countValues(values: string[], occurrences: string[]): Map<string, number> {
  const counts = new Map(values.map((value) => [value, 0]));
  for (const occurrence of occurrences) {
    counts.set(occurrence, (counts.get(occurrence) ?? 0) + 1);
  }

  return counts;
}

/**
 * Tallies one question over every stored answer sheet of a consultation.
 *
 * NOTE: cells are suppressed one by one, so when exactly one cell of a single-choice question
 * is hidden, it can be derived from the respondents minus the other counts.
 */
export function tallyQuestion(
  question: QuestionDefinition,
  sheets: AnswerSheet[],
  options: TallyOptions,
): QuestionResultSnapshot {
  const answers = sheets
    .map((sheet) => sheet[question.code])
    .filter((answer) => answer !== undefined);
  const respondents = answers.length;
  const empty: QuestionResultSnapshot = {
    questionCode: question.code,
    type: question.type,
    respondents: null,
    suppressed: true,
    options: [],
    rows: [],
    mean: null,
    rankingScores: [],
    keywords: [],
    topics: [],
  };
  const hiddenOption = (value: string): OptionResult => ({
    value,
    count: null,
    share: null,
    marginOfError: null,
  });

  if (respondents < options.minAggregateCount) {
    switch (question.type) {
      case 'SCALE':
        return { ...empty, options: scaleValues(question).map(hiddenOption) };
      case 'MATRIX':
        return {
          ...empty,
          rows: question.rows.map((row) => ({ row, options: question.options.map(hiddenOption) })),
        };
      case 'RANKING':
        return {
          ...empty,
          options: question.options.map(hiddenOption),
          rankingScores: question.options.map((value) => ({
            value,
            points: null,
            meanPosition: null,
          })),
        };
      case 'SHORT_TEXT':
      case 'LONG_TEXT':
        return empty;
      default:
        return { ...empty, options: question.options.map(hiddenOption) };
    }
  }

  const result: QuestionResultSnapshot = { ...empty, respondents, suppressed: false };
  const toResults = (counts: Map<string, number>) =>
    [...counts].map(([value, count]) => optionResult(value, count, respondents, options));

  switch (question.type) {
    case 'SINGLE_CHOICE':
      result.options = toResults(countValues(question.options, answers as string[]));
      break;
    case 'MULTIPLE_CHOICE':
      result.options = toResults(countValues(question.options, (answers as string[][]).flat()));
      break;
    case 'RANKING': {
      const rankings = answers as string[][];
      const last = question.options.length - 1;
      result.options = toResults(
        countValues(
          question.options,
          rankings.map((ranking) => ranking[0]!),
        ),
      );
      result.rankingScores = question.options.map((value) => {
        const positions = rankings.map((ranking) => ranking.indexOf(value));
        const points = positions.reduce((sum, position) => sum + (last - position), 0);
        const positionSum = positions.reduce((sum, position) => sum + position + 1, 0);

        return { value, points, meanPosition: positionSum / respondents };
      });
      break;
    }
    case 'SCALE': {
      const values = answers as number[];
      result.options = toResults(countValues(scaleValues(question), values.map(String)));
      result.mean = values.reduce((sum, value) => sum + value, 0) / respondents;
      break;
    }
    case 'MATRIX': {
      const cells = (answers as MatrixCell[][]).flat();
      result.rows = question.rows.map((row) => ({
        row,
        options: toResults(
          countValues(
            question.options,
            cells.filter((cell) => cell.row === row).map((cell) => cell.column),
          ),
        ),
      }));
      break;
    }
    case 'SHORT_TEXT':
    case 'LONG_TEXT':
      Object.assign(result, tallyText(answers as string[], options));
      break;
  }

  return result;
}
