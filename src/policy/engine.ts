// The policy engine: runs every enabled rule on head (and on base, to know which findings are old), stamps
// severity from config, renders messages, fingerprints findings and splits them into in-scope and existing.
// Rules only yield drafts; everything here is written once so that rules stay small.
import { checkedPaths } from './paths.js';
import type { Diagnostic, FileMap, Graph } from '../dbt/types.js';
import type { GraphDiff } from '../diff/types.js';
import type { PolicyConfig } from './config.js';
import { buildOwnership } from './ownership.js';
import type { Finding, FindingDraft, Ownership, Rule } from './rule.js';
import { ruleSettings } from './rule-settings.js';
import { rules as registry } from './rules/index.js';

export interface PolicyInput {
  base: Graph;
  head: Graph;
  diff: GraphDiff;
  config: PolicyConfig;
  /** Today's date, YYYY-MM-DD. */
  today: string;
  /** Where the config was read from, for diagnostics about it. Default `.github/dbt-steward.yml`. */
  configFile?: string;
  /** The rules to run; defaults to the registry. Tests pass one rule. */
  rules?: readonly Rule[];
  /** The files of both sides, so that rules can offer exact suggestions. */
  files?: { base: FileMap; head: FileMap };
  /** Ownership of both graphs when the caller built it already (for the diff); else built here. */
  ownership?: { base: Ownership; head: Ownership };
}

export interface PolicyResult {
  /** Findings the pull request is held to, sorted by file, line, rule. */
  findings: Finding[];
  /** Findings on untouched nodes that were already there at base, sorted likewise. */
  existing: Finding[];
  baseOwnership: Ownership;
  headOwnership: Ownership;
  /** Rules skipped because their options are invalid, or that failed; the other rules still ran. */
  diagnostics: Diagnostic[];
}

const EMPTY_DIFF: GraphDiff = { nodes: {}, changedFiles: [] };
const DEFAULT_CONFIG_FILE = '.github/dbt-steward.yml';

/** Identity across base and head: rule, node, subject. The message never counts, so rewording is not "new". */
export function fingerprint(rule: string, node: string, subject: string | null): string {
  return `${rule}:${node}:${subject ?? ''}`;
}

/** Replaces `{{name}}` with `data.name`; unknown placeholders stay visible so that a test can catch them. */
export function renderMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(data, name) ? String(data[name]) : whole,
  );
}

function toFinding(rule: Rule, severity: Finding['severity'], draft: FindingDraft): Finding {
  const template = rule.meta.messages[draft.messageId] ?? draft.messageId;
  const subject = draft.subject ?? null;
  return {
    rule: rule.meta.id,
    messageId: draft.messageId,
    severity,
    node: draft.node,
    subject,
    file: draft.pos.file,
    line: draft.pos.line,
    message: renderMessage(template, draft.data),
    related: [...new Set(draft.related ?? [])].sort(),
    teams: [...new Set(draft.teams ?? [])].sort(),
    suggestion: draft.suggestion ?? null,
    fingerprint: fingerprint(rule.meta.id, draft.node, subject),
    ...(draft.atBase ? { atBase: true as const } : {}),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  const keys: Array<[string | number, string | number]> = [
    [a.file, b.file],
    [a.line, b.line],
    [a.rule, b.rule],
    [a.node, b.node],
    [a.subject ?? '', b.subject ?? ''],
  ];
  for (const [x, y] of keys) if (x !== y) return x < y ? -1 : 1;
  return 0;
}

/** `paths.include` / `paths.exclude`, matched against the file that defines the finding's node. */
function pathFilter(config: PolicyConfig, base: Graph, head: Graph): (finding: Finding) => boolean {
  const checked = checkedPaths(config);
  return (finding) => checked(head.nodes[finding.node]?.file ?? base.nodes[finding.node]?.file ?? finding.file);
}

export function runPolicies(input: PolicyInput): PolicyResult {
  const { base, head, diff, config, today } = input;
  const configFile = input.configFile ?? DEFAULT_CONFIG_FILE;
  const baseOwnership = input.ownership?.base ?? buildOwnership(base, config);
  const headOwnership = input.ownership?.head ?? buildOwnership(head, config);
  const diagnostics: Diagnostic[] = [];
  const headFindings: Finding[] = [];
  const baseFingerprints = new Set<string>();

  for (const rule of input.rules ?? registry) {
    const settings = ruleSettings(rule, config);
    if (settings.severity === 'off') continue;
    if (!settings.ok) {
      const where = settings.error.issues.map((p) => `${p.path.join('.') || '(options)'}: ${p.message}`).join('; ');
      diagnostics.push({
        code: 'invalid-rule-options',
        severity: 'error',
        message: `rules.${rule.meta.id}.options are invalid (${where}); the rule was skipped.`,
        file: configFile,
      });
      continue;
    }
    const { severity, options } = settings;
    const shared = { options, config, today };
    try {
      const atHead = {
        base,
        head,
        diff,
        baseOwnership,
        headOwnership,
        source: (file: string) => input.files?.head.get(file),
        ...shared,
      };
      const ruleFindings = [...rule.check(atHead)].map((draft) => toFinding(rule, severity, draft));
      // Base findings only decide the scope of head findings on nodes the pull request did not touch: a rule
      // with none of those (the common case) is not run on the base at all.
      if (ruleFindings.some((finding) => diff.nodes[finding.node] === undefined)) {
        // The state at base, as if nothing changed: which of today's findings were there already.
        const atBase = {
          base,
          head: base,
          diff: EMPTY_DIFF,
          baseOwnership,
          headOwnership: baseOwnership,
          source: (file: string) => input.files?.base.get(file),
          ...shared,
        };
        for (const draft of rule.check(atBase)) baseFingerprints.add(toFinding(rule, severity, draft).fingerprint);
      }
      // Only now: a rule that fails on the base must not have its untouched-node findings counted as new.
      headFindings.push(...ruleFindings);
    } catch (error) {
      // A rule bug must not cost the whole review; it is reported like any other problem.
      diagnostics.push({
        code: 'rule-failed',
        severity: 'error',
        message: `Rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}`,
        file: configFile,
      });
    }
  }

  const keep = pathFilter(config, base, head);
  const findings: Finding[] = [];
  const existing: Finding[] = [];
  for (const finding of headFindings.filter(keep)) {
    const inScope = diff.nodes[finding.node] !== undefined || !baseFingerprints.has(finding.fingerprint);
    (inScope ? findings : existing).push(finding);
  }
  findings.sort(compareFindings);
  existing.sort(compareFindings);
  return { findings, existing, baseOwnership, headOwnership, diagnostics };
}
