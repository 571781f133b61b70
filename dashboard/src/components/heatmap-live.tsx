'use client';

import { useMemo } from 'react';
import { formatNumber } from '@/lib/format';
import { drawHeatmap } from '@/lib/heatmap';
import { translator } from '@/lib/i18n';
import { HEATMAP_QUERY } from '@/lib/queries';
import type { CaseHeatmap } from '@/lib/types';
import { useRefetchOnCaseChange } from '@/live/use-case-changed';
import { HeatmapMap } from './heatmap-map';
import type { CaseLiveProps } from './case-live-props';
import { LiveHeader, Stat } from './live-header';

/** Width of the map drawing in SVG units; the SVG scales to its container. */
const MAP_WIDTH = 960;

/** Renders the live part of the heatmap page: counts, privacy note, map and legend. */
export function HeatmapLive({
  lang,
  wsUrl,
  jurisdictionId,
  variables,
  initial,
}: CaseLiveProps<CaseHeatmap>) {
  const t = translator(lang);
  const {
    data: heatmap,
    status,
    refetchError,
  } = useRefetchOnCaseChange(wsUrl, jurisdictionId, initial, {
    query: HEATMAP_QUERY,
    variables,
    pick: (data: { caseHeatmap: CaseHeatmap }) => data.caseHeatmap,
  });
  const drawing = useMemo(
    () => drawHeatmap(heatmap.cells, heatmap.extent, heatmap.minCount, MAP_WIDTH),
    [heatmap],
  );
  const stat = (label: string, value: number, testId: string) => (
    <Stat label={label} value={value} shown={formatNumber(lang, value)} testId={testId} />
  );

  return (
    <>
      <LiveHeader lang={lang} status={status} />
      {refetchError ? <p className="notice">{refetchError}</p> : null}
      <div className="stats">
        {stat(t('heatmap.totalCases'), heatmap.totalCases, 'heatmap-total-cases')}
        {stat(t('heatmap.cells'), heatmap.cells.length, 'heatmap-cell-count')}
        {stat(
          t('heatmap.withoutLocation'),
          heatmap.casesWithoutLocation,
          'heatmap-without-location',
        )}
      </div>
      <p
        className="notice info"
        data-testid="heatmap-suppressed"
        data-cells={heatmap.suppressedCells}
        data-cases={heatmap.suppressedCases}
      >
        {t('heatmap.suppressed', {
          cells: formatNumber(lang, heatmap.suppressedCells),
          min: formatNumber(lang, heatmap.minCount),
          cases: formatNumber(lang, heatmap.suppressedCases),
        })}
      </p>
      <section className="panel">
        {drawing ? (
          <HeatmapMap drawing={drawing} lang={lang} />
        ) : (
          <p className="muted">{t('heatmap.noLocatedCases')}</p>
        )}
      </section>
    </>
  );
}
