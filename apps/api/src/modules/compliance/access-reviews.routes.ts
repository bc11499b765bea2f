import { ZAccessReviewEnvelope, ZAccessReviewListEnvelope, ZAccessReviewListQuery, ZRecordAccessReviewRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { AppError } from '../../core/app-error.js';
import { ok, paginated } from '../../http/envelope.js';
import type { AccessReviewsService } from './access-reviews.service.js';

// /api/v1/compliance/access-reviews: recorded reviews of access-review reports, newest first.
export function accessReviewsRoutes(fastify: FastifyInstance, s: AccessReviewsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/compliance/access-reviews';
  app.get(base, {
    config: { permission: 'compliance.view' },
    schema: { operationId: 'listAccessReviews', summary: 'List recorded access reviews', querystring: ZAccessReviewListQuery, response: { 200: ZAccessReviewListEnvelope } },
  }, async (req) => {
    const q = req.query;
    const { items, total } = await s.list(actorOf(req), q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.post(base, {
    config: { permission: 'compliance.review' },
    // Before the body is read, like the permission: God Mode holds compliance.review but the attestation is the university's.
    preValidation: async (req) => {
      if (actorOf(req).scope.level !== 'university') throw new AppError('FORBIDDEN', 'An access review is recorded by an owner of the university.');
    },
    schema: {
      operationId: 'recordAccessReview', summary: 'Record an access-review report as reviewed, with a note (409 while the report is generating)',
      body: ZRecordAccessReviewRequest, response: { 201: ZAccessReviewEnvelope },
    },
  }, async (req, reply) => reply.status(201).send(ok(await s.record(actorOf(req), req.body, req.meta), 'Access review recorded.')));
}
