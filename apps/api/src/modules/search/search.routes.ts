import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import { SEARCH_GROUPS, type SearchRepository } from './search.repository.js';

const GROUP_PERMISSION = {
  students: 'students.view', faculty: 'faculty.view', courses: 'courses.view', departments: 'departments.view', colleges: 'colleges.view', universities: 'god_mode.access',
} as const;

// GET /search?q= — grouped hits; each group only if the caller may view that entity.
export function searchRoutes(fastify: FastifyInstance, repo: SearchRepository) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/search', { schema: { querystring: z.object({ q: z.string().trim().min(2, 'Type at least 2 characters.').max(100) }).strict() } }, async (req) => {
    const actor = actorOf(req);
    // Only the groups the caller may view are searched; the others answer empty.
    const allowed = new Set(SEARCH_GROUPS.filter((g) => actor.permissions.has(GROUP_PERMISSION[g])));
    const groups = await repo.search(actor.scope, req.query.q, allowed);
    const total = Object.values(groups).reduce((n, g) => n + g.length, 0);
    return ok({ query: req.query.q, total, groups });
  });
}
