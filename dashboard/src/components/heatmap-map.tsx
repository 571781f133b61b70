import { formatNumber } from '@/lib/format';
import type { HeatmapDrawing } from '@/lib/heatmap';
import { translator, type Lang } from '@/lib/i18n';

/**
 * SVG drawing of the heatmap cells with its legend. The cells are projected by us onto the
 * extent of the cases, so the map needs no tile server and works offline.
 */
export function HeatmapMap({ drawing, lang }: { drawing: HeatmapDrawing; lang: Lang }) {
  const t = translator(lang);

  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="map"
        viewBox={`0 0 ${drawing.width} ${drawing.height}`}
        role="img"
        aria-label={t('heatmap.mapLabel')}
      >
        {drawing.cells.map((cell) => (
          <polygon
            key={cell.h3Index}
            points={cell.points}
            fill={cell.colour}
            data-testid="heatmap-cell"
            data-h3={cell.h3Index}
            data-count={cell.count}
          >
            <title>{t('heatmap.cellTitle', { count: formatNumber(lang, cell.count) })}</title>
          </polygon>
        ))}
      </svg>
      <figcaption className="legend" data-testid="heatmap-legend">
        <strong>{t('heatmap.legend')}:</strong>
        {drawing.legend.map((entry) => (
          <span key={entry.from}>
            <span className="swatch" style={{ background: entry.colour }} />
            {entry.from === entry.to
              ? formatNumber(lang, entry.from)
              : `${formatNumber(lang, entry.from)}–${formatNumber(lang, entry.to)}`}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
