import { notFound } from 'next/navigation';
import { BudgetLive } from '@/components/budget-live';
import { NoticePage, PageShell } from '@/components/page-shell';
import { apiUrls, loadSection, queryApi } from '@/lib/api';
import { hasPoints } from '@/lib/budget';
import { otherLanguageHref, parseLang, translator } from '@/lib/i18n';
import type { SearchParams } from '@/lib/page-props';
import { BUDGET_EDITION_QUERY } from '@/lib/queries';
import type { BudgetEdition } from '@/lib/types';

type Props = { params: Promise<{ editionId: string }>; searchParams: Promise<SearchParams> };

export default async function BudgetPage({ params, searchParams }: Props) {
  const [{ editionId }, search] = await Promise.all([params, searchParams]);
  const lang = parseLang(search.lang);
  const t = translator(lang);
  const path = `/budgets/${encodeURIComponent(editionId)}`;
  const section = await loadSection(() =>
    queryApi<{ budgetEdition: BudgetEdition | null }>(BUDGET_EDITION_QUERY, { id: editionId }),
  );
  const shell = {
    lang,
    section: 'budgets' as const,
    otherLanguageHref: otherLanguageHref(path, search, lang),
  };

  if (!section.available) {
    return <NoticePage shell={shell} title={t('budget.title')} unavailable />;
  }
  const edition = section.data.budgetEdition;
  if (!edition) {
    notFound();
  }
  const { ws } = await apiUrls();
  const place = [edition.unit, edition.subunit, edition.country].filter(Boolean).join(', ');

  return (
    <PageShell {...shell}>
      <p className="muted">{t('budget.title')}</p>
      <h1 data-testid="edition-name">{edition.name}</h1>
      <p className="subtitle">
        {place ? `${place} · ` : ''}
        {t('budget.voteType')}: {t(`voteType.${edition.voteType}`)} · {t('budget.rule')}:{' '}
        {t(`rule.${edition.rule}`)}
      </p>
      {edition.description ? <p>{edition.description}</p> : null}
      {edition.tally ? (
        <BudgetLive
          lang={lang}
          wsUrl={ws}
          editionId={edition.id}
          initialTally={edition.tally}
          showScore={hasPoints(edition.voteType)}
        />
      ) : (
        <p data-testid="budget-embargoed">{t('budget.embargoed')}</p>
      )}
    </PageShell>
  );
}
