import type { ConsultationResultsSnapshot, QuestionResultSnapshot } from '@ratusz/shared';
import { stringify } from 'csv-stringify/sync';
import type { EntityManager } from '@mikro-orm/core';
import { consultationResults } from './consultation-results.service';
import { canShowResults, currentPhase, resultsOpenAt } from './consultation-policy';
import { Consultation } from './consultation.entity';
import { questionsOf } from './questionnaire.service';

/** Formats a results export is served in. */
export type ExportFormat = 'csv' | 'json';

/** Columns of the CSV export, one measure per row. */
export const CSV_COLUMNS = ['section', 'item', 'label', 'row', 'option', 'measure', 'value'];

/** Consultation fields that head a JSON export. */
type ExportHeader = {
  id: string;
  title: string;
  phase: string;
  resultsPolicy: string;
  closesAt: string | null;
  resultsPublishAt: string | null;
};

/** Outcome of an export request: the document, or why the results cannot be exported. */
export type ResultsExport =
  | { kind: 'ok'; consultation: ExportHeader; prompts: Map<string, string>; results: ConsultationResultsSnapshot }
  | { kind: 'not-found' }
  | { kind: 'hidden'; resultsPolicy: string; phase: string; resultsOpenAt: Date | null };

/**
 * Loads what a results export contains, after checking the results policy at `now`. Hidden
 * results return only the policy, phase and opening time, never a count.
 */
export async function loadResultsExport(
  em: EntityManager,
  consultationId: string,
  minAggregateCount: number,
  now: Date = new Date(),
): Promise<ResultsExport> {
  const consultation = await em.findOne(Consultation, { id: consultationId });
  if (!consultation) {
    return { kind: 'not-found' };
  }
  if (!canShowResults(consultation, now)) {
    return {
      kind: 'hidden',
      resultsPolicy: consultation.resultsPolicy,
      phase: currentPhase(consultation, now),
      resultsOpenAt: resultsOpenAt(consultation, now),
    };
  }
  const results = await consultationResults(em, consultationId, minAggregateCount);
  if (!results) {
    return { kind: 'not-found' };
  }
  const questions = await questionsOf(em, consultationId);

  return {
    kind: 'ok',
    consultation: {
      id: consultation.id,
      title: consultation.title,
      phase: currentPhase(consultation, now),
      resultsPolicy: consultation.resultsPolicy,
      closesAt: consultation.closesAt?.toISOString() ?? null,
      resultsPublishAt: consultation.resultsPublishAt?.toISOString() ?? null,
    },
    prompts: new Map(questions.map((question) => [question.code, question.prompt])),
    results,
  };
}

type CsvRow = [string, string, string, string, string, string, number | string | null];

function questionRows(question: QuestionResultSnapshot, prompt: string): CsvRow[] {
  const code = question.questionCode;
  const rows: CsvRow[] = [
    ['question', code, prompt, '', '', 'respondents', question.respondents],
  ];
  const optionRows = (row: string, options: QuestionResultSnapshot['options']) =>
    options.flatMap((option): CsvRow[] => [
      ['question', code, prompt, row, option.value, 'count', option.count],
      ['question', code, prompt, row, option.value, 'share', option.share],
      ['question', code, prompt, row, option.value, 'margin_of_error', option.marginOfError],
    ]);
  rows.push(...optionRows('', question.options));
  for (const matrixRow of question.rows) {
    rows.push(...optionRows(matrixRow.row, matrixRow.options));
  }
  if (question.type === 'SCALE') {
    rows.push(['question', code, prompt, '', '', 'mean', question.mean]);
  }
  for (const score of question.rankingScores) {
    rows.push(['question', code, prompt, '', score.value, 'points', score.points]);
    rows.push(['question', code, prompt, '', score.value, 'mean_position', score.meanPosition]);
  }
  for (const keyword of question.keywords) {
    rows.push(['question', code, prompt, '', keyword.term, 'keyword_participants', keyword.participants]);
  }
  for (const topic of question.topics) {
    rows.push(['question', code, prompt, '', topic.keywords.join(' '), 'topic_participants', topic.participants]);
  }

  return rows;
}

/**
 * Writes results as CSV in long form: one measure per row, with the columns of `CSV_COLUMNS`.
 * A hidden small count has an empty value. Text that starts with `=`, `+`, `-`, `@` (or their
 * full-width forms), tab or carriage return gets a leading `'` from csv-stringify's
 * `escape_formulas`, so a participant's statement cannot run as a spreadsheet formula.
 */
export function resultsCsv(prompts: Map<string, string>, results: ConsultationResultsSnapshot): string {
  const rows: CsvRow[] = [
    ['consultation', results.consultationId, '', '', '', 'participants', results.participants],
    ['consultation', results.consultationId, '', '', '', 'vote_events', results.voteEvents],
    ['consultation', results.consultationId, '', '', '', 'respondents', results.respondents],
  ];
  for (const statement of results.statements) {
    const label = statement.text ?? '';
    for (const measure of ['agree', 'disagree', 'pass', 'agreeEvents', 'disagreeEvents', 'passEvents'] as const) {
      const name = measure.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
      rows.push(['statement', statement.code, label, '', '', name, statement[measure]]);
    }
  }
  for (const question of results.questions) {
    rows.push(...questionRows(question, prompts.get(question.questionCode) ?? ''));
  }
  for (const district of results.turnout) {
    const name = district.district ?? '';
    rows.push(['turnout', name, '', '', '', 'population', district.population]);
    rows.push(['turnout', name, '', '', '', 'participants', district.participants]);
    rows.push(['turnout', name, '', '', '', 'turnout', district.turnout]);
  }

  return stringify(rows, {
    header: true,
    columns: CSV_COLUMNS,
    cast: { number: String },
    escape_formulas: true,
  });
}

/** Builds the JSON export: the consultation's header, question prompts and results. */
export function resultsJson(
  consultation: ExportHeader,
  prompts: Map<string, string>,
  results: ConsultationResultsSnapshot,
): unknown {
  return {
    consultation,
    results: {
      ...results,
      questions: results.questions.map((question) => ({
        prompt: prompts.get(question.questionCode) ?? null,
        ...question,
      })),
    },
  };
}
