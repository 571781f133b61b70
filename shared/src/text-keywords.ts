import { StemmerEn } from '@nlpjs/lang-en-min';
import { StemmerPl } from '@nlpjs/lang-pl';
import { kmeans } from 'ml-kmeans';
import * as stopword from 'stopword';

/**
 * Keywords and topics of the open-text answers to one question, in Polish or English.
 *
 * Text is split into words with `Intl.Segmenter`, lower-cased for the language, and stop words
 * (the `stopword` package lists) are dropped before and after stemming. Stems come from the
 * NLP.js stemmers (`@nlpjs/lang-pl`, `@nlpjs/lang-en-min`). Each answer is one document for
 * TF-IDF.
 */

/** Languages with stop words and a stemmer. */
export type KeywordLanguage = 'pl' | 'en';

/** Answers a term must appear in to be reported, so no rare word points to one resident. */
export const DEFAULT_MIN_DOCUMENT_FREQUENCY = 2;
/** Keywords returned per question, at most. */
export const DEFAULT_MAX_KEYWORDS = 10;
/** Shortest word kept, in characters, because shorter ones are mostly particles and abbreviations. */
export const MIN_WORD_LENGTH = 3;
/** Terms (highest TF-IDF first) that span the space topics are clustered in. */
export const TOPIC_VOCABULARY_SIZE = 200;

/** A token after stemming, with the word it came from. */
export type Token = { stem: string; word: string };

/** One keyword of a set of answers. */
export type Keyword = {
  /** Stem the answers share, such as `rower` for `rower`, `rowery`, `rowerem`. */
  stem: string;
  /** The word form used most often for the stem (the first on a tie). */
  term: string;
  /** Answers containing the stem. */
  documentFrequency: number;
  /** Sum over answers of term frequency x smoothed IDF; see `extractKeywords`. */
  score: number;
};

/** A group of answers that use the same words. */
export type TextTopic = {
  /** Top terms of the group's centroid. */
  keywords: string[];
  /** Answers in the group. */
  size: number;
  /** Indexes of the answers in the input list. */
  documents: number[];
};

type Stemmer = { stemWord: (word: string) => string };

const STOP_WORDS: Record<KeywordLanguage, ReadonlySet<string>> = {
  pl: new Set(stopword.pol),
  en: new Set(stopword.eng),
};

const stemmers: Partial<Record<KeywordLanguage, Stemmer>> = {};

function stemmerFor(language: KeywordLanguage): Stemmer {
  const existing = stemmers[language];
  if (existing) {
    return existing;
  }
  const created = language === 'pl' ? new StemmerPl() : new StemmerEn();
  stemmers[language] = created;

  return created;
}

/**
 * Splits text into stemmed tokens: word-like segments only, lower-cased, without digits-only
 * words, words shorter than `MIN_WORD_LENGTH` or stop words.
 */
export function tokenize(text: string, language: KeywordLanguage): Token[] {
  const segmenter = new Intl.Segmenter(language, { granularity: 'word' });
  const stopWords = STOP_WORDS[language];
  const stemmer = stemmerFor(language);
  const tokens: Token[] = [];
  for (const segment of segmenter.segment(text.normalize('NFC'))) {
    if (!segment.isWordLike) {
      continue;
    }
    const word = segment.segment.toLocaleLowerCase(language);
    if ([...word].length < MIN_WORD_LENGTH || /^\p{N}+$/u.test(word) || stopWords.has(word)) {
      continue;
    }
    const stem = stemmer.stemWord(word);
    if (stem.length > 0 && !stopWords.has(stem)) {
      tokens.push({ stem, word });
    }
  }

  return tokens;
}

type Corpus = {
  /** Term counts of each answer, by stem. */
  documents: Map<string, number>[];
  /** Answers containing each stem. */
  documentFrequency: Map<string, number>;
  /** Word forms seen for each stem, with counts, in order of first use. */
  forms: Map<string, Map<string, number>>;
};

function buildCorpus(texts: readonly string[], language: KeywordLanguage): Corpus {
  const documentFrequency = new Map<string, number>();
  const forms = new Map<string, Map<string, number>>();
  const documents = texts.map((text) => {
    const counts = new Map<string, number>();
    for (const token of tokenize(text, language)) {
      counts.set(token.stem, (counts.get(token.stem) ?? 0) + 1);
      let words = forms.get(token.stem);
      if (!words) {
        words = new Map();
        forms.set(token.stem, words);
      }
      words.set(token.word, (words.get(token.word) ?? 0) + 1);
    }
    for (const stem of counts.keys()) {
      documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
    }

    return counts;
  });

  return { documents, documentFrequency, forms };
}

/** Smoothed inverse document frequency: ln((1 + N) / (1 + df)) + 1. */
function inverseDocumentFrequency(documentCount: number, documentFrequency: number): number {
  return Math.log((1 + documentCount) / (1 + documentFrequency)) + 1;
}

function commonestForm(words: Map<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [word, count] of words) {
    if (count > bestCount) {
      best = word;
      bestCount = count;
    }
  }

  return best;
}

/**
 * Ranks the stems of a set of answers by TF-IDF: score(t) = sum over answers d of
 * (count of t in d / tokens in d) x idf(t), with idf(t) = ln((1 + N) / (1 + df(t))) + 1.
 * Stems found in fewer than `minDocumentFrequency` answers are left out. Ties are broken by
 * document frequency, then by stem in code-point order.
 */
export function extractKeywords(
  texts: readonly string[],
  language: KeywordLanguage,
  options: { maxKeywords?: number; minDocumentFrequency?: number } = {},
): Keyword[] {
  const maxKeywords = options.maxKeywords ?? DEFAULT_MAX_KEYWORDS;
  const minDocumentFrequency = options.minDocumentFrequency ?? DEFAULT_MIN_DOCUMENT_FREQUENCY;
  const corpus = buildCorpus(texts, language);
  const scores = new Map<string, number>();
  for (const counts of corpus.documents) {
    const length = [...counts.values()].reduce((sum, count) => sum + count, 0);
    for (const [stem, count] of counts) {
      const idf = inverseDocumentFrequency(texts.length, corpus.documentFrequency.get(stem)!);
      scores.set(stem, (scores.get(stem) ?? 0) + (count / length) * idf);
    }
  }

  const keywords: Keyword[] = [];
  for (const [stem, score] of scores) {
    const documentFrequency = corpus.documentFrequency.get(stem)!;
    if (documentFrequency >= minDocumentFrequency) {
      keywords.push({
        stem,
        term: commonestForm(corpus.forms.get(stem)!),
        documentFrequency,
        score,
      });
    }
  }
  keywords.sort((a, b) => {
    if (a.score !== b.score) {
      return b.score - a.score;
    }
    if (a.documentFrequency !== b.documentFrequency) {
      return b.documentFrequency - a.documentFrequency;
    }

    return a.stem < b.stem ? -1 : 1;
  });

  return keywords.slice(0, maxKeywords);
}

/**
 * Groups answers into `topicCount` topics: k-means (k-means++ start from `seed`) on the
 * L2-normalised TF-IDF vectors of the answers over the `TOPIC_VOCABULARY_SIZE` best keywords,
 * which on unit vectors is close to clustering by cosine similarity. Answers with none of those
 * keywords are left out. Topics come largest first; each is named by its centroid's top terms.
 */
export function extractTopics(
  texts: readonly string[],
  language: KeywordLanguage,
  options: {
    topicCount?: number;
    seed?: number;
    keywordsPerTopic?: number;
    minDocumentFrequency?: number;
  } = {},
): TextTopic[] {
  const vocabulary = extractKeywords(texts, language, {
    maxKeywords: TOPIC_VOCABULARY_SIZE,
    minDocumentFrequency: options.minDocumentFrequency,
  });
  const column = new Map(vocabulary.map((keyword, index) => [keyword.stem, index]));
  const corpus = buildCorpus(texts, language);
  const vectors: number[][] = [];
  const documentIndexes: number[] = [];
  corpus.documents.forEach((counts, index) => {
    const vector = new Array<number>(vocabulary.length).fill(0);
    for (const [stem, count] of counts) {
      const position = column.get(stem);
      if (position !== undefined) {
        vector[position] =
          count * inverseDocumentFrequency(texts.length, corpus.documentFrequency.get(stem)!);
      }
    }
    const norm = Math.hypot(...vector);
    if (norm > 0) {
      vectors.push(vector.map((value) => value / norm));
      documentIndexes.push(index);
    }
  });

  const distinct = new Set(vectors.map((vector) => vector.join(','))).size;
  const k = Math.min(options.topicCount ?? 3, distinct);
  if (k < 1) {
    return [];
  }
  const result = kmeans(vectors, k, { initialization: 'kmeans++', seed: options.seed ?? 1 });
  const topics: TextTopic[] = result.centroids.map((centroid) => ({
    keywords: centroid
      .map((weight, index) => ({ weight, term: vocabulary[index]!.term }))
      .filter((entry) => entry.weight > 0)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, options.keywordsPerTopic ?? 3)
      .map((entry) => entry.term),
    size: 0,
    documents: [],
  }));
  result.clusters.forEach((cluster, row) => {
    topics[cluster]!.documents.push(documentIndexes[row]!);
    topics[cluster]!.size += 1;
  });

  return topics
    .filter((topic) => topic.size > 0)
    .sort((a, b) => b.size - a.size || a.documents[0]! - b.documents[0]!);
}
