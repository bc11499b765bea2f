import { ZIdParams, type Permission } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import { ok, paginated } from '../../http/envelope.js';
import type { ListQuery } from './tenant-resource.repository.js';
import type { TenantResourceService } from './tenant-resource.service.js';

/**
 * The body as its schema's output. In a function generic over the schema, fastify's request type is
 * `UndefinedToUnknown<output<S>>`, a conditional type TypeScript cannot reduce while S is unknown;
 * the value is that output (validatorCompiler answers with safeParse's data), so this names it. The
 * call sites still check: a module's service must take what its schemas produce.
 */
const parsed = <S extends z.ZodType>(_schema: S, value: unknown) => value as z.output<S>;

// The seed's collection/item routes for one resource: list, create, get, update, delete, restore,
// and a God Mode purge. Each is a schema, a permission and one service call.
export function resourceRoutes<C extends z.ZodType, U extends z.ZodType>(
  fastify: FastifyInstance,
  o: { path: string; entity: string; label: string; list: z.ZodType<ListQuery>; create: C; update: U; service: TenantResourceService<z.output<C>, z.output<U>> },
) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const perm = (action: string) => ({ permission: `${o.entity}.${action}` as Permission });
  const item = `${o.path}/:id`;
  const s = o.service;

  app.get(o.path, { config: perm('view'), schema: { querystring: o.list } }, async (req) => {
    const q = req.query;
    const page = await s.list(actorOf(req), q);
    return paginated(page.items, page.total, Math.floor(page.offset / q.per_page) + 1, q.per_page, 'OK', page.capped, page.nextCursor);
  });
  app.post(o.path, { config: perm('create'), schema: { body: o.create } }, async (req, reply) => {
    reply.status(201);
    return ok(await s.create(actorOf(req), parsed(o.create, req.body), req.meta), `${o.label} created.`);
  });
  app.get(item, { config: perm('view'), schema: { params: ZIdParams } }, async (req) => ok(await s.get(actorOf(req), req.params.id)));
  app.put(item, { config: perm('update'), schema: { params: ZIdParams, body: o.update } }, async (req) =>
    ok(await s.update(actorOf(req), req.params.id, parsed(o.update, req.body), req.meta), `${o.label} updated.`),
  );
  app.delete(item, { config: perm('delete'), schema: { params: ZIdParams } }, async (req) => {
    await s.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, `${o.label} deleted. You can restore it from the trash.`);
  });
  app.post(`${item}/restore`, { config: perm('restore'), schema: { params: ZIdParams } }, async (req) =>
    ok(await s.restore(actorOf(req), req.params.id, req.meta), `${o.label} restored.`),
  );
  app.delete(`${item}/purge`, { config: { permission: 'god_mode.access' }, schema: { params: ZIdParams } }, async (req) => {
    await s.purge(actorOf(req), req.params.id, req.meta);
    return ok(null, `${o.label} permanently deleted.`);
  });
}
