// What dbt's parse refuses, or warns of, in a model's governance configs once its config and property entry are
// merged: access and contract rules (ModelNode, NodeConfig), constraints (patch_constraints,
// _validate_constraint_prerequisites, _validate_pk_constraints). Reported where dbt stops; the compile goes on.
import type { Column, Diagnostic, GraphNode, Position } from './types.js';
import type { PatchEntry } from './properties.js';
import type { NodeInput } from './node.js';
import { primaryKeyProblem } from './contract.js';

const CONSTRAINT_TYPES = new Set(['check', 'not_null', 'unique', 'primary_key', 'foreign_key', 'custom']);

/**
 * What dbt's parse refuses in a model's config: a public ephemeral model (InvalidAccessTypeError), an enforced
 * contract on an incremental model that ignores schema changes, and an enforced contract that its property entry
 * cannot back (_validate_constraint_prerequisites: no columns, or not SQL).
 */
export function modelProblems(
  input: NodeInput,
  config: GraphNode['config'],
  patch: PatchEntry | null,
  columns: Record<string, Column>,
  positionOf: (key: string) => Position | undefined,
  diagnostics: Diagnostic[],
  unknown: ReadonlySet<string>,
): void {
  const at = (key: string) => positionOf(key) ?? { file: input.path, line: 1 };
  if (config.access === 'public' && config.materialized === 'ephemeral') {
    diagnostics.push({
      code: 'invalid-access',
      severity: 'error',
      message: `\`${input.name}\` is public and ephemeral: an ephemeral model cannot be public (dbt stops here)`,
      ...at('access'),
    });
  }
  // NodeConfig.__post_init__: an incremental model under contract may not ignore or sync schema changes (not judged
  // when a config() call sets one of the three to what parse time does not know).
  const onSchemaChange = config['on_schema_change'] ?? 'ignore';
  const judged = !['*', 'on_schema_change', 'materialized', 'contract'].some((key) => unknown.has(key));
  if (
    judged &&
    config.contract.enforced &&
    config.materialized === 'incremental' &&
    onSchemaChange !== 'append_new_columns' &&
    onSchemaChange !== 'fail'
  ) {
    diagnostics.push({
      code: 'invalid-contract',
      severity: 'error',
      message: `\`${input.name}\` is incremental under an enforced contract with on_schema_change \`${String(onSchemaChange)}\`: it must be 'append_new_columns' or 'fail' (dbt stops here)`,
      ...at('contract'),
    });
  }
  if (patch === null || !config.contract.enforced) return;
  const problems: string[] = [];
  if (Object.keys(columns).length === 0) problems.push('its property entry lists no columns');
  if (input.language !== 'sql') problems.push(`it is a ${input.language ?? 'non-SQL'} model`);
  if (problems.length === 0) return;
  diagnostics.push({
    code: 'invalid-contract',
    severity: 'error',
    message: `the contract of \`${input.name}\` is enforced but ${problems.join(' and ')}: dbt stops here`,
    ...at('contract'),
  });
}

/** The constraint checks of a model with a property entry: `constraints` are its model-level ones (or its version's). */
export function constraintProblems(
  input: NodeInput,
  config: GraphNode['config'],
  columns: Record<string, Column>,
  constraints: Record<string, unknown>[],
  propertyPos: Position,
  diagnostics: Diagnostic[],
): void {
  // dbt's patch_constraints, under an enforced contract: a model-level constraint of no known type stops it.
  if (config.contract.enforced && constraints.some((c) => !CONSTRAINT_TYPES.has(String(c['type']))))
    diagnostics.push({
      code: 'invalid-contract',
      severity: 'error',
      message: `Invalid constraint type on model ${input.name}: a type must be one of ${[...CONSTRAINT_TYPES].join(', ')} (dbt stops here)`,
      ...propertyPos,
    });
  // dbt's _validate_constraint_prerequisites: constraints a materialization does not enforce (only table and
  // incremental do) are ignored, with a warning unless each says warn_unsupported: false.
  // dbt reads the node's model-level constraints before it sets them: for an unversioned model, its columns' only.
  const counted = [...(input.version ? constraints : []), ...Object.values(columns).flatMap((c) => c.constraints)];
  const warned = counted.some((c) => c['warn_unsupported'] !== false);
  if (config.contract.enforced && warned && !['table', 'incremental'].includes(config.materialized))
    diagnostics.push({
      code: 'unsupported-constraint',
      severity: 'warning',
      message: `Constraint types are not supported for ${config.materialized} materializations and will be ignored. Set 'warn_unsupported: false' on this constraint to ignore this warning. (\`${input.name}\`)`,
      ...propertyPos,
    });
  // dbt 1.8-1.11 check primary keys under an enforced contract only (later dbt always): judged there only.
  const keyProblem = config.contract.enforced ? primaryKeyProblem(columns, constraints) : null;
  if (keyProblem !== null)
    diagnostics.push({
      code: 'invalid-constraint',
      severity: 'error',
      message: `Primary key constraint error on \`${input.name}\`: ${keyProblem} (dbt stops here)`,
      ...propertyPos,
    });
}
