import { describe, expect, it } from 'vitest';
import { extractKeywords, extractTopics, tokenize } from './text-keywords';

const POLISH_ANSWERS = [
  'Potrzebujemy więcej ścieżek rowerowych wzdłuż rzeki.',
  'Ścieżka rowerowa do szkoły byłaby bezpieczniejsza dla dzieci.',
  'Więcej drzew w parku i ławki w cieniu.',
  'Park potrzebuje nowych drzew oraz oświetlenia.',
  'Bezpieczne przejście dla pieszych przy szkole.',
  'Rowerzyści nie mają gdzie jeździć, brakuje ścieżki rowerowej.',
];

const ENGLISH_ANSWERS = [
  'We need more bike lanes along the river.',
  'A protected bike lane to the school would keep children safe.',
  'Plant more trees in the park and add benches.',
  'The park needs new trees and better lighting.',
  'Safer crossings for pedestrians near the school.',
  'Cyclists have nowhere to ride; the bike lanes stop at the bridge.',
];

describe('tokenize', () => {
  it('drops Polish stop words, short words and numbers', () => {
    const words = tokenize('To jest 2024 rok i w parku nie ma ławek.', 'pl').map(
      (token) => token.word,
    );

    expect(words).toEqual(['rok', 'parku', 'ławek']);
  });

  it('lower-cases and stems English words', () => {
    const tokens = tokenize('Parks, PARKING and parked cars!', 'en');

    expect(tokens.map((token) => token.word)).toEqual(['parks', 'parking', 'parked', 'cars']);
    expect(new Set(tokens.slice(0, 3).map((token) => token.stem)).size).toBe(1);
  });

  it('keeps Polish diacritics inside words', () => {
    const words = tokenize('Źródło zieleń ścieżka', 'pl').map((token) => token.word);

    expect(words).toEqual(['źródło', 'zieleń', 'ścieżka']);
  });
});

describe('extractKeywords', () => {
  it('ranks repeated English themes first', () => {
    const keywords = extractKeywords(ENGLISH_ANSWERS, 'en', { maxKeywords: 4 });
    const terms = keywords.map((keyword) => keyword.term);

    expect(terms).toContain('bike');
    expect(terms).toContain('park');
    expect(terms).not.toContain('the');
  });

  it('merges Polish word forms under one stem', () => {
    const keywords = extractKeywords(POLISH_ANSWERS, 'pl');
    const park = keywords.find((keyword) => keyword.stem === 'park');

    expect(park?.documentFrequency).toBe(2);
    expect(keywords.map((keyword) => keyword.stem)).toContain('ścieżk');
  });

  it('leaves out words used in a single answer', () => {
    const keywords = extractKeywords(ENGLISH_ANSWERS, 'en', { maxKeywords: 100 });

    expect(keywords.map((keyword) => keyword.term)).not.toContain('bridge');
    expect(keywords.every((keyword) => keyword.documentFrequency >= 2)).toBe(true);
  });

  it('returns nothing for empty answers', () => {
    expect(extractKeywords(['', '   ', '!!!'], 'en')).toEqual([]);
  });
});

describe('extractTopics', () => {
  it('separates English answers about bikes and parks', () => {
    const topics = extractTopics(ENGLISH_ANSWERS, 'en', { topicCount: 2, seed: 1 });
    const bikeTopic = topics.find((topic) => topic.keywords.includes('bike'));
    const parkTopic = topics.find((topic) => topic.keywords.includes('park'));

    expect(bikeTopic).toBeDefined();
    expect(parkTopic).toBeDefined();
    expect(bikeTopic).not.toBe(parkTopic);
    expect(parkTopic!.documents).toEqual(expect.arrayContaining([2, 3]));
  });

  it('gives the same topics for the same seed', () => {
    const first = extractTopics(POLISH_ANSWERS, 'pl', { topicCount: 2, seed: 4 });

    expect(extractTopics(POLISH_ANSWERS, 'pl', { topicCount: 2, seed: 4 })).toEqual(first);
  });
});
