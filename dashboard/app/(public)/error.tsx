'use client';

import { ErrorState } from '@/components/states';

export default function PageError(props: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorState {...props} />;
}
