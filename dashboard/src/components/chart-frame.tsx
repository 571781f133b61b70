'use client';

import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * Sizes a chart to the width of its container at a fixed `height`. The initial width lets the
 * server render the chart before the browser has measured anything.
 */
export function ChartFrame({
  height,
  initialWidth = 800,
  children,
}: {
  height: number;
  initialWidth?: number;
  children: ReactElement;
}) {
  return (
    <div style={{ width: '100%', height }}>
      <ResponsiveContainer
        width="100%"
        height="100%"
        initialDimension={{ width: initialWidth, height }}
      >
        {children}
      </ResponsiveContainer>
    </div>
  );
}

/** Margins of the horizontal bar charts. */
export const BAR_CHART_MARGIN = { left: 8, right: 24, top: 4, bottom: 4 };
