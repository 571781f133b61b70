'use client';

import { projectsByRank, spentShare, voteChartRows } from '@/lib/budget';
import { formatMoney, formatNumber, formatPercent } from '@/lib/format';
import { translator, type Lang } from '@/lib/i18n';
import type { Tally } from '@/lib/types';
import { useTallyUpdated } from '@/live/use-tally-updated';
import { LiveHeader, Stat } from './live-header';
import { VotesChart } from './votes-chart';

/** Renders the live part of a budget page: totals, votes chart and project table. */
export function BudgetLive({
  lang,
  wsUrl,
  editionId,
  initialTally,
  showScore,
}: {
  lang: Lang;
  wsUrl: string;
  editionId: string;
  initialTally: Tally;
  showScore: boolean;
}) {
  const t = translator(lang);
  const { tally, status } = useTallyUpdated(wsUrl, editionId, initialTally);
  const money = (minorUnits: number) => formatMoney(lang, minorUnits, tally.currency);
  const share = spentShare(tally);

  return (
    <>
      <LiveHeader lang={lang} status={status} updatedAt={tally.updatedAt} />
      <div className="stats">
        <Stat
          label={t('budget.spent')}
          value={tally.spent}
          shown={money(tally.spent)}
          testId="budget-spent"
        >
          <div className="meter" aria-hidden="true">
            <span style={{ width: `${Math.min(100, share * 100)}%` }} />
          </div>
          <div className="note">{t('budget.share', { share: formatPercent(lang, share) })}</div>
        </Stat>
        <Stat
          label={t('budget.total')}
          value={tally.budget}
          shown={money(tally.budget)}
          testId="budget-total"
        />
        <Stat
          label={t('budget.ballots')}
          value={tally.ballotCount}
          shown={formatNumber(lang, tally.ballotCount)}
          testId="ballot-count"
        />
      </div>

      <section className="panel">
        <h2>{t('budget.chart')}</h2>
        <VotesChart rows={voteChartRows(tally.projects)} lang={lang} />
      </section>

      <section className="panel">
        <table>
          <thead>
            <tr>
              <th className="number">{t('budget.rank')}</th>
              <th>{t('budget.code')}</th>
              <th>{t('budget.name')}</th>
              <th className="number">{t('budget.cost')}</th>
              <th className="number">{t('budget.votes')}</th>
              {showScore ? <th className="number">{t('budget.score')}</th> : null}
              <th>{t('budget.selected')}</th>
            </tr>
          </thead>
          <tbody>
            {projectsByRank(tally.projects).map((project) => (
              <tr
                key={project.projectId}
                className={project.selected ? 'selected' : undefined}
                data-testid={`project-row-${project.code}`}
              >
                <td className="number">{formatNumber(lang, project.rank)}</td>
                <td>{project.code}</td>
                <td>{project.name}</td>
                <td
                  className="number"
                  data-testid={`project-cost-${project.code}`}
                  data-value={project.cost}
                >
                  {money(project.cost)}
                </td>
                <td
                  className="number"
                  data-testid={`project-votes-${project.code}`}
                  data-value={project.votes}
                >
                  {formatNumber(lang, project.votes)}
                </td>
                {showScore ? (
                  <td
                    className="number"
                    data-testid={`project-score-${project.code}`}
                    data-value={project.score}
                  >
                    {formatNumber(lang, project.score)}
                  </td>
                ) : null}
                <td
                  data-testid={`project-selected-${project.code}`}
                  data-value={String(project.selected)}
                >
                  {project.selected ? t('common.yes') : t('common.no')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
