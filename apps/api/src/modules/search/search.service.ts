import type { SearchResult } from '@bitflow/contracts';
import type { Actor } from '../../core/actor.js';
import { SEARCH_GROUPS, type SearchRepository } from './search.repository.js';

const GROUP_PERMISSION = {
  students: 'students.view', faculty: 'faculty.view', courses: 'courses.view', departments: 'departments.view', colleges: 'colleges.view', universities: 'god_mode.access',
} as const;

// Global search: each group only if the caller may view that entity.
export class SearchService {
  constructor(private readonly repo: SearchRepository) {}

  async search(actor: Actor, query: string): Promise<SearchResult> {
    // Only the groups the caller may view are searched; the others answer empty.
    const allowed = new Set(SEARCH_GROUPS.filter((g) => actor.permissions.has(GROUP_PERMISSION[g])));
    const groups = await this.repo.search(actor.scope, query, allowed);
    const total = Object.values(groups).reduce((n, g) => n + g.length, 0);
    return { query, total, groups };
  }
}
