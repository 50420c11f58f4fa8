// Assembles the Report, the plain data every face renders: conclusion, findings in scope, counts, impact,
// reviewers, ownership coverage before -> after, and the compiler diagnostics the pull request introduced.
import type { Diagnostic, Graph } from '../dbt/types.js';
import type { GraphDiff } from '../diff/types.js';
import type { PolicyConfig } from '../policy/config.js';
import { checkedPaths } from '../policy/paths.js';
import type { Finding, Ownership } from '../policy/rule.js';
import type { Reviewers } from './reviewers.js';
import type { Conclusion, ImpactEntry, OwnershipStats, Report } from './types.js';

export interface ReportInput {
  base: Graph;
  head: Graph;
  diff: GraphDiff;
  /** Findings in scope of the pull request. */
  findings: Finding[];
  /** Findings on untouched nodes that already existed at base. */
  existing: Finding[];
  baseOwnership: Ownership;
  headOwnership: Ownership;
  impact: ImpactEntry[];
  reviewers: Reviewers;
  config: PolicyConfig;
  /** Diagnostics from outside the compiler (e.g. the policy config), listed first. */
  diagnostics?: Diagnostic[];
}

export function buildReport(input: ReportInput): Report {
  const checked = checkedPaths(input.config);
  const findings = sortFindings(input.findings);
  const existing = sortFindings(input.existing);
  // Changed nodes and ownership count what the review checks: not files outside `paths`, not installed packages.
  // Every changed id is a node of head or base (diffGraphs): its file decides.
  const changedNodes = Object.keys(input.diff.nodes).filter((id) =>
    checked((input.head.nodes[id] ?? input.base.nodes[id])?.file ?? ''),
  ).length;
  const counts = { error: 0, warning: 0, notice: 0, changedNodes };
  for (const finding of findings) counts[finding.severity]++;
  return {
    conclusion: conclude(counts, input.config.check.fail_on),
    findings,
    existing: { count: existing.length, findings: input.config.scope.report_existing ? existing : [] },
    reviewers: { teams: input.reviewers.teams, users: input.reviewers.users, unmapped: input.reviewers.unmapped },
    impact: input.impact,
    counts,
    ownership: {
      before: ownershipStats(input.base, input.baseOwnership, checked),
      after: ownershipStats(input.head, input.headOwnership, checked),
    },
    diagnostics: [
      ...(input.diagnostics ?? []),
      // Problems in files outside `paths` are not the review's to list (a legacy folder's broken YAML).
      ...newDiagnostics(input.base, input.head).filter((d) => d.file === '' || checked(d.file)),
    ],
  };
}

/** `failure` on any error (or warning, with `fail_on: warning`), `neutral` on warnings only, else `success`. */
export function conclude(counts: { error: number; warning: number }, failOn: 'error' | 'warning'): Conclusion {
  if (counts.error > 0 || (failOn === 'warning' && counts.warning > 0)) return 'failure';
  return counts.warning > 0 ? 'neutral' : 'success';
}

/** Owned / total enabled models of a graph in checked files (seeds and snapshots are not counted). */
export function ownershipStats(graph: Graph, ownership: Ownership, checked: (file: string) => boolean): OwnershipStats {
  let owned = 0;
  let total = 0;
  for (const node of Object.values(graph.nodes)) {
    if (node.resource_type !== 'model' || !checked(node.file)) continue;
    total++;
    if (ownership.teamOf(node.unique_id) !== null) owned++;
  }
  return { owned, total };
}

/**
 * Head diagnostics that base does not have. Lines are left out of the comparison: an edit above a known
 * problem moves it without making it new, and a project's old warnings should not drown the pull request's.
 */
function newDiagnostics(base: Graph, head: Graph): Diagnostic[] {
  const key = (d: Diagnostic): string => `${d.code}\u0000${d.file}\u0000${d.message}`;
  const atBase = new Set(base.diagnostics.map(key));
  return head.diagnostics
    .filter((d) => !atBase.has(key(d)))
    .sort((a, b) => compare(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compare(a.code, b.code));
}

/** By file, line, rule, then node: stable output for golden files and for reviewers reading top to bottom. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => compare(a.file, b.file) || a.line - b.line || compare(a.rule, b.rule) || compare(a.node, b.node),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
