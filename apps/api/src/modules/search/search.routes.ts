import { ZSearchResultEnvelope } from '@bitflow/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth.js';
import { ok } from '../../http/envelope.js';
import type { SearchRepository } from './search.repository.js';
import { SearchService } from './search.service.js';

const ZSearchQuery = z.object({ q: z.string().trim().min(2, 'Type at least 2 characters.').max(100) }).strict();

// GET /search?q= — grouped hits; each group only if the caller may view that entity.
export function searchRoutes(fastify: FastifyInstance, repo: SearchRepository) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const search = new SearchService(repo);
  app.get('/api/v1/search', {
    schema: { operationId: 'globalSearch', summary: 'Search students, faculty, courses, departments, colleges (and universities in God Mode)', querystring: ZSearchQuery, response: { 200: ZSearchResultEnvelope } },
  }, async (req) => ok(await search.search(actorOf(req), req.query.q)));
}
