import { ZCreateUserRequest, ZIdParams, ZMessageEnvelope, ZUpdateUserRequest, ZUserEnvelope, ZUserListEnvelope, ZUserListQuery } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { UsersService } from './users.service.js';

// /api/v1/users — tenant user management: a schema, a permission and one service call each.
export async function usersRoutes(fastify: FastifyInstance, users: UsersService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/users', {
    config: { permission: 'users.view' },
    schema: { operationId: 'listUsers', summary: 'List users', querystring: ZUserListQuery, response: { 200: ZUserListEnvelope } },
  }, async (req) => {
    const q = req.query;
    const { items, total } = await users.list(actorOf(req), q);
    return paginated(items, total, q.page, q.per_page);
  });
  app.get('/api/v1/users/:id', {
    config: { permission: 'users.view' },
    schema: { operationId: 'getUser', summary: 'Get a user', params: ZIdParams, response: { 200: ZUserEnvelope } },
  }, async (req) => ok(await users.get(actorOf(req), req.params.id)));
  app.post('/api/v1/users', {
    config: { permission: 'users.create' },
    schema: { operationId: 'createUser', summary: 'Create a user, or invite one by e-mail when no password is given', body: ZCreateUserRequest, response: { 201: ZUserEnvelope } },
  }, async (req, reply) => {
    const user = await users.create(actorOf(req), req.body, req.meta);
    return reply.status(201).send(ok(user, user.status === 'invited' ? 'Invitation sent.' : 'User created.'));
  });
  app.put('/api/v1/users/:id', {
    config: { permission: 'users.update' },
    schema: { operationId: 'updateUser', summary: 'Update a user’s name, status, college or roles', params: ZIdParams, body: ZUpdateUserRequest, response: { 200: ZUserEnvelope } },
  }, async (req) => ok(await users.update(actorOf(req), req.params.id, req.body, req.meta), 'User updated.'));
  app.delete('/api/v1/users/:id', {
    config: { permission: 'users.delete' },
    schema: { operationId: 'deleteUser', summary: 'Delete a user (to the trash) and sign them out', params: ZIdParams, response: { 200: ZMessageEnvelope } },
  }, async (req) => {
    await users.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, 'User deleted.');
  });
  app.post('/api/v1/users/:id/restore', {
    config: { permission: 'users.restore' },
    schema: { operationId: 'restoreUser', summary: 'Restore a deleted user', params: ZIdParams, response: { 200: ZUserEnvelope } },
  }, async (req) => ok(await users.restore(actorOf(req), req.params.id, req.meta), 'User restored.'));
  app.post('/api/v1/users/:id/invitation', {
    config: { permission: 'users.create' },
    schema: { operationId: 'resendInvitation', summary: 'Send the invitation mail again', params: ZIdParams, response: { 200: ZMessageEnvelope } },
  }, async (req) => {
    await users.resendInvitation(actorOf(req), req.params.id, req.meta);
    return ok(null, 'Invitation sent again.');
  });
}
