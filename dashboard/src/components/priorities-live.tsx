'use client';

import { formatDateTime, formatNumber } from '@/lib/format';
import { translator } from '@/lib/i18n';
import { districtKey, maxScore, sortDistricts, sortEntries } from '@/lib/priorities';
import { PRIORITIES_QUERY } from '@/lib/queries';
import type { PriorityRanking } from '@/lib/types';
import { useRefetchOnCaseChange } from '@/live/use-case-changed';
import type { CaseLiveProps } from './case-live-props';
import { LiveHeader } from './live-header';
import { PriorityChart } from './priority-chart';

/** Renders the live part of the priorities page: formula, and a chart and table per district. */
export function PrioritiesLive({
  lang,
  wsUrl,
  jurisdictionId,
  variables,
  initial,
}: CaseLiveProps<PriorityRanking>) {
  const t = translator(lang);
  const {
    data: ranking,
    status,
    refetchError,
  } = useRefetchOnCaseChange(wsUrl, jurisdictionId, initial, {
    query: PRIORITIES_QUERY,
    variables,
    pick: (data: { priorities: PriorityRanking }) => data.priorities,
  });
  const scale = maxScore(ranking);

  return (
    <>
      <LiveHeader lang={lang} status={status}>
        {t('priorities.asOf', { time: formatDateTime(lang, ranking.asOf) })} ·{' '}
        {t('priorities.districts', { count: formatNumber(lang, ranking.districts.length) })}
      </LiveHeader>
      {refetchError ? <p className="notice">{refetchError}</p> : null}
      <section className="panel">
        <h2>{t('priorities.formula')}</h2>
        <p className="formula" data-testid="priority-formula">
          {ranking.formula}
        </p>
        <p className="muted">{t('priorities.halfLife', { days: ranking.halfLifeDays })}</p>
      </section>

      <div className="grid">
        {sortDistricts(ranking.districts).map((group) => (
          <section
            className="panel"
            key={districtKey(group)}
            data-testid={`district-${group.district?.code ?? 'none'}`}
          >
            <h2>{group.district?.name ?? t('priorities.noDistrict')}</h2>
            <PriorityChart entries={group.entries} maxScore={scale} lang={lang} />
            <table>
              <thead>
                <tr>
                  <th className="number">{t('priorities.rank')}</th>
                  <th>{t('priorities.category')}</th>
                  <th className="number">{t('priorities.score')}</th>
                  <th className="number">{t('priorities.cases')}</th>
                  <th className="number">{t('priorities.open')}</th>
                </tr>
              </thead>
              <tbody>
                {sortEntries(group.entries).map((entry) => (
                  <tr
                    key={entry.category.id}
                    data-testid="priority-row"
                    data-category={entry.category.code}
                    data-case-count={entry.caseCount}
                    title={`${t('priorities.recent')}: ${formatNumber(lang, entry.recentCount, 1)} · ${t('priorities.meanOpenAge')}: ${formatNumber(lang, entry.meanOpenAgeDays, 1)}`}
                  >
                    <td className="number">{formatNumber(lang, entry.rank)}</td>
                    <td>{entry.category.name}</td>
                    <td className="number">{formatNumber(lang, entry.score, 2)}</td>
                    <td className="number">{formatNumber(lang, entry.caseCount)}</td>
                    <td className="number">{formatNumber(lang, entry.openCount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </>
  );
}
