'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { parseLang, translate, withLang, type Lang } from '@/lib/i18n';

/**
 * Renders `render` in the language of `?lang=`. Reading search parameters needs a Suspense
 * boundary in statically rendered files such as `not-found`; until they are known, English.
 */
function InLanguage({ render }: { render: (lang: Lang) => ReactNode }) {
  return (
    <Suspense fallback={render('en')}>
      <FromSearchParams render={render} />
    </Suspense>
  );
}

function FromSearchParams({ render }: { render: (lang: Lang) => ReactNode }) {
  return render(parseLang(useSearchParams().get('lang') ?? undefined));
}

/** Placeholder while a page's data loads. */
export function LoadingState() {
  return (
    <InLanguage
      render={(lang) => (
        <main>
          <p className="muted" role="status" aria-busy="true">
            {translate(lang, 'common.loading')}
          </p>
        </main>
      )}
    />
  );
}

/**
 * Shown when a page failed to render. In production Next replaces the message of errors from
 * server components with a digest, so the page shows the translated title and the digest that
 * matches the server log.
 */
export function ErrorState({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <InLanguage
      render={(lang) => (
        <main>
          <div className="notice" role="alert">
            <h1>{translate(lang, 'common.errorTitle')}</h1>
            {error.digest ? <p className="muted">{error.digest}</p> : null}
            <button type="button" onClick={reset}>
              {translate(lang, 'common.retry')}
            </button>{' '}
            <Link href={withLang('/', lang)}>{translate(lang, 'common.backHome')}</Link>
          </div>
        </main>
      )}
    />
  );
}

/** Shown for an address that names a record the API does not have. */
export function NotFoundState() {
  return (
    <InLanguage
      render={(lang) => (
        <main>
          <div className="notice info">
            <p>{translate(lang, 'common.notFound')}</p>
            <Link href={withLang('/', lang)}>{translate(lang, 'common.backHome')}</Link>
          </div>
        </main>
      )}
    />
  );
}
