'use client';

import { statementRows } from '@/lib/consultation';
import { formatNumber, formatPercent } from '@/lib/format';
import { translator, type Lang } from '@/lib/i18n';
import type { ConsultationQuestion, ConsultationResults } from '@/lib/types';
import { useConsultationResultsUpdated } from '@/live/use-consultation-results';
import { LiveHeader, Stat } from './live-header';
import { QuestionnaireResults, TurnoutTable } from './questionnaire-results';
import { StatementsChart } from './statements-chart';

type Vote = 'agree' | 'disagree' | 'pass';

const VOTES: Vote[] = ['agree', 'disagree', 'pass'];

/**
 * Renders the live part of a consultation page: totals, questionnaire results, turnout,
 * stacked chart and statement table.
 */
export function ConsultationLive({
  lang,
  wsUrl,
  consultationId,
  questions,
  initialResults,
}: {
  lang: Lang;
  wsUrl: string;
  consultationId: string;
  questions: ConsultationQuestion[];
  initialResults: ConsultationResults;
}) {
  const t = translator(lang);
  const { results, status } = useConsultationResultsUpdated(wsUrl, consultationId, initialResults);
  const rows = statementRows(results.statements);

  return (
    <>
      <LiveHeader lang={lang} status={status} updatedAt={results.updatedAt} />
      <div className="stats">
        <Stat
          label={t('consultation.participants')}
          value={results.participants}
          shown={formatNumber(lang, results.participants)}
          testId="participant-count"
        />
        <Stat
          label={t('consultation.voteEvents')}
          value={results.voteEvents}
          shown={formatNumber(lang, results.voteEvents)}
          testId="vote-event-count"
        />
        {results.respondents === null ? null : (
          <Stat
            label={t('consultation.respondents')}
            value={results.respondents}
            shown={formatNumber(lang, results.respondents)}
            testId="respondent-count"
          />
        )}
      </div>

      {results.questions.length === 0 ? null : (
        <section className="panel" data-testid="questionnaire-results">
          <h2>{t('consultation.questions')}</h2>
          <QuestionnaireResults lang={lang} questions={questions} results={results.questions} />
        </section>
      )}

      {results.turnout.length === 0 ? null : (
        <section className="panel" data-testid="turnout">
          <h2>{t('consultation.turnout')}</h2>
          <TurnoutTable lang={lang} turnout={results.turnout} />
        </section>
      )}

      <section className="panel">
        <h2>{t('consultation.chart')}</h2>
        <StatementsChart rows={rows} lang={lang} />
      </section>

      <section className="panel">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('consultation.statement')}</th>
              {VOTES.map((vote) => (
                <th className="number" key={vote}>
                  {t(`consultation.${vote}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.statementId} data-testid={`statement-row-${row.code}`}>
                <td>{row.code}</td>
                <td>{row.text ?? <span className="muted">{t('consultation.hiddenText')}</span>}</td>
                {VOTES.map((vote) => (
                  <td
                    className="number"
                    key={vote}
                    data-testid={`statement-${vote}-${row.code}`}
                    data-value={row[vote]}
                  >
                    {formatNumber(lang, row[vote])}{' '}
                    <span className="muted">({formatPercent(lang, row[`${vote}Share`], 0)})</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
