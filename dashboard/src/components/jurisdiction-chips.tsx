import Link from 'next/link';
import { translate, withLang, type Lang } from '@/lib/i18n';
import type { Jurisdiction } from '@/lib/types';

/** Links that switch a page to another jurisdiction, keeping the language. */
export function JurisdictionChips({
  lang,
  path,
  jurisdictions,
  selectedId,
}: {
  lang: Lang;
  path: string;
  jurisdictions: Jurisdiction[];
  selectedId: string | null;
}) {
  return (
    <nav className="chips" aria-label={translate(lang, 'priorities.chooseJurisdiction')}>
      {jurisdictions.map((jurisdiction) => (
        <Link
          key={jurisdiction.id}
          href={withLang(`${path}?jurisdiction=${encodeURIComponent(jurisdiction.id)}`, lang)}
          aria-current={jurisdiction.id === selectedId ? 'true' : undefined}
        >
          {jurisdiction.name}
        </Link>
      ))}
    </nav>
  );
}
