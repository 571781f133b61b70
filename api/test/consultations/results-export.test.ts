import type { ConsultationResultsSnapshot } from '@ratusz/shared';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, resultsCsv } from '../../src/modules/consultations/results-export';

const RESULTS: ConsultationResultsSnapshot = {
  consultationId: 'c1',
  participants: 12,
  voteEvents: 15,
  statements: [
    {
      statementId: 's1',
      code: '1',
      text: '=HYPERLINK("http://127.0.0.1/","click")',
      agree: 7,
      disagree: 3,
      pass: 2,
      agreeEvents: 8,
      disagreeEvents: 4,
      passEvents: 3,
    },
  ],
  respondents: null,
  questions: [],
  turnout: [{ district: 'North', population: 1000, participants: null, turnout: null }],
  updatedAt: '2026-12-04T12:00:00.000Z',
};

describe('resultsCsv', () => {
  const records: Record<string, string>[] = parse(resultsCsv(new Map(), RESULTS), {
    columns: true,
  });

  it('writes the header columns', () => {
    expect(Object.keys(records[0]!)).toEqual(CSV_COLUMNS);
  });

  it('writes one row per statement measure', () => {
    const statementRows = records.filter((record) => record.section === 'statement');

    expect(statementRows.map((record) => [record.measure, record.value])).toEqual([
      ['agree', '7'],
      ['disagree', '3'],
      ['pass', '2'],
      ['agree_events', '8'],
      ['disagree_events', '4'],
      ['pass_events', '3'],
    ]);
  });

  it('escapes a statement that starts like a formula', () => {
    const label = records.find((record) => record.section === 'statement')!.label;

    expect(label).toBe(`'=HYPERLINK("http://127.0.0.1/","click")`);
  });

  it('leaves hidden counts empty', () => {
    const respondents = records.find((record) => record.measure === 'respondents')!;
    const turnout = records.filter((record) => record.section === 'turnout');

    expect(respondents.value).toBe('');
    expect(turnout.map((record) => [record.measure, record.value])).toEqual([
      ['population', '1000'],
      ['participants', ''],
      ['turnout', ''],
    ]);
  });
});
