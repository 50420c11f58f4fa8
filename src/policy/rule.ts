// The rule contract. A rule is a module with a `meta` object and a pure `check` that yields finding drafts;
// the engine (not the rule) stamps severity from config, renders messages, applies scope and fingerprints.
import type { z } from 'zod';
import type { Graph, Position } from '../dbt/types.js';
import type { GraphDiff } from '../diff/types.js';
import type { PolicyConfig } from './config.js';

export type Severity = 'error' | 'warning' | 'notice' | 'off';
export type RuleCategory = 'ownership' | 'contracts' | 'discoverability' | 'observability';

/** Resolves who owns what, from config (meta key paths, groups, teams). Built once per graph by the engine. */
export interface Ownership {
  /** The team that owns a node, or null when it resolves to none. */
  teamOf(uniqueId: string): string | null;
  /** Where the owning team is declared (the meta key or group line), if anywhere. */
  ownerPosition(uniqueId: string): Position | null;
}

export interface RuleContext<Options> {
  base: Graph;
  head: Graph;
  diff: GraphDiff;
  baseOwnership: Ownership;
  headOwnership: Ownership;
  /** The rule's options, already validated against `meta.options` and defaulted. */
  options: Options;
  /** The whole validated policy config (teams, restricted_data, required_meta...). */
  config: PolicyConfig;
  /** Today's date (YYYY-MM-DD), passed in: the core reads no clock. */
  today: string;
  /** The text of a file of the graph being checked (head), when the caller has it: for exact suggestions. */
  source?: (file: string) => string | undefined;
}

export interface FindingDraft {
  /** Key of `meta.messages`. */
  messageId: string;
  /** Values interpolated into the message's `{{name}}` placeholders. */
  data?: Record<string, string | number>;
  /** unique_id of the node the finding is about. */
  node: string;
  /** What on the node: a referenced node id, a column, a meta key. Part of the finding's identity. */
  subject?: string;
  /** The line a reviewer should look at. */
  pos: Position;
  /** `pos` is a line of the base version: what the finding is about is gone at head (a removed model). */
  atBase?: boolean;
  /** Other nodes involved (the referenced model, downstream consumers). */
  related?: string[];
  /** Teams whose review this finding asks for. */
  teams?: string[];
  /** A mechanical fix: replacement text for `pos.line`, offered as a GitHub suggestion. */
  suggestion?: { line: number; text: string };
}

export interface RuleMeta<Options> {
  id: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** One line: what the rule checks. */
  summary: string;
  /** One paragraph: why it matters. */
  rationale: string;
  /** How to fix a finding. */
  fix: string;
  messages: Record<string, string>;
  /** The rule's options schema; `{}` parses to the defaults. */
  options: z.ZodType<Options>;
}

export interface Rule<Options = unknown> {
  meta: RuleMeta<Options>;
  check(context: RuleContext<Options>): Iterable<FindingDraft>;
}

export interface Finding {
  rule: string;
  /** The key of the rule's `meta.messages` the message was rendered from (set by the engine). */
  messageId?: string;
  severity: Exclude<Severity, 'off'>;
  node: string;
  subject: string | null;
  file: string;
  line: number;
  message: string;
  related: string[];
  teams: string[];
  suggestion: { line: number; text: string } | null;
  /** Identity across base and head: rule + node + subject (never the message). */
  fingerprint: string;
  /** `file` and `line` are the base version's (set only then): the thing is gone at head. */
  atBase?: true;
}
