import { ZCreateRoleRequest, ZIdParams, ZUpdateRoleRequest, type CreateRoleRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { RolesService } from './roles.service.js';

type Id = { id: string };

export async function rolesRoutes(app: FastifyInstance, roles: RolesService) {
  app.get('/api/v1/permissions', { config: { permission: 'roles.view' } }, async () => ok({ items: await roles.permissions() }));

  app.get('/api/v1/roles', { config: { permission: 'roles.view' }, schema: { querystring: z.object({ university_id: z.uuid().optional() }).strict() } }, async (req) =>
    ok({ items: await roles.list(actorOf(req), (req.query as { university_id?: string }).university_id) }),
  );
  app.get('/api/v1/roles/:id', { config: { permission: 'roles.view' }, schema: { params: ZIdParams } }, async (req) => ok(await roles.get(actorOf(req), (req.params as Id).id)));
  app.post('/api/v1/roles', { config: { permission: 'roles.create' }, schema: { body: ZCreateRoleRequest } }, async (req, reply) => {
    reply.status(201);
    return ok(await roles.create(actorOf(req), req.body as CreateRoleRequest, req.meta), 'Role created.');
  });
  app.put('/api/v1/roles/:id', { config: { permission: 'roles.update' }, schema: { params: ZIdParams, body: ZUpdateRoleRequest } }, async (req) =>
    ok(await roles.update(actorOf(req), (req.params as Id).id, req.body as z.infer<typeof ZUpdateRoleRequest>, req.meta), 'Role updated.'),
  );
  app.delete('/api/v1/roles/:id', { config: { permission: 'roles.delete' }, schema: { params: ZIdParams } }, async (req) => {
    await roles.delete(actorOf(req), (req.params as Id).id, req.meta);
    return ok(null, 'Role deleted.');
  });
}
