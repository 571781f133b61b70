'use client';

import { useEffect } from 'react';
import type { Lang } from '@/lib/i18n';

/** Sets the document language, which the root layout cannot know because it comes from `?lang=`. */
export function DocumentLang({ lang }: { lang: Lang }) {
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return null;
}
