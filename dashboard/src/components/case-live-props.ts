import type { Lang } from '@/lib/i18n';

/**
 * Props of a live part that redraws after case changes: the first result from the server, and
 * the query variables that produced it, reused for each refetch.
 */
export type CaseLiveProps<T> = {
  lang: Lang;
  wsUrl: string;
  jurisdictionId: string;
  variables: Record<string, unknown>;
  initial: T;
};
