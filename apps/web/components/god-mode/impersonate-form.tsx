'use client';
import type { Tenant, User } from '@bitflow/contracts';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { SelectField } from '@/components/ui/select-field';
import { useOptions } from '@/hooks/use-options';
import { apiError } from '@/lib/api';
import { startImpersonation } from '@/lib/impersonation';
import { useUiStore } from '@/stores/ui-store';
import { ActionPanel, textareaClass } from './action-panel';

/** Act as one of a university's users, with a reason that goes into the audit trail. */
export function ImpersonateForm({ tenant, onCancel }: { tenant: Tenant; onCancel: () => void }) {
  const router = useRouter();
  const toast = useUiStore((s) => s.toast);
  const users = useOptions<User>(`/users?university_id=${tenant.id}&status=active`, (u) => `${u.name} — ${u.email} (${u.roles.join(', ') || 'no role'})`);
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('30');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!userId) {
      setErrors({ user_id: 'Choose the user to act as.' });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await startImpersonation(userId, reason, Number(minutes));
      toast('Impersonation started. The banner at the top ends it.', 'info');
      router.push('/dashboard');
    } catch (err) {
      const p = apiError(err);
      setErrors({ user_id: p.errors.user_id?.[0] ?? '', reason: p.errors.reason?.[0] ?? '', form: Object.keys(p.errors).length ? '' : p.message });
      setBusy(false);
    }
  };

  return (
    <ActionPanel
      id="impersonate-panel"
      title={`Impersonate a user of ${tenant.name}`}
      description="You will see and do exactly what they can. Every action is audited under your name and theirs."
      submitLabel="Start impersonation"
      busy={busy}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          id="impersonate-user"
          label="User"
          className="sm:col-span-2"
          placeholder={users.loading ? 'Loading users…' : users.options.length ? 'Choose a user' : 'No active users'}
          options={users.options}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          error={errors.user_id || undefined}
        />
        <SelectField
          id="impersonate-minutes"
          label="For"
          options={[15, 30, 60].map((m) => ({ value: String(m), label: `${m} minutes` }))}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          hint="Then it ends by itself; it cannot be extended."
        />
      </div>
      <div>
        <label htmlFor="impersonate-reason" className="block text-sm font-medium">
          Reason
        </label>
        <textarea
          id="impersonate-reason"
          rows={2}
          value={reason}
          placeholder="e.g. Ticket #4821: the registrar cannot see the spring courses"
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={errors.reason ? 'impersonate-reason-error' : undefined}
          className={textareaClass}
        />
        {errors.reason && <p id="impersonate-reason-error" className="mt-1.5 text-sm text-red-700 dark:text-red-400">{errors.reason}</p>}
      </div>
      {errors.form && <p className="text-sm text-red-700 dark:text-red-400">{errors.form}</p>}
    </ActionPanel>
  );
}
