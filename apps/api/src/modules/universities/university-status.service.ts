import type { University } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import type { Actor, RequestMeta } from '../../core/actor.js';
import { AppError } from '../../core/app-error.js';
import { nowDb } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { writeAudit } from '../audit/audit-writer.js';
import type { ActorCache } from '../auth/actor-cache.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { TenantResourceRepository } from '../shared/tenant-resource.repository.js';
import type { TenantResourceService } from '../shared/tenant-resource.service.js';

// Suspending a tenant stops every sign-in and request of its users at once; reactivating lets them
// back. God Mode only (the routes need universities.suspend).
export class UniversityStatusService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: TenantResourceRepository,
    private readonly universities: TenantResourceService<unknown, unknown, University, unknown>,
    private readonly actors: ActorCache,
    private readonly notifications: NotificationsService,
  ) {}

  private async setStatus(id: string, status: 'active' | 'suspended', reason: string | null) {
    await this.repo.update({ level: 'platform' }, id, { status, suspended_reason: reason, suspended_at: status === 'suspended' ? nowDb() : null });
    // Cached identities carry the tenant's status: drop them all so the change applies at once.
    await this.actors.bumpEpoch();
  }

  async suspend(actor: Actor, id: string, reason: string, meta: RequestMeta): Promise<University> {
    const row = await this.universities.row(actor, id);
    if (row.status === 'suspended') throw new AppError('CONFLICT', 'This university is already suspended.');
    await this.setStatus(row.id, 'suspended', reason);
    await writeAudit(this.db, meta, { by: actor, action: 'universities.suspended', universityId: row.id, entityType: 'university', entityId: row.id, changes: { reason } });
    await this.notifications.notifyHolders('universities.update', row.id, undefined, null, { type: 'tenant.suspended', title: 'Your university was suspended', body: reason, data: { university_id: row.id } });
    return this.universities.get(actor, row.id);
  }

  async reactivate(actor: Actor, id: string, meta: RequestMeta): Promise<University> {
    const row = await this.universities.row(actor, id);
    if (row.status === 'active') throw new AppError('CONFLICT', 'This university is already active.');
    await this.setStatus(row.id, 'active', null);
    await writeAudit(this.db, meta, { by: actor, action: 'universities.reactivated', universityId: row.id, entityType: 'university', entityId: row.id });
    return this.universities.get(actor, row.id);
  }
}
