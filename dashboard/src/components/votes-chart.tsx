'use client';

import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { VoteChartRow } from '@/lib/budget';
import { formatNumber } from '@/lib/format';
import { translate, type Lang } from '@/lib/i18n';
import { BAR_CHART_MARGIN, ChartFrame } from './chart-frame';

const ROW_HEIGHT = 26;

/** Horizontal bars of votes per project, selected projects in the accent colour. */
export function VotesChart({ rows, lang }: { rows: VoteChartRow[]; lang: Lang }) {
  const height = Math.max(120, rows.length * ROW_HEIGHT + 40);

  return (
    <ChartFrame height={height}>
      <BarChart data={rows} layout="vertical" margin={BAR_CHART_MARGIN}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" tickFormatter={(value: number) => formatNumber(lang, value)} />
        <YAxis type="category" dataKey="code" width={90} interval={0} />
        <Tooltip
          formatter={(value) => [
            formatNumber(lang, Number(value)),
            translate(lang, 'budget.votes'),
          ]}
          labelFormatter={(_, payload) => String(payload?.[0]?.payload?.label ?? '')}
        />
        <Bar dataKey="votes" isAnimationActive={false}>
          {rows.map((row) => (
            <Cell key={row.code} fill={row.selected ? 'var(--selected)' : 'var(--unselected)'} />
          ))}
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}
