import { Alert } from '@/components/ui/alert';
import type { Suspension } from '@/lib/suspension';

/** What a user of a suspended university sees at sign-in and instead of the workspace. */
export function SuspendedNotice({ suspension }: { suspension: Suspension }) {
  return (
    <div data-testid="tenant-suspended">
      <Alert tone="error" title="Your university is suspended">
        {suspension.reason && (
          <p>
            Reason given by the platform operator: <q className="font-medium">{suspension.reason}</q>
          </p>
        )}
        <p className={suspension.reason ? 'mt-1' : undefined}>Nobody at your university can sign in until the platform operator reactivates it. Contact them to restore access.</p>
      </Alert>
    </div>
  );
}
