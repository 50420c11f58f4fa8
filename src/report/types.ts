// The engine's result for one pull request (or one pair of folders): plain data that every face renders.
import type { Diagnostic } from '../dbt/types.js';
import type { Finding } from '../policy/rule.js';

export type Conclusion = 'failure' | 'neutral' | 'success';

export interface ImpactEntry {
  /** The changed model. */
  node: string;
  team: string | null;
  /** Downstream models (transitively), grouped by owning team (`null` key as "(unowned)"). */
  downstreamByTeam: Record<string, string[]>;
  /** Exposures (dashboards, apps) downstream of the model. */
  exposures: string[];
}

export interface OwnershipStats {
  owned: number;
  total: number;
}

export interface Report {
  conclusion: Conclusion;
  /** Findings in scope, sorted by file, line, rule. */
  findings: Finding[];
  /** Findings on untouched nodes that existed at base: counted, listed only if `scope.report_existing`. */
  existing: { count: number; findings: Finding[] };
  /** GitHub team slugs and logins to request; `unmapped`: owning teams with no entry in `teams` of the config. */
  reviewers: { teams: string[]; users: string[]; unmapped?: string[] };
  impact: ImpactEntry[];
  counts: { error: number; warning: number; notice: number; changedNodes: number };
  ownership: { before: OwnershipStats; after: OwnershipStats };
  /** Compiler diagnostics at head (and new at head vs base), with file and line. */
  diagnostics: Diagnostic[];
}
