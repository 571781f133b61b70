import { MAX_RESOLUTION, type HeatmapParams } from '@/lib/heatmap-params';
import { formatNumber } from '@/lib/format';
import { translator, type Lang } from '@/lib/i18n';
import type { Category } from '@/lib/types';

/** Coarsest resolution offered: coarser cells cover several cities. */
const MIN_OFFERED_RESOLUTION = 5;

/**
 * Filter form of the heatmap. It submits with GET, so the filters live in the address and the
 * form works before any JavaScript has loaded.
 */
export function HeatmapFilters({
  lang,
  params,
  categories,
}: {
  lang: Lang;
  params: HeatmapParams;
  categories: Category[];
}) {
  const t = translator(lang);
  const resolutions = Array.from(
    { length: MAX_RESOLUTION - MIN_OFFERED_RESOLUTION + 1 },
    (_, index) => MIN_OFFERED_RESOLUTION + index,
  );
  const sorted = [...categories].sort((left, right) => left.name.localeCompare(right.name, lang));

  return (
    <form className="filters panel" method="get" action="/heatmap" data-testid="heatmap-filters">
      <input type="hidden" name="jurisdiction" value={params.jurisdictionId ?? ''} />
      {lang === 'pl' ? <input type="hidden" name="lang" value="pl" /> : null}
      <label>
        {t('heatmap.category')}
        <select name="category" defaultValue={params.categoryId ?? ''}>
          <option value="">{t('heatmap.allCategories')}</option>
          {sorted.map((category) => (
            <option key={category.id} value={category.id}>
              {category.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('heatmap.from')}
        <input type="date" name="from" defaultValue={params.from ?? ''} />
      </label>
      <label>
        {t('heatmap.to')}
        <input type="date" name="to" defaultValue={params.to ?? ''} />
      </label>
      <label>
        {t('heatmap.resolution')}
        <select name="resolution" defaultValue={String(params.resolution)}>
          {resolutions.map((resolution) => (
            <option key={resolution} value={resolution}>
              {formatNumber(lang, resolution)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t('heatmap.apply')}</button>
    </form>
  );
}
