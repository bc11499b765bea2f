import { z } from 'zod';

// Announcements (seed §Real-Time Notification Flow: "determine recipients: user, role, or all"):
// staff with `notifications.announce` tell one user, the holders of a role, a college or the whole
// university; God Mode tells one university or every tenant. The API records it and answers 202;
// the `notification.fanout` job writes each recipient's notification.

export const ANNOUNCEMENT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AnnouncementSeverity = (typeof ANNOUNCEMENT_SEVERITIES)[number];
export const TENANT_AUDIENCES = ['user', 'role', 'college', 'university'] as const;
export const PLATFORM_AUDIENCES = ['university', 'platform'] as const;
export const ANNOUNCEMENT_AUDIENCES = ['user', 'role', 'college', 'university', 'platform'] as const;
export type AnnouncementAudience = (typeof ANNOUNCEMENT_AUDIENCES)[number];
export const ANNOUNCEMENT_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;

/**
 * Where a notification may send the browser: a path on the portal (`/reports?highlight=…`, never
 * `//host`, which is another origin) or an https:// address. Anything else (javascript:, data:,
 * http:) is refused, so an announcement cannot turn the bell into a phishing or script link.
 */
export function isSafeLink(link: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(link)) return false;
  if (link.startsWith('/')) return !link.startsWith('//');
  try {
    const u = new URL(link);
    return u.protocol === 'https:' && u.hostname !== '' && !u.username && !u.password;
  } catch {
    return false;
  }
}

const LINK_MESSAGE = 'Use a path on this portal (starting with /) or an https:// link.';
const link = z
  .string()
  .trim()
  .max(500, 'Use at most 500 characters.')
  .refine(isSafeLink, LINK_MESSAGE)
  .nullish()
  .transform((v) => v || null);
const content = {
  title: z.string().trim().min(1, 'Enter a title.').max(200, 'Use at most 200 characters.'),
  body: z.string().trim().min(1, 'Enter a message.').max(5000, 'Use at most 5,000 characters.'),
  link,
  severity: z.enum(ANNOUNCEMENT_SEVERITIES).default('info'),
};

/** POST /notifications/announcements. `audience_id` names the user, role or college. */
export const ZAnnouncementRequest = z
  .object({
    audience: z.enum(TENANT_AUDIENCES),
    audience_id: z.uuid('Choose who to tell.').nullish(),
    ...content,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.audience !== 'university' && !v.audience_id) ctx.addIssue({ code: 'custom', path: ['audience_id'], message: `Choose the ${v.audience}.` });
  });
export type AnnouncementRequest = z.input<typeof ZAnnouncementRequest>;

/** POST /god-mode/announcements: one university (`university_id`) or every tenant. */
export const ZPlatformAnnouncementRequest = z
  .object({
    audience: z.enum(PLATFORM_AUDIENCES),
    university_id: z.uuid('Choose a university.').nullish(),
    ...content,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.audience === 'university' && !v.university_id) ctx.addIssue({ code: 'custom', path: ['university_id'], message: 'Choose a university.' });
  });
export type PlatformAnnouncementRequest = z.input<typeof ZPlatformAnnouncementRequest>;
