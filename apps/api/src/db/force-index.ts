import { IdentifierNode, RawNode, SelectQueryNode, TableNode, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';

/**
 * `FROM table FORCE INDEX (index)` in the SELECT it is attached to (MySQL/MariaDB only; Kysely has
 * no index hints). For `WHERE scope… ORDER BY col, id LIMIT n` MariaDB estimates every candidate index
 * from samples, and for some tenants the guess is wrong: at 1M students it read a mid-size tenant's
 * whole college index and sorted it (up to 11,984 entries for a page of 15) or walked the
 * platform-wide index, instead of the 16 entries of the index built for that list. Only used where an
 * index matches the list's shape exactly (`TenantResourceRepository.listIndex`).
 */
export class ForceIndex implements KyselyPlugin {
  constructor(
    private readonly table: string,
    private readonly index: string,
  ) {}

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (!SelectQueryNode.is(node) || !node.from) return node;
    const froms = node.from.froms.map((f) =>
      TableNode.is(f) && !f.table.schema && f.table.identifier.name === this.table
        ? RawNode.create(['', ' FORCE INDEX (', ')'], [f, IdentifierNode.create(this.index)])
        : f,
    );
    return { ...node, from: { ...node.from, froms } };
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}
