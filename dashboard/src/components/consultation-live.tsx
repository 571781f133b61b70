'use client';

import { useState, type ReactNode } from 'react';
import { statementRows } from '@/lib/consultation';
import { formatNumber, formatPercent } from '@/lib/format';
import { translator, type Lang } from '@/lib/i18n';
import type { ConsultationQuestion, ConsultationResults, OpinionGroups } from '@/lib/types';
import {
  useConsultationResultsUpdated,
  useOpinionGroups,
  useResultsOpening,
} from '@/live/use-consultation-results';
import { LiveHeader, Stat } from './live-header';
import { OpinionGroupsPanel } from './opinion-groups';
import { QuestionnaireResults, TurnoutTable } from './questionnaire-results';
import { StatementsChart } from './statements-chart';

type Vote = 'agree' | 'disagree' | 'pass';

const VOTES: Vote[] = ['agree', 'disagree', 'pass'];

type LiveProps = {
  lang: Lang;
  wsUrl: string;
  consultationId: string;
  questions: ConsultationQuestion[];
};

/**
 * Renders the live part of a consultation page. While the results policy hides the results it
 * shows `children` and waits on the results subscription, so the results appear without a
 * reload once the policy opens them.
 */
export function ConsultationLive({
  initialResults,
  initialGroups,
  children,
  ...props
}: LiveProps & {
  initialResults: ConsultationResults | null;
  initialGroups: OpinionGroups | null;
  children: ReactNode;
}) {
  const [opened, setOpened] = useState(initialResults);
  if (opened === null) {
    return (
      <HiddenResults {...props} onOpen={setOpened}>
        {children}
      </HiddenResults>
    );
  }

  return <LiveResults {...props} initialResults={opened} initialGroups={initialGroups} />;
}

function HiddenResults({
  lang,
  wsUrl,
  consultationId,
  onOpen,
  children,
}: LiveProps & { onOpen: (results: ConsultationResults) => void; children: ReactNode }) {
  const status = useResultsOpening(wsUrl, consultationId, onOpen);

  return (
    <>
      <LiveHeader lang={lang} status={status} />
      {children}
    </>
  );
}

/**
 * Renders totals, questionnaire results, turnout, opinion groups, the stacked chart and the
 * statement table, updated from the results subscription.
 */
function LiveResults({
  lang,
  wsUrl,
  consultationId,
  questions,
  initialResults,
  initialGroups,
}: LiveProps & { initialResults: ConsultationResults; initialGroups: OpinionGroups | null }) {
  const t = translator(lang);
  const { results, status } = useConsultationResultsUpdated(wsUrl, consultationId, initialResults);
  const groups = useOpinionGroups(consultationId, results.updatedAt, initialGroups);
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

      {groups === null ? null : <OpinionGroupsPanel lang={lang} groups={groups} />}

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
