// What only the manifest lists (built when CompileOptions.tests asks, for `dbt-steward manifest`): unit tests and
// MetricFlow's resources of a compile unit, once its nodes are built and named (its macros: macro-entries.ts).
import type { CompileUnit } from '../discover.js';
import type { JinjaContext } from '../jinja/index.js';
import type { ProjectFile } from '../project.js';
import type { PropertyFile } from '../properties.js';
import { buildSemantic } from '../semantic/semantic.js';
import type { Diagnostic, GraphNode, SemanticResource, UnitTest } from '../types.js';
import { buildUnitTests } from '../tests/unit-tests.js';
import { schemaRenderer } from '../schema-render.js';

const DESCRIPTIONS: ReadonlySet<string> = new Set(['description']);

export interface ManifestOnlyScope {
  unit: CompileUnit;
  byRoot: Map<string, Array<[string, string]>>;
  /** Each project of the unit with its context and property files. */
  prepared: Array<{ project: ProjectFile; ctx: JinjaContext; propertyFiles: PropertyFile[] }>;
  nodes: GraphNode[];
  target: { schema: string; database: string; type: string };
  /** Each project's description renderer (its docs and vars). */
  describers: Map<ProjectFile, (text: string, file: string, line: () => number) => string>;
  /** Whether dbt 1.12's latest semantic layer spec is read (UnitEnv). */
  latestSemanticSpec: boolean;
  diagnostics: Diagnostic[];
}

/** Whether the project has a model of that name, enabled or only disabled; undefined when it has none. */
function modelState(nodes: GraphNode[], pkg: string, name: string): 'enabled' | 'disabled' | undefined {
  let state: 'enabled' | 'disabled' | undefined;
  for (const node of nodes)
    if (node.resource_type === 'model' && node.name === name && node.package_name === pkg) {
      if (node.config.enabled !== false) return 'enabled';
      state = 'disabled';
    }
  return state;
}

export function manifestOnly(scope: ManifestOnlyScope): {
  unitTests: UnitTest[];
  semantic: SemanticResource[];
} {
  const { unit, byRoot, prepared, diagnostics } = scope;
  const unitTests: UnitTest[] = [];
  const semantic: SemanticResource[] = [];
  for (const { project, ctx, propertyFiles } of prepared) {
    // The schema YAML context, as for generic tests' arguments: rendered only when these are built.
    const render = schemaRenderer(ctx, diagnostics);
    // Unit tests are written with their model's schema: the nodes are named already.
    if (propertyFiles.some((file) => file.unitTests !== undefined))
      unitTests.push(
        ...buildUnitTests({
          project,
          root: unit.root,
          propertyFiles,
          nodes: scope.nodes,
          files: new Map(byRoot.get(project.root) ?? []),
          target: scope.target,
          render,
          diagnostics,
        }),
      );
    // MetricFlow's resources: a file's top-level ones, or (dbt 1.12) a model entry's semantic_model: / metrics:.
    const latest = (file: PropertyFile) =>
      scope.latestSemanticSpec &&
      file.patches.some((p) => p.kind === 'models' && (p.data['semantic_model'] != null || p.data['metrics'] != null));
    if (propertyFiles.some((file) => file.semantic !== undefined || latest(file))) {
      const describe = scope.describers.get(project) ?? ((text: string) => text);
      semantic.push(
        ...buildSemantic({
          project,
          root: unit.root,
          propertyFiles,
          // Descriptions are left to the docs pass (dbt's process_docs renders them, doc() included).
          render: schemaRenderer(ctx, diagnostics, DESCRIPTIONS),
          describe: (text, file, line) => describe(text, file, () => line),
          latestSpec: scope.latestSemanticSpec,
          modelState: (name) => modelState(scope.nodes, project.name, name),
          diagnostics,
        }),
      );
    }
  }
  return { unitTests, semantic };
}
