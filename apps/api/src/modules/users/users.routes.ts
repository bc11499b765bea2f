import { ZCreateUserRequest, ZIdParams, ZUpdateUserRequest, ZUserListQuery } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { UsersService } from './users.service.js';

export async function usersRoutes(fastify: FastifyInstance, users: UsersService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/users', { config: { permission: 'users.view' }, schema: { querystring: ZUserListQuery } }, async (req) => {
    const q = req.query;
    const { items, total } = await users.list(actorOf(req), q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.get('/api/v1/users/:id', { config: { permission: 'users.view' }, schema: { params: ZIdParams } }, async (req) => ok(await users.get(actorOf(req), req.params.id)));
  app.post('/api/v1/users', { config: { permission: 'users.create' }, schema: { body: ZCreateUserRequest } }, async (req, reply) => {
    const body = req.body;
    reply.status(201);
    return ok(await users.create(actorOf(req), body, req.meta), body.password ? 'User created.' : 'Invitation sent.');
  });
  app.put('/api/v1/users/:id', { config: { permission: 'users.update' }, schema: { params: ZIdParams, body: ZUpdateUserRequest } }, async (req) =>
    ok(await users.update(actorOf(req), req.params.id, req.body, req.meta), 'User updated.'),
  );
  app.delete('/api/v1/users/:id', { config: { permission: 'users.delete' }, schema: { params: ZIdParams } }, async (req) => {
    await users.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, 'User deleted.');
  });
  app.post('/api/v1/users/:id/restore', { config: { permission: 'users.restore' }, schema: { params: ZIdParams } }, async (req) =>
    ok(await users.restore(actorOf(req), req.params.id, req.meta), 'User restored.'),
  );
  app.post('/api/v1/users/:id/invitation', { config: { permission: 'users.create' }, schema: { params: ZIdParams } }, async (req) => {
    await users.resendInvitation(actorOf(req), req.params.id, req.meta);
    return ok(null, 'Invitation sent again.');
  });
}
