// The engine, end to end and pure: (base files, head files, policy config) -> Report.
// The CLI and the GitHub App both call this; nothing they decide is written twice.
import { compile } from './dbt/index.js';
import type { CompileOptions, Diagnostic, FileMap, Graph } from './dbt/types.js';
import { diffGraphs } from './diff/index.js';
import type { GraphDiff } from './diff/types.js';
import { computeImpact } from './impact/index.js';
import { buildOwnership, type PolicyConfig, runPolicies } from './policy/index.js';
import { checkedPaths } from './policy/paths.js';
import { buildReport } from './report/build.js';
import { routeReviewers } from './report/reviewers.js';
import type { Report } from './report/types.js';

export interface CheckInput {
  base: FileMap;
  head: FileMap;
  /** The policy the pull request is reviewed under (read from the base, so a PR cannot weaken it). */
  config: PolicyConfig;
  /** Vars, target, env... shared by both compiles. A `cache` given here is used (and filled) as is. */
  compile?: CompileOptions;
  /** Today's date, YYYY-MM-DD: the core reads no clock. */
  today: string;
  /** Where `config` was read from, named by diagnostics about it. Default `.github/dbt-steward.yml`. */
  configFile?: string;
  /** Problems found outside the engine (e.g. warnings of the policy config), listed first in the report. */
  diagnostics?: Diagnostic[];
}

export interface CheckResult {
  report: Report;
  base: Graph;
  head: Graph;
  diff: GraphDiff;
}

export function checkPullRequest(input: CheckInput): CheckResult {
  // One parse cache for both compiles: files the pull request did not touch are parsed once.
  const cache = input.compile?.cache ?? new Map<string, unknown>();
  const options: CompileOptions = { ...compileOptionsOf(input.config, input.compile), cache };
  const base = compile(input.base, options);
  const head = compile(input.head, options);

  const { config, today } = input;
  const owners = { base: buildOwnership(base, config), head: buildOwnership(head, config) };
  const diff = diffGraphs(
    base,
    head,
    { base: (id) => owners.base.teamOf(id), head: (id) => owners.head.teamOf(id) },
    changedFiles(input.base, input.head),
  );
  const policy = runPolicies({
    base,
    head,
    diff,
    config,
    today,
    files: { base: input.base, head: input.head },
    ownership: owners,
    ...(input.configFile === undefined ? {} : { configFile: input.configFile }),
  });

  // Changes outside `paths` ask nobody and show in no impact table, as they raise no finding.
  const checked = checkedPaths(config);
  const changed = Object.keys(diff.nodes)
    .filter((id) => {
      const node = head.nodes[id] ?? base.nodes[id];
      return node === undefined || checked(node.file);
    })
    .sort();
  const teamOf = (id: string): string | null => policy.headOwnership.teamOf(id);
  const impact = computeImpact(head, changed, teamOf);
  const formerTeams: string[] = [];
  const changedModelTeams = changed.flatMap((id) => {
    const change = diff.nodes[id];
    const removed = change?.kind === 'removed';
    const team = removed ? policy.baseOwnership.teamOf(id) : teamOf(id);
    const node = removed ? base.nodes[id] : head.nodes[id];
    // A model handed to another team: the team that owned it is asked too (it may not agree to let it go).
    const previous = change?.ownerChanged?.before ?? null;
    if (previous !== null && previous !== team) formerTeams.push(previous);
    // The fallback is for models nobody owns: an ownerless seed or snapshot (not held to owners) asks nobody.
    return team === null && node?.resource_type !== 'model' ? [] : [team];
  });
  const reviewers = routeReviewers({ changedModelTeams, formerTeams, findings: policy.findings, config });

  const report = buildReport({
    base,
    head,
    diff,
    findings: policy.findings,
    existing: policy.existing,
    baseOwnership: policy.baseOwnership,
    headOwnership: policy.headOwnership,
    impact,
    reviewers,
    config,
    diagnostics: [...(input.diagnostics ?? []), ...policy.diagnostics],
  });
  return { report, base, head, diff };
}

/** Paths added, removed or edited between the two trees, sorted. */
export function changedFiles(base: FileMap, head: FileMap): string[] {
  const changed: string[] = [];
  for (const [path, text] of head) if (base.get(path) !== text) changed.push(path);
  for (const path of base.keys()) if (!head.has(path)) changed.push(path);
  return changed.sort();
}

/** The policy's `dbt:` target and vars under the caller's own (the CLI's `--target`, `--vars`), which win key by key. */
function compileOptionsOf(config: PolicyConfig, given: CompileOptions | undefined): CompileOptions {
  const options: CompileOptions = { ...given };
  const target = { ...definedOf(config.dbt.target), ...given?.target };
  if (Object.keys(target).length > 0) options.target = target;
  const vars = { ...config.dbt.vars, ...given?.vars };
  if (Object.keys(vars).length > 0) options.vars = vars;
  return options;
}

function definedOf<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
