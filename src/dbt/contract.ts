// `contract.checksum` of a model whose contract is enforced, as dbt's ModelNode.build_contract_checksum makes it:
// the sha256 of, for each column sorted by name, `|name` + str(data_type) + str(constraints), then (when the
// materialization enforces constraints: table, incremental) the materialization and str(model constraints).
// `str()` of dbt's constraint dataclasses is their Python repr, rebuilt here field by field. Checked against the
// checksums real dbt 1.11 wrote; dbt 1.12 defaults a primary key's warn_unenforced to false and so differs there.
import { createHash } from 'node:crypto';
import { pythonStringRepr } from './python-text.js';
import type { GraphNode } from './types.js';

/** Python's repr() of the values constraints hold: str, None, bool, int and lists of them. */
function repr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  return String(value);
}

/** str() of a list of ColumnLevelConstraint / ModelLevelConstraint, fields in their declared order. */
function reprConstraints(constraints: readonly Record<string, unknown>[], modelLevel: boolean): string {
  const one = (c: Record<string, unknown>): string => {
    const type = String(c['type']);
    const fields = [
      `type=<ConstraintType.${type}: ${pythonStringRepr(type)}>`,
      `name=${repr(c['name'])}`,
      `expression=${repr(c['expression'])}`,
      `warn_unenforced=${repr(c['warn_unenforced'])}`,
      `warn_unsupported=${repr(c['warn_unsupported'])}`,
      `to=${repr(c['to'])}`,
      `to_columns=${repr(c['to_columns'])}`,
    ];
    if (modelLevel) fields.push(`columns=${repr(c['columns'])}`);
    return `${modelLevel ? 'ModelLevelConstraint' : 'ColumnLevelConstraint'}(${fields.join(', ')})`;
  };
  return `[${constraints.map(one).join(', ')}]`;
}

/** The checksum dbt writes in `contract.checksum`; null when the contract is not enforced. */
export function contractChecksum(node: GraphNode): string | null {
  // dbt builds it while patching a model from its property entry: a model without one has none.
  if (!node.contract.enforced || node.resource_type !== 'model' || node.patch_path === null) return null;
  let state = '';
  // Python's sorted() on str: by code point, which comparing UTF-16 strings gives outside the astral planes.
  const columns = Object.values(node.columns).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const column of columns) {
    state += `|${column.name}`;
    state += column.data_type === null ? 'None' : column.data_type;
    state += reprConstraints(column.constraints, false);
  }
  const materialized = node.config.materialized;
  if (materialized === 'table' || materialized === 'incremental') {
    state += materialized;
    state += reprConstraints(node.constraints ?? [], true);
  }
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

/**
 * dbt's ModelPatchParser._validate_pk_constraints, with or without a contract: one column at most may hold a
 * primary_key constraint (several are a model-level constraint), and not beside a model-level one. Null when fine.
 */
export function primaryKeyProblem(
  columns: Record<string, { constraints: Record<string, unknown>[] }>,
  modelConstraints: Record<string, unknown>[],
): string | null {
  const keyed = Object.entries(columns)
    .filter(([, column]) => column.constraints.some((c) => c['type'] === 'primary_key'))
    .map(([name]) => name);
  const errors: string[] = [];
  if (keyed.length > 1)
    errors.push(
      `Found ${keyed.length} columns (${keyed.join(', ')}) with primary key constraints defined. Primary keys for multiple columns must be defined as a model level constraint.`,
    );
  if (keyed.length > 0 && modelConstraints.some((c) => c['type'] === 'primary_key'))
    errors.push(
      'Primary key constraints defined at the model level and the columns level. Primary keys can be defined at the model level or the column level, not both.',
    );
  return errors.length === 0 ? null : errors.join(' ');
}
