import { formatNumber, formatPercent } from '@/lib/format';
import { translator, type Lang } from '@/lib/i18n';
import type { OpinionGroups } from '@/lib/types';

/** Renders the opinion groups of a consultation: sizes and the statements that set each apart. */
export function OpinionGroupsPanel({ lang, groups }: { lang: Lang; groups: OpinionGroups }) {
  const t = translator(lang);

  return (
    <section className="panel" data-testid="opinion-groups">
      <h2>{t('consultation.groups')}</h2>
      <p className="muted">
        {t('consultation.clustered')}:{' '}
        <span data-testid="clustered-count" data-value={groups.clusteredParticipants}>
          {formatNumber(lang, groups.clusteredParticipants)}
        </span>
        . {t('consultation.excluded')}:{' '}
        <span data-testid="excluded-count" data-value={groups.excludedParticipants}>
          {formatNumber(lang, groups.excludedParticipants)}
        </span>
        .
      </p>
      {groups.groups.length === 0 ? (
        <p className="muted">{t('consultation.groupsNone')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('consultation.groupColumn')}</th>
              <th className="number">{t('consultation.groupSize')}</th>
              <th>{t('consultation.representative')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.groups.map((group) => (
              <tr key={group.index} data-testid={`opinion-group-${group.index}`}>
                <td>{t('consultation.group', { number: String(group.index + 1) })}</td>
                <td
                  className="number"
                  data-testid={`opinion-group-size-${group.index}`}
                  data-value={group.size}
                >
                  {formatNumber(lang, group.size)}
                </td>
                <td>
                  {group.representativeStatements.map((statement) => (
                    <div key={statement.code}>
                      #{statement.code}:{' '}
                      {t('consultation.groupShare', {
                        share: formatPercent(lang, statement.groupShare, 0),
                        direction: t(`direction.${statement.direction}`),
                      })}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
