// `dbt-steward parse DIR`: compiles a project without dbt, as `dbt parse` checks it, and prints what it holds
// (per project: models, seeds, snapshots, sources, exposures, groups, disabled) with every problem found.
// Diagnostics go to stderr; exit 1 when one of them is an error, so that CI can fail on a broken project.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Diagnostic, Graph } from '../dbt/types.js';
import { installedPackageOwner } from '../dbt/source.js';
import { COMPILE_OPTION_SPECS, compileOptions } from './compile-options.js';
import { compileFolder } from './compile-folder.js';
import { findAdapterGuess } from './version-pin.js';
import { deprecationWarnings } from '../dbt/deprecations.js';
import { EXIT_FAILURE, EXIT_OK, type Io, UsageError, writeDiagnostics } from './io.js';

const COUNTED = ['models', 'seeds', 'snapshots', 'sources', 'exposures', 'groups', 'disabled'] as const;
type Counted = (typeof COUNTED)[number];

export interface ProjectSummary extends Record<Counted, number> {
  name: string;
  /** Folders of its dbt_project.yml, relative to the folder given ('' for that folder); two when names clash. */
  roots: string[];
  /** Only a local package of another project (a project of that name compiled as a root makes it false). */
  isPackage: boolean;
}

export interface ParseSummary {
  projects: ProjectSummary[];
  /** Nodes that refs point to in packages or projects not in the folder (dbt_packages/, dbt Mesh). */
  external: number;
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
}

export async function parseCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...COMPILE_OPTION_SPECS, format: { type: 'string', default: 'text' } },
    allowPositionals: true,
    strict: true,
  });
  const dir = positionals[0];
  if (dir === undefined) throw new UsageError('parse needs a project folder: dbt-steward parse DIR');
  if (positionals.length > 1) throw new UsageError(`parse takes one folder, got: ${positionals.join(' ')}`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');

  // Tests, unit tests and MetricFlow resources too: `dbt parse` checks them (a test of an unknown model, say).
  const options = compileOptions(values, io);
  // Without --target-type (or a profiles.yml naming one), the adapter the repository installs.
  const guess = options.target?.type === undefined ? findAdapterGuess(resolve(io.cwd, dir)) : null;
  if (guess !== null) options.adapterGuess = guess;
  const graph = await compileFolder(dir, io, { ...options, tests: true });
  // As `dbt parse` outside a project: nothing to check is a mistake (a mistyped path), not a pass.
  if (graph.projects.length === 0)
    throw new UsageError(`no dbt project (dbt_project.yml) in ${dir}`, graph.diagnostics);
  // dbt ends its parse with the models past (or near) their deprecation date, compared with the time it runs.
  graph.diagnostics.push(...deprecationWarnings(graph, `${io.today()}T23:59:59Z`));
  const summary = summarise(graph);
  writeDiagnostics(io, graph.diagnostics);
  io.stdout(values.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : summaryText(summary));
  return summary.errors > 0 ? EXIT_FAILURE : EXIT_OK;
}

export function summarise(graph: Graph): ParseSummary {
  const byName = new Map<string, ProjectSummary>();
  // Resources carry their package's name: projects that share a name (a copy of a project) are counted as one.
  for (const project of graph.projects) {
    const known = byName.get(project.name);
    if (known) {
      known.roots.push(project.root);
      known.isPackage &&= project.isPackage;
      continue;
    }
    const counts = Object.fromEntries(COUNTED.map((key) => [key, 0])) as Record<Counted, number>;
    byName.set(project.name, { name: project.name, roots: [project.root], isPackage: project.isPackage, ...counts });
  }
  const count = (pkg: string, key: Counted) => {
    const project = byName.get(pkg);
    if (project) project[key]++;
  };
  for (const node of Object.values(graph.nodes)) {
    const type = node.resource_type;
    if (type === 'model' || type === 'seed' || type === 'snapshot') count(node.package_name, `${type}s`);
  }
  for (const source of Object.values(graph.sources)) count(source.package_name, 'sources');
  for (const exposure of Object.values(graph.exposures)) count(exposure.package_name, 'exposures');
  for (const group of Object.values(graph.groups)) count(group.package_name, 'groups');
  for (const list of [...Object.values(graph.disabled), ...Object.values(graph.disabledResources ?? {})])
    for (const item of list) count(item.package_name, 'disabled');
  const errors = graph.diagnostics.filter((d) => d.severity === 'error').length;
  return {
    projects: [...byName.values()],
    external: Object.keys(graph.external).length,
    errors,
    warnings: graph.diagnostics.filter((d) => d.severity === 'warning').length,
    diagnostics: graph.diagnostics,
  };
}

const plural = (n: number, word: string): string => `${n} ${n === 1 ? word.replace(/s$/, '') : word}`;

const packageKind = (roots: string[]): string =>
  roots.every((root) => installedPackageOwner(root) !== null) ? ', installed package' : ', local package';

function summaryText(summary: ParseSummary): string {
  const lines = summary.projects.map((p) => {
    const where =
      p.roots.length === 1 && p.roots[0] === ''
        ? ''
        : ` (${p.roots.map((root) => root || '.').join(', ')}${p.isPackage ? packageKind(p.roots) : ''})`;
    const counts = COUNTED.filter((key) => key !== 'disabled').map((key) => plural(p[key], key));
    return `${p.name}${where}: ${counts.join(', ')}; ${p.disabled} disabled`;
  });
  if (summary.external > 0) lines.push(`${plural(summary.external, 'external nodes')} (packages not in the folder)`);
  lines.push(`${plural(summary.errors, 'errors')}, ${plural(summary.warnings, 'warnings')}`);
  return `${lines.join('\n')}\n`;
}
