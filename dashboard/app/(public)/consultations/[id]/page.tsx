import { notFound } from 'next/navigation';
import { ConsultationLive } from '@/components/consultation-live';
import { NoticePage, PageShell } from '@/components/page-shell';
import { apiUrls, loadSection, queryApi } from '@/lib/api';
import { otherLanguageHref, parseLang, translator } from '@/lib/i18n';
import type { SearchParams } from '@/lib/page-props';
import { CONSULTATION_QUERY } from '@/lib/queries';
import type { Consultation } from '@/lib/types';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

export default async function ConsultationPage({ params, searchParams }: Props) {
  const [{ id }, search] = await Promise.all([params, searchParams]);
  const lang = parseLang(search.lang);
  const t = translator(lang);
  const path = `/consultations/${encodeURIComponent(id)}`;
  const section = await loadSection(() =>
    queryApi<{ consultation: Consultation | null }>(CONSULTATION_QUERY, { id }),
  );
  const shell = {
    lang,
    section: 'consultations' as const,
    otherLanguageHref: otherLanguageHref(path, search, lang),
  };

  if (!section.available) {
    return <NoticePage shell={shell} title={t('nav.consultations')} unavailable />;
  }
  const consultation = section.data.consultation;
  if (!consultation) {
    notFound();
  }
  const { ws } = await apiUrls();

  return (
    <PageShell {...shell}>
      <p className="muted">{t('nav.consultations')}</p>
      <h1 data-testid="consultation-title">{consultation.title}</h1>
      {consultation.description ? <p className="subtitle">{consultation.description}</p> : null}
      {consultation.source ? (
        <p className="muted">{t('consultation.source', { source: consultation.source })}</p>
      ) : null}
      <p className="muted" data-testid="consultation-phase" data-value={consultation.phase}>
        {t('consultation.phase')}: {t(`phase.${consultation.phase}`)}.{' '}
        {t(`policy.${consultation.resultsPolicy}`)}
      </p>
      <ConsultationLive
        lang={lang}
        wsUrl={ws}
        consultationId={consultation.id}
        questions={consultation.questions}
        initialResults={consultation.results}
        initialGroups={consultation.opinionGroups}
      >
        <section className="panel" data-testid="results-hidden">
          <p>{t('consultation.resultsHidden')}</p>
          {consultation.questions.length === 0 ? null : (
            <>
              <h2>{t('consultation.questions')}</h2>
              <ol>
                {consultation.questions.map((question) => (
                  <li key={question.code}>{question.prompt}</li>
                ))}
              </ol>
            </>
          )}
        </section>
      </ConsultationLive>
    </PageShell>
  );
}
