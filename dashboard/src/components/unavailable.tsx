import { translate, type Lang } from '@/lib/i18n';

/** Notice for a part of the page whose API module is not deployed. */
export function Unavailable({ lang }: { lang: Lang }) {
  return (
    <p className="notice info" data-testid="unavailable">
      {translate(lang, 'common.unavailable')}
    </p>
  );
}
