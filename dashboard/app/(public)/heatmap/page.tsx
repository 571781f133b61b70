import { HeatmapFilters } from '@/components/heatmap-filters';
import { HeatmapLive } from '@/components/heatmap-live';
import { JurisdictionChips } from '@/components/jurisdiction-chips';
import { NoticePage, PageShell } from '@/components/page-shell';
import { apiUrls, queryAllNodes, queryApi } from '@/lib/api';
import { heatmapFilter, parseHeatmapParams } from '@/lib/heatmap-params';
import { otherLanguageHref, parseLang, translator } from '@/lib/i18n';
import { chooseJurisdiction } from '@/lib/jurisdictions';
import type { PageProps } from '@/lib/page-props';
import { CATEGORIES_QUERY, HEATMAP_QUERY } from '@/lib/queries';
import type { CaseHeatmap, Category } from '@/lib/types';

export default async function HeatmapPage({ searchParams }: PageProps) {
  const search = await searchParams;
  const lang = parseLang(search.lang);
  const t = translator(lang);
  const { params, problems } = parseHeatmapParams(search);
  const shell = {
    lang,
    section: 'heatmap' as const,
    otherLanguageHref: otherLanguageHref('/heatmap', search, lang),
  };

  const choice = await chooseJurisdiction(params.jurisdictionId);
  if (choice.kind !== 'chosen') {
    return (
      <NoticePage
        shell={shell}
        title={t('heatmap.title')}
        unavailable={choice.kind === 'unavailable'}
      >
        <p className="notice info">{t('priorities.noJurisdictions')}</p>
      </NoticePage>
    );
  }
  const { jurisdictions, selected } = choice;
  const filterParams = { ...params, jurisdictionId: selected.id };
  const variables = { resolution: params.resolution, filter: heatmapFilter(filterParams) };
  const [categories, { caseHeatmap }, { ws }] = await Promise.all([
    queryAllNodes<Category>(CATEGORIES_QUERY, 'categories', { jurisdictionId: selected.id }),
    queryApi<{ caseHeatmap: CaseHeatmap }>(HEATMAP_QUERY, variables),
    apiUrls(),
  ]);

  return (
    <PageShell {...shell}>
      <h1>
        {t('heatmap.title')}: {selected.name}
      </h1>
      <JurisdictionChips
        lang={lang}
        path="/heatmap"
        jurisdictions={jurisdictions}
        selectedId={selected.id}
      />
      {problems.map((problem) => (
        <p className="notice" role="alert" key={`${problem.key}:${problem.params.value}`}>
          {t(problem.key, problem.params)}
        </p>
      ))}
      <HeatmapFilters lang={lang} params={filterParams} categories={categories} />
      <HeatmapLive
        lang={lang}
        wsUrl={ws}
        jurisdictionId={selected.id}
        variables={variables}
        initial={caseHeatmap}
      />
    </PageShell>
  );
}
