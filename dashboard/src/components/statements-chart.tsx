'use client';

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { StatementRow } from '@/lib/consultation';
import { formatNumber } from '@/lib/format';
import { translate, type Lang } from '@/lib/i18n';
import { BAR_CHART_MARGIN, ChartFrame } from './chart-frame';

const ROW_HEIGHT = 22;

/** Stacked horizontal bars of agree, disagree and pass per statement (latest votes). */
export function StatementsChart({ rows, lang }: { rows: StatementRow[]; lang: Lang }) {
  const height = Math.max(140, rows.length * ROW_HEIGHT + 70);
  const series = [
    { key: 'agree', colour: 'var(--agree)', label: translate(lang, 'consultation.agree') },
    { key: 'disagree', colour: 'var(--disagree)', label: translate(lang, 'consultation.disagree') },
    { key: 'pass', colour: 'var(--pass)', label: translate(lang, 'consultation.pass') },
  ] as const;

  return (
    <ChartFrame height={height}>
      <BarChart data={rows} layout="vertical" margin={BAR_CHART_MARGIN}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" tickFormatter={(value: number) => formatNumber(lang, value)} />
        <YAxis type="category" dataKey="code" width={40} interval={0} />
        <Tooltip
          formatter={(value, name) => [formatNumber(lang, Number(value)), name]}
          labelFormatter={(_, payload) => String(payload?.[0]?.payload?.text ?? '')}
        />
        <Legend />
        {series.map((item) => (
          <Bar
            key={item.key}
            dataKey={item.key}
            name={item.label}
            stackId="votes"
            fill={item.colour}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
