'use client';
import { TriangleAlert } from 'lucide-react';
import { Button, buttonClass } from '@/components/ui/button';
import { StatusPage } from '@/components/ui/status-page';

// Last-resort boundary for errors thrown while rendering a page.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      icon={TriangleAlert}
      title="Something went wrong"
      actions={
        <>
          <Button onClick={reset}>Try again</Button>
          <a href="/dashboard" className={buttonClass('secondary')}>
            Go to the dashboard
          </a>
        </>
      }
    >
      The page hit an unexpected problem. Trying again usually helps.
      {error.digest && <span className="mt-2 block font-mono text-xs">Reference: {error.digest}</span>}
    </StatusPage>
  );
}
