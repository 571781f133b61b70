import Link from 'next/link';
import type { ReactNode } from 'react';
import { translator, withLang, type Lang, type MessageKey } from '@/lib/i18n';
import { DocumentLang } from './document-lang';
import { Unavailable } from './unavailable';

/** Section of the site a page belongs to, for the navigation highlight. */
export type Section = 'home' | 'priorities' | 'heatmap' | 'budgets' | 'consultations';

const NAVIGATION: { section: Section; href: string; label: MessageKey }[] = [
  { section: 'home', href: '/', label: 'nav.home' },
  { section: 'priorities', href: '/priorities', label: 'nav.priorities' },
  { section: 'heatmap', href: '/heatmap', label: 'nav.heatmap' },
  { section: 'budgets', href: '/#budgets', label: 'nav.budgets' },
  { section: 'consultations', href: '/#consultations', label: 'nav.consultations' },
];

/** Language, navigation section and language-switch address of a page. */
export type ShellProps = { lang: Lang; section: Section; otherLanguageHref: string };

/** Header, navigation and language switch around every public page. */
export function PageShell({
  lang,
  section,
  otherLanguageHref,
  children,
}: ShellProps & { children: ReactNode }) {
  const t = translator(lang);

  return (
    <>
      <DocumentLang lang={lang} />
      <header className="site">
        <Link className="brand" href={withLang('/', lang)}>
          {t('app.title')}
        </Link>
        <nav>
          {NAVIGATION.map((item) => (
            <Link
              key={item.section}
              href={withLang(item.href, lang)}
              aria-current={item.section === section ? 'page' : undefined}
            >
              {t(item.label)}
            </Link>
          ))}
        </nav>
        <Link
          href={otherLanguageHref}
          hrefLang={lang === 'en' ? 'pl' : 'en'}
          data-testid="lang-switch"
        >
          {t('lang.other')}
        </Link>
      </header>
      <main>{children}</main>
      <footer className="site">{t('app.tagline')}</footer>
    </>
  );
}

/**
 * Renders a page that can only show a notice: that its API module is not deployed
 * (`unavailable`), or the notice in `children`.
 */
export function NoticePage({
  shell,
  title,
  unavailable,
  children,
}: {
  shell: ShellProps;
  title: string;
  unavailable?: boolean;
  children?: ReactNode;
}) {
  return (
    <PageShell {...shell}>
      <h1>{title}</h1>
      {unavailable ? <Unavailable lang={shell.lang} /> : children}
    </PageShell>
  );
}
