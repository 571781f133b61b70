import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Ratusz',
  description: 'Live public figures on city services, participatory budgets and consultations.',
};

// The language comes from `?lang=`, which a layout cannot read; each page sets `lang` on the
// document through `DocumentLang`, and English is the default here.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
