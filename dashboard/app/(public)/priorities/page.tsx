import { JurisdictionChips } from '@/components/jurisdiction-chips';
import { NoticePage, PageShell } from '@/components/page-shell';
import { PrioritiesLive } from '@/components/priorities-live';
import { apiUrls, queryApi } from '@/lib/api';
import { otherLanguageHref, parseLang, translator } from '@/lib/i18n';
import { chooseJurisdiction } from '@/lib/jurisdictions';
import { firstParam, type PageProps } from '@/lib/page-props';
import { PRIORITIES_QUERY } from '@/lib/queries';
import type { PriorityRanking } from '@/lib/types';

/** Categories shown per district. */
const TOP_PER_DISTRICT = 5;

export default async function PrioritiesPage({ searchParams }: PageProps) {
  const search = await searchParams;
  const lang = parseLang(search.lang);
  const t = translator(lang);
  const shell = {
    lang,
    section: 'priorities' as const,
    otherLanguageHref: otherLanguageHref('/priorities', search, lang),
  };

  const choice = await chooseJurisdiction(firstParam(search.jurisdiction));
  if (choice.kind !== 'chosen') {
    return (
      <NoticePage
        shell={shell}
        title={t('priorities.title')}
        unavailable={choice.kind === 'unavailable'}
      >
        <p className="notice info">{t('priorities.noJurisdictions')}</p>
      </NoticePage>
    );
  }
  const { jurisdictions, selected } = choice;
  const variables = { filter: { jurisdictionId: selected.id }, top: TOP_PER_DISTRICT };
  const [{ priorities }, { ws }] = await Promise.all([
    queryApi<{ priorities: PriorityRanking }>(PRIORITIES_QUERY, variables),
    apiUrls(),
  ]);

  return (
    <PageShell {...shell}>
      <h1>
        {t('priorities.title')}: {selected.name}
      </h1>
      <JurisdictionChips
        lang={lang}
        path="/priorities"
        jurisdictions={jurisdictions}
        selectedId={selected.id}
      />
      <PrioritiesLive
        lang={lang}
        wsUrl={ws}
        jurisdictionId={selected.id}
        variables={variables}
        initial={priorities}
      />
    </PageShell>
  );
}
