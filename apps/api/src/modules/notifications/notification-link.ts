import { ANNOUNCEMENT_SEVERITIES, isSafeLink, type AnnouncementSeverity } from '@bitflow/contracts';

// What a notification opens when clicked, from its type and the ids its `data` carries. Worked out
// when it is read rather than stored, so notices written before links existed open too.

const id = (v: unknown) => (typeof v === 'string' && /^[\w-]{1,64}$/.test(v) ? encodeURIComponent(v) : null);

export function notificationLink(type: string, data: Record<string, unknown> | null): string | null {
  const d = data ?? {};
  switch (type) {
    case 'announcement':
      // Checked when announced; checked again so a row written some other way cannot smuggle one in.
      return typeof d.link === 'string' && isSafeLink(d.link) ? d.link : null;
    case 'report.ready':
    case 'report.failed': {
      const r = id(d.report_id);
      return r && `/reports?highlight=${r}`;
    }
    case 'import.finished': {
      const i = id(d.import_id);
      return i && `/imports?highlight=${i}`;
    }
    case 'export.ready':
      return '/god-mode';
    case 'enrollment.created': {
      const s = id(d.student_id);
      return s && `/students/${s}`;
    }
    case 'user.invited': {
      const u = id(d.user_id);
      return u && `/users?highlight=${u}`;
    }
    default:
      return null;
  }
}

export function notificationSeverity(type: string, data: Record<string, unknown> | null): AnnouncementSeverity {
  const s = data?.severity;
  if (type === 'announcement' && typeof s === 'string' && (ANNOUNCEMENT_SEVERITIES as readonly string[]).includes(s)) return s as AnnouncementSeverity;
  return type === 'tenant.suspended' || type === 'report.failed' ? 'warning' : 'info';
}
