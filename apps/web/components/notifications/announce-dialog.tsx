'use client';
import {
  ANNOUNCEMENT_SEVERITIES,
  ZAnnouncementRequest,
  ZPlatformAnnouncementRequest,
  type Announcement,
  type AnnouncementSeverity,
  type DataOf,
  type ZCollegeListEnvelope,
  type ZRoleListEnvelope,
  type ZUniversityListEnvelope,
  type ZUserListEnvelope,
} from '@bitflow/contracts';
import { Building2, Globe, Landmark, Megaphone, User as UserIcon, Users } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { SearchField } from '@/components/tables/search-field';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '@/components/ui/dialog';
import { SelectField, type Option } from '@/components/ui/select-field';
import { describedByOf, FieldMessages, inputClass, TextField } from '@/components/ui/text-field';
import { useResource } from '@/hooks/use-resource';
import { api, apiError, type Envelope } from '@/lib/api';
import { cx } from '@/lib/cx';
import { useUiStore } from '@/stores/ui-store';
import { useCan, useUserStore } from '@/stores/user-store';

// Announce (POST /notifications/announcements): staff with notifications.announce tell one user,
// the holders of a role, a college or the whole university; a platform owner tells one university
// or every tenant (POST /god-mode/announcements). The API answers 202 and a job writes each
// recipient's notification, so the toast says it is being delivered. The audiences offered are
// those the API accepts from this user and whose choices this user may list.

type Audience = 'user' | 'role' | 'college' | 'university' | 'platform';
type Field = 'audience' | 'audience_id' | 'university_id' | 'title' | 'body' | 'link' | 'severity';
type Errors = Partial<Record<Field, string>>;

const AUDIENCES: Record<Audience, { label: string; hint: string; icon: typeof UserIcon }> = {
  user: { label: 'One user', hint: 'A single person', icon: UserIcon },
  role: { label: 'A role', hint: 'Everyone holding it', icon: Users },
  college: { label: 'A college', hint: 'Its staff accounts', icon: Building2 },
  university: { label: 'The university', hint: 'Every account in it', icon: Landmark },
  platform: { label: 'Every university', hint: 'All tenants', icon: Globe },
};
const SEVERITY_LABELS: Record<AnnouncementSeverity, string> = { info: 'Information', warning: 'Warning', critical: 'Critical' };

/** Who may announce, and to which audiences (null: not at all). */
function useAudiences(): { platform: boolean; audiences: Audience[] } | null {
  const level = useUserStore((s) => s.me?.scope.level);
  const canAnnounce = useCan('notifications.announce');
  const god = useCan('god_mode.access');
  const users = useCan('users.view');
  const viewRoles = useCan('roles.view');
  const grantRoles = useCan('users.create');
  const colleges = useCan('colleges.view');
  if (level === 'platform') return god ? { platform: true, audiences: ['university', 'platform'] } : null;
  if (!canAnnounce || !level) return null;
  const audiences: Audience[] = [];
  if (users) audiences.push('user');
  if (viewRoles || grantRoles) audiences.push('role');
  if (colleges) audiences.push('college');
  // A college administrator speaks for their college, never for the whole university.
  if (level === 'university') audiences.push('university');
  return audiences.length ? { platform: false, audiences } : null;
}

/** The "Announce" button for a page header; renders nothing for a user who may not announce. */
export function AnnounceButton() {
  const allowed = useAudiences();
  const [open, setOpen] = useState(false);
  if (!allowed) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Megaphone aria-hidden className="size-4" />
        Announce
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={allowed.platform ? 'Announce to universities' : 'Announce'}
        description="Recipients see it in their notifications at once, with a link if you add one."
        size="lg"
      >
        <AnnounceForm platform={allowed.platform} audiences={allowed.audiences} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function AnnounceForm({ platform, audiences, onDone }: { platform: boolean; audiences: Audience[]; onDone: () => void }) {
  const toast = useUiStore((s) => s.toast);
  const [audience, setAudience] = useState<Audience>(audiences[0]!);
  const [target, setTarget] = useState('');
  const [userQuery, setUserQuery] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [link, setLink] = useState('');
  const [severity, setSeverity] = useState<AnnouncementSeverity>('info');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const canViewRoles = useCan('roles.view');
  const usersQuery = useResource<DataOf<typeof ZUserListEnvelope>>(audience === 'user' ? '/users' : null, { q: userQuery || undefined, status: 'active', sort: 'name', per_page: 50 });
  const rolesQuery = useResource<DataOf<typeof ZRoleListEnvelope>>(audience === 'role' ? (canViewRoles ? '/roles' : '/roles/grantable') : null);
  const collegesQuery = useResource<DataOf<typeof ZCollegeListEnvelope>>(audience === 'college' ? '/colleges' : null, { sort: 'name', per_page: 100 });
  const universitiesQuery = useResource<DataOf<typeof ZUniversityListEnvelope>>(platform && audience === 'university' ? '/universities' : null, { sort: 'name', per_page: 100 });

  const choices: { label: string; options: Option[]; loading: boolean; error: string | null } | null =
    audience === 'user'
      ? { label: 'User', options: (usersQuery.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })), loading: usersQuery.loading, error: usersQuery.error?.message ?? null }
      : audience === 'role'
        ? { label: 'Role', options: (rolesQuery.data?.items ?? []).filter((r) => r.level !== 'platform').map((r) => ({ value: r.id, label: r.display_name })), loading: rolesQuery.loading, error: rolesQuery.error?.message ?? null }
        : audience === 'college'
          ? { label: 'College', options: (collegesQuery.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })), loading: collegesQuery.loading, error: collegesQuery.error?.message ?? null }
          : audience === 'university' && platform
            ? { label: 'University', options: (universitiesQuery.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })), loading: universitiesQuery.loading, error: universitiesQuery.error?.message ?? null }
            : null;
  const targetField: Field = platform ? 'university_id' : 'audience_id';
  const targetLabel = choices?.options.find((o) => o.value === target)?.label;

  // A field's message goes once it is edited.
  const edited = (...fields: Field[]) => setErrors((e) => (fields.some((f) => e[f]) ? { ...e, ...Object.fromEntries(fields.map((f) => [f, undefined])) } : e));
  const pick = (a: Audience) => {
    setAudience(a);
    setTarget('');
    edited('audience', 'audience_id', 'university_id');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const request = platform
      ? { audience, university_id: audience === 'university' ? target || null : null, title, body, link: link.trim() || null, severity }
      : { audience, audience_id: audience === 'university' ? null : target || null, title, body, link: link.trim() || null, severity };
    // The API's own schema first, so its messages appear without a round trip.
    const checked = (platform ? ZPlatformAnnouncementRequest : ZAnnouncementRequest).safeParse(request);
    if (!checked.success) {
      const found: Errors = {};
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? '') as Field;
        found[field] ??= issue.message;
      }
      setErrors(found);
      focusFirst(found);
      return;
    }
    setErrors({});
    setSending(true);
    try {
      await api.post<Envelope<Announcement>>(platform ? '/god-mode/announcements' : '/notifications/announcements', checked.data);
      toast(`Announcement sent: it is being delivered to ${describe(audience, targetLabel)}.`, 'success');
      onDone();
    } catch (err) {
      const problem = apiError(err);
      const found: Errors = {};
      let unplaced: string | null = null;
      for (const [field, messages] of Object.entries(problem.errors)) {
        if (FIELD_IDS[field as Field]) found[field as Field] = messages[0];
        else unplaced ??= messages[0] ?? null;
      }
      setErrors(found);
      focusFirst(found);
      if (unplaced || !Object.keys(found).length) setFormError(unplaced ?? problem.message);
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Announcement">
      <DialogBody>
        {formError && <Alert tone="error">{formError}</Alert>}
        <fieldset aria-describedby={errors.audience ? 'announce-audience-error' : undefined}>
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Who to tell</legend>
          <div className="mt-1.5 grid grid-cols-2 gap-2">
            {audiences.map((a) => {
              const { hint, icon: Icon } = AUDIENCES[a];
              const label = platform && a === 'university' ? 'One university' : AUDIENCES[a].label;
              return (
                <label
                  key={a}
                  className={cx(
                    'flex cursor-pointer gap-2.5 rounded-lg border p-3 text-sm has-focus-visible:ring-2 has-focus-visible:ring-blue-600/40',
                    audience === a ? 'border-blue-600 bg-blue-50/60 dark:border-blue-500 dark:bg-blue-500/10' : 'border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800/50',
                  )}
                >
                  <input type="radio" id={a === audiences[0] ? FIELD_IDS.audience : undefined} name="announce-audience" value={a} checked={audience === a} onChange={() => pick(a)} className="mt-0.5 size-4 shrink-0 accent-blue-700" />
                  <span className="min-w-0">
                    <span className="flex items-center gap-1.5 font-medium text-slate-900 dark:text-slate-100">
                      <Icon aria-hidden className="size-4 shrink-0" />
                      {label}
                    </span>
                    <span className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">{hint}</span>
                  </span>
                </label>
              );
            })}
          </div>
          <FieldMessages id={FIELD_IDS.audience} error={errors.audience} />
        </fieldset>
        {audience === 'user' && <SearchField id="announce-user-search" label="Find a user" placeholder="Name or e-mail" value={userQuery} onSearch={setUserQuery} />}
        {choices && (
          <SelectField
            id={FIELD_IDS[targetField]}
            label={choices.label}
            value={target}
            onChange={(e) => {
              setTarget(e.target.value);
              edited(targetField);
            }}
            error={errors[targetField]}
            hint={choices.error ? `The choices could not be loaded: ${choices.error}` : audience === 'user' && choices.options.length === 50 ? 'Showing the first 50 matches: search to narrow them.' : undefined}
          >
            <option value="">{choices.loading ? 'Loading…' : choices.options.length ? `Choose a ${choices.label.toLowerCase()}…` : `No ${choices.label.toLowerCase()} found`}</option>
            {choices.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
        )}
        <TextField id={FIELD_IDS.title} label="Title" value={title} onChange={(e) => {
            setTitle(e.target.value);
            edited('title');
          }} maxLength={200} autoComplete="off" error={errors.title} />
        <div>
          <label htmlFor={FIELD_IDS.body} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
            Message
          </label>
          <textarea
            id={FIELD_IDS.body}
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              edited('body');
            }}
            rows={3}
            maxLength={5000}
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={describedByOf(FIELD_IDS.body, errors.body)}
            className={cx(inputClass, 'mt-1.5 resize-y')}
          />
          <FieldMessages id={FIELD_IDS.body} error={errors.body} />
        </div>
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
          <TextField
            id={FIELD_IDS.link}
            label="Link (optional)"
            value={link}
            onChange={(e) => {
              setLink(e.target.value);
              edited('link');
            }}
            placeholder="/reports or https://…"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            hint="Opens when they click the notification."
            error={errors.link}
          />
          <SelectField id={FIELD_IDS.severity} label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value as AnnouncementSeverity)} error={errors.severity}>
            {ANNOUNCEMENT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LABELS[s]}
              </option>
            ))}
          </SelectField>
        </div>
      </DialogBody>
      <DialogFooter>
        <Button type="button" variant="secondary" onClick={onDone} disabled={sending}>
          Cancel
        </Button>
        <Button type="submit" loading={sending}>
          <Megaphone aria-hidden className="size-4" />
          Send announcement
        </Button>
      </DialogFooter>
    </form>
  );
}

const FIELD_IDS: Record<Field, string> = {
  audience: 'announce-audience',
  audience_id: 'announce-target',
  university_id: 'announce-target',
  title: 'announce-title',
  body: 'announce-body',
  link: 'announce-link',
  severity: 'announce-severity',
};
const FIELD_ORDER: Field[] = ['audience', 'audience_id', 'university_id', 'title', 'body', 'link', 'severity'];

function focusFirst(errors: Errors) {
  const first = FIELD_ORDER.find((f) => errors[f]);
  if (first) document.getElementById(FIELD_IDS[first])?.focus();
}

function describe(audience: Audience, target: string | undefined) {
  switch (audience) {
    case 'user':
      return target ?? 'the user';
    case 'role':
      return target ? `everyone with the ${target} role` : 'the role’s holders';
    case 'college':
      return target ? `everyone in ${target}` : 'the college';
    case 'university':
      return target ?? 'the whole university';
    case 'platform':
      return 'every university';
  }
}
