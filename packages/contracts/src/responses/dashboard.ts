import { z } from 'zod';
import { successEnvelope } from '../envelope.js';
import { UNIVERSITY_STATUSES } from '../academic.js';

// What GET /dashboard answers: the caller's scope in figures. God Mode also gets `platform`.

const id = z.uuid();
const count = z.number().int();

/** One bar of a chart: a status, a term or a month (YYYY-MM), and how many. */
export const ZDashboardBucket = z.strictObject({ key: z.string(), count }).meta({ id: 'DashboardBucket' });

export const ZDashboardCounts = z
  .strictObject({ colleges: count, departments: count, courses: count, students: count, faculty: count, enrollments: count })
  .meta({ id: 'DashboardCounts' });

export const ZDashboardActivity = z
  .strictObject({
    id,
    action: z.string(),
    entity_type: z.string().nullable(),
    entity_id: z.string().nullable(),
    actor_id: id.nullable(),
    created_at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'DashboardActivity' });

export const ZDashboardTenantUsage = z
  .strictObject({ id, name: z.string(), code: z.string(), status: z.enum(UNIVERSITY_STATUSES), students: count, users: count })
  .meta({ id: 'DashboardTenantUsage' });

/** God Mode only: platform totals and the largest tenants by students. */
export const ZDashboardPlatform = z
  .strictObject({ universities: count, active_universities: count, users: count, top_universities: z.array(ZDashboardTenantUsage) })
  .meta({ id: 'DashboardPlatform' });

export const ZDashboard = z
  .strictObject({
    counts: ZDashboardCounts,
    students_by_status: z.array(ZDashboardBucket),
    students_by_department: z.array(z.strictObject({ id, name: z.string(), count })).describe('The ten largest departments.'),
    enrollments_by_term: z.array(ZDashboardBucket),
    enrollments_by_month: z.array(ZDashboardBucket).describe('The last 12 months, key YYYY-MM; months without enrolments are left out.'),
    recent_activity: z.array(ZDashboardActivity).describe('The ten newest audit rows the caller may see (no sign-ins, no God Mode reads).'),
    platform: ZDashboardPlatform.optional().describe('God Mode only.'),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof ZDashboard>;
export type DashboardPlatform = z.infer<typeof ZDashboardPlatform>;
export const ZDashboardEnvelope = successEnvelope(ZDashboard).meta({ id: 'DashboardEnvelope' });
