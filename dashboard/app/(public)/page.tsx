import Link from 'next/link';
import { PageShell } from '@/components/page-shell';
import { Unavailable } from '@/components/unavailable';
import { loadSection, queryAllNodes, type Section } from '@/lib/api';
import { formatMoney } from '@/lib/format';
import { otherLanguageHref, parseLang, translator, withLang, type Lang } from '@/lib/i18n';
import type { PageProps } from '@/lib/page-props';
import { BUDGET_EDITIONS_QUERY, CONSULTATIONS_QUERY, JURISDICTIONS_QUERY } from '@/lib/queries';
import type { BudgetEditionSummary, ConsultationSummary, Jurisdiction } from '@/lib/types';

function SectionList<T>({
  lang,
  section,
  render,
  testId,
}: {
  lang: Lang;
  section: Section<T[]>;
  render: (item: T) => React.ReactNode;
  testId: string;
}) {
  if (!section.available) {
    return <Unavailable lang={lang} />;
  }
  if (section.data.length === 0) {
    return <p className="muted">{translator(lang)('common.none')}</p>;
  }

  return (
    <ul className="plain" data-testid={testId}>
      {section.data.map(render)}
    </ul>
  );
}

export default async function IndexPage({ searchParams }: PageProps) {
  const search = await searchParams;
  const lang = parseLang(search.lang);
  const t = translator(lang);
  const [jurisdictions, editions, consultations] = await Promise.all([
    loadSection(() => queryAllNodes<Jurisdiction>(JURISDICTIONS_QUERY, 'jurisdictions')),
    loadSection(() => queryAllNodes<BudgetEditionSummary>(BUDGET_EDITIONS_QUERY, 'budgetEditions')),
    loadSection(() => queryAllNodes<ConsultationSummary>(CONSULTATIONS_QUERY, 'consultations')),
  ]);

  const pages = [
    { href: '/priorities', title: t('nav.priorities'), text: t('index.prioritiesText') },
    { href: '/heatmap', title: t('nav.heatmap'), text: t('index.heatmapText') },
    { href: '/#budgets', title: t('nav.budgets'), text: t('index.budgetsText') },
    { href: '/#consultations', title: t('nav.consultations'), text: t('index.consultationsText') },
  ];

  return (
    <PageShell lang={lang} section="home" otherLanguageHref={otherLanguageHref('/', search, lang)}>
      <h1>{t('app.title')}</h1>
      <p className="subtitle">{t('app.tagline')}</p>

      <section className="grid" aria-label={t('index.pages')}>
        {pages.map((page) => (
          <div className="panel" key={page.href}>
            <h2>
              <Link href={withLang(page.href, lang)}>{page.title}</Link>
            </h2>
            <p className="muted">{page.text}</p>
          </div>
        ))}
      </section>

      <div className="grid" style={{ marginTop: '1.25rem' }}>
        <section className="panel" id="jurisdictions">
          <h2>{t('index.jurisdictions')}</h2>
          <SectionList
            lang={lang}
            section={jurisdictions}
            testId="jurisdiction-list"
            render={(jurisdiction) => (
              <li key={jurisdiction.id}>
                {jurisdiction.name} <span className="muted">({jurisdiction.code})</span>
                {' · '}
                <Link href={withLang(`/priorities?jurisdiction=${jurisdiction.id}`, lang)}>
                  {t('nav.priorities')}
                </Link>
                {' · '}
                <Link href={withLang(`/heatmap?jurisdiction=${jurisdiction.id}`, lang)}>
                  {t('nav.heatmap')}
                </Link>
              </li>
            )}
          />
        </section>

        <section className="panel" id="budgets">
          <h2>{t('index.editions')}</h2>
          <SectionList
            lang={lang}
            section={editions}
            testId="edition-list"
            render={(edition) => (
              <li key={edition.id}>
                <Link href={withLang(`/budgets/${edition.id}`, lang)}>{edition.name}</Link>{' '}
                <span className="muted">
                  {t('index.editionBudget', {
                    amount: formatMoney(lang, edition.budget, edition.currency),
                  })}
                </span>
              </li>
            )}
          />
        </section>

        <section className="panel" id="consultations">
          <h2>{t('index.consultations')}</h2>
          <SectionList
            lang={lang}
            section={consultations}
            testId="consultation-list"
            render={(consultation) => (
              <li key={consultation.id}>
                <Link href={withLang(`/consultations/${consultation.id}`, lang)}>
                  {consultation.title}
                </Link>
              </li>
            )}
          />
        </section>
      </div>
    </PageShell>
  );
}
