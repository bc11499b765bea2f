import {
  ZCreateRoleRequest, ZIdParams, ZMessageEnvelope, ZPermissionListEnvelope, ZRoleEnvelope, ZRoleListEnvelope, ZSavedRoleEnvelope, ZUpdateRoleRequest,
  type SavedRole,
} from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { RolesService } from './roles.service.js';

const UniversityQuery = z.object({ university_id: z.uuid().optional() }).strict();

/** "Role created." plus, when the save added prerequisites, which and why. */
function savedMessage(done: string, saved: SavedRole) {
  if (!saved.added_permissions.length) return done;
  return `${done} Also granted, because the role needs them: ${saved.added_permissions.map((a) => `${a.permission} (for ${a.needed_by})`).join(', ')}.`;
}

// /api/v1/roles and the permission catalogue: a schema, a permission and one service call each.
export async function rolesRoutes(fastify: FastifyInstance, roles: RolesService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/permissions', {
    config: { permission: 'roles.view' },
    schema: { operationId: 'listPermissions', summary: 'List the permission catalogue roles are built from', tags: ['roles'], response: { 200: ZPermissionListEnvelope } },
  }, async () => ok({ items: await roles.permissions() }));

  app.get('/api/v1/roles', {
    config: { permission: 'roles.view' },
    schema: { operationId: 'listRoles', summary: 'List roles', querystring: UniversityQuery, response: { 200: ZRoleListEnvelope } },
  }, async (req) => ok({ items: await roles.list(actorOf(req), req.query.university_id) }));
  // The Add user form's choices: whoever may create users may see the roles they may give.
  app.get('/api/v1/roles/grantable', {
    config: { permission: 'users.create' },
    schema: { operationId: 'listGrantableRoles', summary: 'List the roles I may give to a user', querystring: UniversityQuery, response: { 200: ZRoleListEnvelope } },
  }, async (req) => ok({ items: await roles.grantable(actorOf(req), req.query.university_id) }));
  app.get('/api/v1/roles/:id', {
    config: { permission: 'roles.view' },
    schema: { operationId: 'getRole', summary: 'Get a role', params: ZIdParams, response: { 200: ZRoleEnvelope } },
  }, async (req) => ok(await roles.get(actorOf(req), req.params.id)));
  app.post('/api/v1/roles', {
    config: { permission: 'roles.create' },
    schema: { operationId: 'createRole', summary: 'Create a custom role', body: ZCreateRoleRequest, response: { 201: ZSavedRoleEnvelope } },
  }, async (req, reply) => {
    const saved = await roles.create(actorOf(req), req.body, req.meta);
    return reply.status(201).send(ok(saved, savedMessage('Role created.', saved)));
  });
  app.put('/api/v1/roles/:id', {
    config: { permission: 'roles.update' },
    schema: { operationId: 'updateRole', summary: 'Update a custom role', params: ZIdParams, body: ZUpdateRoleRequest, response: { 200: ZSavedRoleEnvelope } },
  }, async (req) => {
    const saved = await roles.update(actorOf(req), req.params.id, req.body, req.meta);
    return ok(saved, savedMessage('Role updated.', saved));
  });
  app.delete('/api/v1/roles/:id', {
    config: { permission: 'roles.delete' },
    schema: { operationId: 'deleteRole', summary: 'Delete a custom role no user holds', params: ZIdParams, response: { 200: ZMessageEnvelope } },
  }, async (req) => {
    await roles.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, 'Role deleted.');
  });
}
