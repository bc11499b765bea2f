import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ImportWizard } from '@/components/imports/import-wizard';

export const metadata: Metadata = { title: 'Import from CSV' };

export default function Page() {
  return (
    <Suspense>
      <ImportWizard />
    </Suspense>
  );
}
