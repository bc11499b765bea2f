import { ZCreateEnrollmentRequest, ZEnrollmentEnvelope, ZEnrollmentListEnvelope, ZEnrollmentListQuery, ZIdParams, ZMessageEnvelope, ZUpdateEnrollmentRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { EnrollmentsService } from './enrollments.service.js';

export function enrollmentsRoutes(fastify: FastifyInstance, s: EnrollmentsService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const view = { permission: 'enrollments.view' as const };
  app.get('/api/v1/students/:id/enrollments', { config: view, schema: { operationId: 'listStudentEnrollments', summary: 'List a student’s enrolments', params: ZIdParams, querystring: ZEnrollmentListQuery, response: { 200: ZEnrollmentListEnvelope } } }, async (req) => {
    const q = req.query;
    const { items, total } = await s.listForStudent(actorOf(req), req.params.id, q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.post('/api/v1/students/:id/enrollments', { config: { permission: 'enrollments.create' }, schema: { operationId: 'enrollStudent', summary: 'Enrol a student in a course', params: ZIdParams, body: ZCreateEnrollmentRequest, response: { 201: ZEnrollmentEnvelope } } }, async (req, reply) => {
    reply.status(201);
    return ok(await s.enroll(actorOf(req), req.params.id, req.body.course_id, req.meta), 'Student enrolled.');
  });
  app.get('/api/v1/courses/:id/enrollments', { config: view, schema: { operationId: 'listCourseEnrollments', summary: 'List a course’s enrolments', params: ZIdParams, querystring: ZEnrollmentListQuery, response: { 200: ZEnrollmentListEnvelope } } }, async (req) => {
    const q = req.query;
    const { items, total } = await s.listForCourse(actorOf(req), req.params.id, q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.put('/api/v1/enrollments/:id', { config: { permission: 'enrollments.update' }, schema: { operationId: 'updateEnrollment', summary: 'Change an enrolment’s status or grade', params: ZIdParams, body: ZUpdateEnrollmentRequest, response: { 200: ZEnrollmentEnvelope } } }, async (req) =>
    ok(await s.update(actorOf(req), req.params.id, req.body, req.meta), 'Enrollment updated.'),
  );
  app.delete('/api/v1/enrollments/:id', { config: { permission: 'enrollments.delete' }, schema: { operationId: 'deleteEnrollment', summary: 'Remove an enrolment', params: ZIdParams, response: { 200: ZMessageEnvelope } } }, async (req) => {
    await s.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, 'Enrollment removed.');
  });
}
