import { ZCreateEnrollmentRequest, ZEnrollmentListQuery, ZIdParams, ZUpdateEnrollmentRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { EnrollmentsService } from './enrollments.service.js';

export function enrollmentsRoutes(fastify: FastifyInstance, s: EnrollmentsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const view = { permission: 'enrollments.view' as const };
  app.get('/api/v1/students/:id/enrollments', { config: view, schema: { params: ZIdParams, querystring: ZEnrollmentListQuery } }, async (req) => {
    const q = req.query;
    const { items, total } = await s.listForStudent(actorOf(req), req.params.id, q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.post('/api/v1/students/:id/enrollments', { config: { permission: 'enrollments.create' }, schema: { params: ZIdParams, body: ZCreateEnrollmentRequest } }, async (req, reply) => {
    reply.status(201);
    return ok(await s.enroll(actorOf(req), req.params.id, req.body.course_id, req.meta), 'Student enrolled.');
  });
  app.get('/api/v1/courses/:id/enrollments', { config: view, schema: { params: ZIdParams, querystring: ZEnrollmentListQuery } }, async (req) => {
    const q = req.query;
    const { items, total } = await s.listForCourse(actorOf(req), req.params.id, q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.put('/api/v1/enrollments/:id', { config: { permission: 'enrollments.update' }, schema: { params: ZIdParams, body: ZUpdateEnrollmentRequest } }, async (req) =>
    ok(await s.update(actorOf(req), req.params.id, req.body, req.meta), 'Enrollment updated.'),
  );
  app.delete('/api/v1/enrollments/:id', { config: { permission: 'enrollments.delete' }, schema: { params: ZIdParams } }, async (req) => {
    await s.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, 'Enrollment removed.');
  });
}
