'use client';

import { Bar, BarChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '@/lib/format';
import { translate, type Lang } from '@/lib/i18n';
import { priorityChartRows } from '@/lib/priorities';
import type { PriorityEntry } from '@/lib/types';
import { ChartFrame } from './chart-frame';

const ROW_HEIGHT = 36;

/** Bars of the priority score per category of one district, on the ranking's common scale. */
export function PriorityChart({
  entries,
  maxScore,
  lang,
}: {
  entries: PriorityEntry[];
  maxScore: number;
  lang: Lang;
}) {
  const rows = priorityChartRows(entries);
  const height = rows.length * ROW_HEIGHT + 30;

  return (
    <ChartFrame height={height} initialWidth={320}>
      <BarChart data={rows} layout="vertical" margin={{ left: 4, right: 16, top: 4, bottom: 4 }}>
        <XAxis
          type="number"
          domain={[0, maxScore || 1]}
          tickFormatter={(value: number) => formatNumber(lang, value, 1)}
        />
        <YAxis type="category" dataKey="label" width={130} interval={0} tick={{ fontSize: 11 }} />
        <Tooltip
          formatter={(value) => [
            formatNumber(lang, Number(value), 2),
            translate(lang, 'priorities.score'),
          ]}
        />
        <Bar dataKey="score" fill="var(--accent)" isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
