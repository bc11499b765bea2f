import { ZCreateRoleRequest, ZIdParams, ZUpdateRoleRequest } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { RolesService, SavedRole } from './roles.service.js';

const UniversityQuery = z.object({ university_id: z.uuid().optional() }).strict();

/** "Role created." plus, when the save added prerequisites, which and why. */
function savedMessage(done: string, saved: SavedRole) {
  if (!saved.added.length) return done;
  return `${done} Also granted, because the role needs them: ${saved.added.map((a) => `${a.permission} (for ${a.needed_by})`).join(', ')}.`;
}

export async function rolesRoutes(fastify: FastifyInstance, roles: RolesService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/permissions', { config: { permission: 'roles.view' } }, async () => ok({ items: await roles.permissions() }));

  app.get('/api/v1/roles', { config: { permission: 'roles.view' }, schema: { querystring: UniversityQuery } }, async (req) =>
    ok({ items: await roles.list(actorOf(req), req.query.university_id) }),
  );
  // The Add user form's choices: whoever may create users may see the roles they may give.
  app.get('/api/v1/roles/grantable', { config: { permission: 'users.create' }, schema: { querystring: UniversityQuery } }, async (req) =>
    ok({ items: await roles.grantable(actorOf(req), req.query.university_id) }),
  );
  app.get('/api/v1/roles/:id', { config: { permission: 'roles.view' }, schema: { params: ZIdParams } }, async (req) => ok(await roles.get(actorOf(req), req.params.id)));
  app.post('/api/v1/roles', { config: { permission: 'roles.create' }, schema: { body: ZCreateRoleRequest } }, async (req, reply) => {
    reply.status(201);
    const saved = await roles.create(actorOf(req), req.body, req.meta);
    return ok({ ...saved.role, added_permissions: saved.added }, savedMessage('Role created.', saved));
  });
  app.put('/api/v1/roles/:id', { config: { permission: 'roles.update' }, schema: { params: ZIdParams, body: ZUpdateRoleRequest } }, async (req) => {
    const saved = await roles.update(actorOf(req), req.params.id, req.body, req.meta);
    return ok({ ...saved.role, added_permissions: saved.added }, savedMessage('Role updated.', saved));
  });
  app.delete('/api/v1/roles/:id', { config: { permission: 'roles.delete' }, schema: { params: ZIdParams } }, async (req) => {
    await roles.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, 'Role deleted.');
  });
}
