import type { AccessReview, RecordAccessReviewRequest } from '@bitflow/contracts';
import type { Kysely } from 'kysely';
import { narrowTo } from '../../db/scope.js';
import { toIso } from '../../db/time.js';
import type { DB } from '../../db/types.js';
import { AppError } from '../../core/app-error.js';
import type { Actor, RequestMeta } from '../../core/actor.js';
import { writeAudit } from '../audit/audit-writer.js';
import type { ReportsRepository } from '../reports/reports.repository.js';
import type { ComplianceRepository } from './compliance.repository.js';

type ReviewRow = NonNullable<Awaited<ReturnType<ComplianceRepository['review']>>>;

const present = (r: ReviewRow): AccessReview => ({
  id: r.id, university_id: r.university_id, report_id: r.report_id, report_created_at: toIso(r.report_created_at)!, accounts: Number(r.accounts), note: r.note,
  reviewed_by: r.reviewed_by && r.reviewer_name !== null ? { id: r.reviewed_by, name: r.reviewer_name } : null, created_at: toIso(r.created_at)!,
});

const NO_REPORT = { report_id: ['The selected report does not exist.'] };

// Recording an access review: the university's owner attests that they read an access-review
// report of their university and acted on it. God Mode may read the record but not make it: the
// attestation is the tenant's own.
export class AccessReviewsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: ComplianceRepository,
    private readonly reports: ReportsRepository,
  ) {}

  async record(actor: Actor, body: RecordAccessReviewRequest, meta: RequestMeta): Promise<AccessReview> {
    if (actor.scope.level !== 'university') throw new AppError('FORBIDDEN', 'An access review is recorded by an owner of the university.');
    const report = await this.reports.get(actor.scope, body.report_id);
    // Another university's report looks exactly like a missing one.
    if (!report) throw AppError.validation(NO_REPORT);
    if (report.type !== 'access_review') throw AppError.validation({ report_id: ['Choose an access-review report.'] });
    if (report.status !== 'completed') throw new AppError('CONFLICT', 'This report is not ready yet; record the review once you have read it.');
    const id = await this.repo.recordReview({
      universityId: actor.scope.universityId, reportId: report.id, reviewedBy: actor.userId, reportCreatedAt: report.created_at, accounts: Number(report.row_count ?? 0), note: body.note,
    });
    await writeAudit(this.db, meta, { by: actor, action: 'access_reviews.recorded', universityId: actor.scope.universityId, collegeId: null, entityType: 'access_review', entityId: id, changes: { report_id: report.id, note: body.note } });
    const row = await this.repo.review(actor.scope, id);
    return present(row!);
  }

  async list(actor: Actor, q: { page: number; per_page: number; university_id?: string }): Promise<{ items: AccessReview[]; total: number }> {
    const { items, total } = await this.repo.listReviews(narrowTo(actor.scope, q.university_id), q);
    return { items: items.map(present), total };
  }
}
