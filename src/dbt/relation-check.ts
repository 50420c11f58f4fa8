// dbt's AmbiguousAliasError (ManifestLoader._check_resource_uniqueness): two enabled models, seeds or snapshots of
// one project whose relations print the same (`"analytics"."public"."orders"`) would build one table twice; dbt
// stops. Checked per compile unit, with the unit's target and quoting, as dbt checks one project's manifest. And
// dbt-spark's refusal of a source database apart from its schema.
import { nodeRelation } from './naming.js';
import { relationName, type RelationQuoting } from './relation.js';
import type { Diagnostic, GraphNode, SourceTable } from './types.js';

const RELATIONAL: ReadonlySet<string> = new Set(['model', 'seed', 'snapshot']);
/** Keys that decide whether and where a node is built: a node with one of them unknown is not judged. */
const DECIDING: readonly string[] = ['*', 'enabled', 'alias', 'schema', 'database'];

export function ambiguousRelations(
  nodes: Iterable<GraphNode>,
  target: { schema: string; database: string },
  quoting: RelationQuoting,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byRelation = new Map<string, GraphNode>();
  for (const node of nodes) {
    if (!node.config.enabled || !RELATIONAL.has(node.resource_type)) continue;
    // An adapter-specific variant (`enabled=adapter.type() == 'snowflake'`) is not known to be built at all.
    if (node.unknownConfig?.some((key) => DECIDING.includes(key))) continue;
    const { database, schema, alias } = nodeRelation(node, target);
    const relation = relationName(quoting, { database, schema, identifier: alias });
    const first = byRelation.get(relation);
    if (first === undefined) {
      byRelation.set(relation, node);
      continue;
    }
    // The same node twice (a duplicate id, reported as such) is no second relation.
    if (first.unique_id === node.unique_id) continue;
    diagnostics.push({
      code: 'duplicate-relation',
      severity: 'error',
      message: `${node.unique_id} and ${first.unique_id} (${first.file}) are both built as ${relation}; dbt refuses two resources with one database representation (change the alias, schema or database of one)`,
      file: node.file,
      line: 1,
    });
  }
  return diagnostics;
}

/**
 * dbt-spark's relations have no database apart from the schema (SparkRelation: "Cannot set database in spark!"):
 * a source table whose `database:` names another stops dbt when it builds the source's relation name.
 */
export function sparkSourceDatabases(tables: SourceTable[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const table of tables) {
    const schema = table.schema ?? table.source_name;
    if (table.database === null || table.database === schema) continue;
    problems.push({
      code: 'invalid-source',
      severity: 'error',
      message: `source \`${table.source_name}\` sets database \`${table.database}\` apart from its schema \`${schema}\`: dbt-spark has no databases and stops ("Cannot set database in spark!")`,
      file: table.file,
      line: table.line,
    });
  }
  return problems;
}
