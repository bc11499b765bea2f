import { listEnvelope, successEnvelope, ZIdParams, ZMessageEnvelope, type Permission } from '@bitflow/contracts';
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
export function resourceRoutes<C extends z.ZodType, U extends z.ZodType, I extends z.ZodType, R>(
  fastify: FastifyInstance,
  o: {
    path: string;
    entity: string;
    label: string;
    /** Names in operationIds and summaries: one ("Student", "FacultyMember") and many ("Students", "Faculty"). */
    names: { one: string; many: string };
    list: z.ZodType<ListQuery>;
    create: C;
    update: U;
    /** What the API answers for one record (the contract's schema). */
    item: I;
    service: TenantResourceService<z.output<C>, z.output<U>, z.output<I>, R>;
  },
) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const perm = (action: string) => ({ permission: `${o.entity}.${action}` as Permission });
  const item = `${o.path}/:id`;
  const s = o.service;
  const { one, many } = o.names;
  const a = /^[AEIOU]/.test(o.label) ? 'an' : 'a';
  const label = o.label.toLowerCase();
  // Typed as plain schemas: in a function generic over the item, fastify cannot reduce the reply type.
  // The answer's type is checked where it is made: the service's P is the item schema's output.
  const ItemEnvelope: z.ZodType = successEnvelope(o.item);
  const ListEnvelope: z.ZodType = listEnvelope(o.item);
  const doc = (operationId: string, summary: string) => ({ operationId, summary });

  app.get(o.path, { config: perm('view'), schema: { ...doc(`list${many}`, `List ${many.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`), querystring: o.list, response: { 200: ListEnvelope } } }, async (req) => {
    const q = req.query;
    const page = await s.list(actorOf(req), q);
    return paginated(page.items, page.total, Math.floor(page.offset / q.per_page) + 1, q.per_page, 'OK', page.capped, page.nextCursor);
  });
  app.post(o.path, { config: perm('create'), schema: { ...doc(`create${one}`, `Create ${a} ${label}`), body: o.create, response: { 201: ItemEnvelope } } }, async (req, reply) => {
    reply.status(201);
    return ok(await s.create(actorOf(req), parsed(o.create, req.body), req.meta), `${o.label} created.`);
  });
  app.get(item, { config: perm('view'), schema: { ...doc(`get${one}`, `Get ${a} ${label}`), params: ZIdParams, response: { 200: ItemEnvelope } } }, async (req) => ok(await s.get(actorOf(req), req.params.id)));
  app.put(item, { config: perm('update'), schema: { ...doc(`update${one}`, `Update ${a} ${label}`), params: ZIdParams, body: o.update, response: { 200: ItemEnvelope } } }, async (req) =>
    ok(await s.update(actorOf(req), req.params.id, parsed(o.update, req.body), req.meta), `${o.label} updated.`),
  );
  app.delete(item, { config: perm('delete'), schema: { ...doc(`delete${one}`, `Move ${a} ${label} to the trash`), params: ZIdParams, response: { 200: ZMessageEnvelope } } }, async (req) => {
    await s.delete(actorOf(req), req.params.id, req.meta);
    return ok(null, `${o.label} deleted. You can restore it from the trash.`);
  });
  app.post(`${item}/restore`, { config: perm('restore'), schema: { ...doc(`restore${one}`, `Restore ${a} ${label} from the trash`), params: ZIdParams, response: { 200: ItemEnvelope } } }, async (req) =>
    ok(await s.restore(actorOf(req), req.params.id, req.meta), `${o.label} restored.`),
  );
  app.delete(`${item}/purge`, { config: { permission: 'god_mode.access' }, schema: { ...doc(`purge${one}`, `Delete ${a} ${label} for good (God Mode)`), params: ZIdParams, response: { 200: ZMessageEnvelope } } }, async (req) => {
    await s.purge(actorOf(req), req.params.id, req.meta);
    return ok(null, `${o.label} permanently deleted.`);
  });
}
