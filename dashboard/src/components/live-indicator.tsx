'use client';

import { formatTime } from '@/lib/format';
import { translate, type Lang } from '@/lib/i18n';
import type { LiveStatus } from '@/live/live-client';

/** Shows whether the page is receiving live updates, or since when it has not been. */
export function LiveIndicator({ status, lang }: { status: LiveStatus; lang: Lang }) {
  const text =
    status.state === 'live'
      ? translate(lang, 'live.live')
      : status.state === 'stale'
        ? translate(lang, 'live.stale', { time: formatTime(lang, status.since) })
        : translate(lang, 'live.connecting');

  return (
    <span className="live" role="status" data-state={status.state} data-testid="live-status">
      {text}
    </span>
  );
}
