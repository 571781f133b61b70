'use client';

import type { ReactNode } from 'react';
import { formatDateTime } from '@/lib/format';
import { translate, type Lang } from '@/lib/i18n';
import type { LiveStatus } from '@/live/live-client';
import { LiveIndicator } from './live-indicator';

/** Row above live figures: when they were computed, and the live indicator. */
export function LiveHeader({
  lang,
  status,
  updatedAt,
  children,
}: {
  lang: Lang;
  status: LiveStatus;
  updatedAt?: string;
  children?: ReactNode;
}) {
  return (
    <div className="title-row">
      <span className="muted">
        {updatedAt
          ? translate(lang, 'common.updatedAt', { time: formatDateTime(lang, updatedAt) })
          : null}
        {children}
      </span>
      <LiveIndicator status={status} lang={lang} />
    </div>
  );
}

/**
 * Renders one headline figure. The raw `value` is exposed as `data-value` so tests read the
 * figure without parsing locale-formatted text.
 */
export function Stat({
  label,
  value,
  shown,
  testId,
  children,
}: {
  label: string;
  value: number;
  shown: string;
  testId: string;
  children?: ReactNode;
}) {
  return (
    <div className="stat">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId} data-value={value}>
        {shown}
      </div>
      {children}
    </div>
  );
}
