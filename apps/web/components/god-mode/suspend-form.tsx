'use client';
import type { Tenant, University } from '@bitflow/contracts';
import { useState } from 'react';
import { api, apiError, type Envelope } from '@/lib/api';
import { useUiStore } from '@/stores/ui-store';
import { ActionPanel, textareaClass } from './action-panel';

/** Suspend (with a reason, shown to the tenant's owners) or reactivate a university. */
export function SuspendForm({ tenant, onDone, onCancel }: { tenant: Tenant; onDone: () => void; onCancel: () => void }) {
  const toast = useUiStore((s) => s.toast);
  const suspending = tenant.status === 'active';
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = suspending ? await api.post<Envelope<University>>(`/universities/${tenant.id}/suspend`, { reason }) : await api.post<Envelope<University>>(`/universities/${tenant.id}/reactivate`, {});
      toast(res.data.message, 'success');
      onDone();
    } catch (err) {
      const p = apiError(err);
      setError(p.errors.reason?.[0] ?? p.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ActionPanel
      id="suspend-panel"
      title={`${suspending ? 'Suspend' : 'Reactivate'} ${tenant.name}`}
      description={suspending ? 'Its users lose access at once; their data is kept. The reason is shown to the university owners.' : 'Its users can sign in and work again.'}
      submitLabel={suspending ? 'Suspend university' : 'Reactivate university'}
      danger={suspending}
      busy={busy}
      onSubmit={submit}
      onCancel={onCancel}
    >
      {suspending ? (
        <div>
          <label htmlFor="suspend-reason" className="block text-sm font-medium">
            Reason
          </label>
          <textarea id="suspend-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'suspend-error' : undefined} className={textareaClass} />
          {error && <p id="suspend-error" className="mt-1.5 text-sm text-red-700 dark:text-red-400">{error}</p>}
        </div>
      ) : (
        error && <p className="text-sm text-red-700 dark:text-red-400">{error}</p>
      )}
    </ActionPanel>
  );
}
