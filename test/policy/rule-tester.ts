// The rule tester: `valid` / `invalid` tables that read as sentences. Each case runs the rule through the real
// engine (severity, message rendering, scope), so a case asserts what a reviewer would see: message id, node,
// file and line. The base defaults to an empty graph, so every head node counts as added (in scope).
import type { z } from 'zod';
import type { Graph } from '../../src/dbt/types.js';
import { diffGraphs } from '../../src/diff/index.js';
import { policyConfigSchema } from '../../src/policy/config.js';
import { runPolicies } from '../../src/policy/engine.js';
import { buildOwnership } from '../../src/policy/ownership.js';
import type { Finding } from '../../src/policy/rule.js';
import { findRule } from '../../src/policy/rules/index.js';
import { emptyGraph } from '../support/graph-builder.js';

export interface RuleTestCase {
  name: string;
  head: Graph;
  /** Defaults to an empty graph (every head node is new). */
  base?: Graph;
  /** Policy config input (as written in YAML); `rules.<id>` is set by the tester. */
  config?: z.input<typeof policyConfigSchema>;
  /** The rule's options. */
  options?: Record<string, unknown>;
  /** Defaults to 2026-01-15. */
  today?: string;
  /** Texts of head files (path -> text), for rules that offer suggestions. */
  files?: Record<string, string>;
}

export interface ExpectedFinding {
  messageId: string;
  node: string;
  file: string;
  line: number;
  subject?: string | null;
  related?: string[];
  teams?: string[];
  /** Substrings the rendered message must contain (names a reviewer needs). */
  messageIncludes?: string[];
  suggestion?: { line: number; text: string } | null;
  /** Whether `file:line` is the base version's (what the finding is about is gone at head). */
  atBase?: boolean;
}

export interface InvalidRuleTestCase extends RuleTestCase {
  errors: ExpectedFinding[];
  /** When given: how many findings the engine put out of scope (existing at base, node untouched). */
  existing?: number;
}

function run(id: string, testCase: RuleTestCase): { findings: Finding[]; existing: Finding[] } {
  const rule = findRule(id);
  if (!rule) throw new Error(`No rule registered with id ${id}`);
  const severity = rule.meta.defaultSeverity === 'off' ? 'warning' : rule.meta.defaultSeverity;
  const input = testCase.config ?? {};
  const config = policyConfigSchema.parse({
    ...input,
    rules: { ...input.rules, [id]: { severity, options: testCase.options ?? {} } },
  });
  const base = testCase.base ?? emptyGraph();
  const head = testCase.head;
  const owners = { base: buildOwnership(base, config).teamOf, head: buildOwnership(head, config).teamOf };
  const diff = diffGraphs(base, head, owners);
  const files = { base: new Map<string, string>(), head: new Map(Object.entries(testCase.files ?? {})) };
  const today = testCase.today ?? '2026-01-15';
  const result = runPolicies({ base, head, diff, config, today, rules: [rule], files });
  expect(result.diagnostics).toEqual([]);
  for (const finding of [...result.findings, ...result.existing]) {
    // Every placeholder is filled and every message id exists: a typo in a rule fails its tests.
    expect(finding.message).not.toMatch(/\{\{/);
    expect(Object.keys(rule.meta.messages)).toContain(finding.messageId);
  }
  return result;
}

const NOTHING: ExpectedFinding = { messageId: '', node: '', file: '', line: 0 };

function pick(finding: Finding, expected: ExpectedFinding): Record<string, unknown> {
  const actual: Record<string, unknown> = {
    messageId: finding.messageId,
    node: finding.node,
    file: finding.file,
    line: finding.line,
  };
  if (expected.subject !== undefined) actual['subject'] = finding.subject;
  if (expected.related !== undefined) actual['related'] = finding.related;
  if (expected.teams !== undefined) actual['teams'] = finding.teams;
  if (expected.suggestion !== undefined) actual['suggestion'] = finding.suggestion;
  if (expected.atBase !== undefined) actual['atBase'] = finding.atBase === true;
  if (expected.messageIncludes !== undefined) {
    actual['messageIncludes'] = expected.messageIncludes.filter((text) => finding.message.includes(text));
  }
  return actual;
}

export function ruleTester(id: string, cases: { valid: RuleTestCase[]; invalid: InvalidRuleTestCase[] }): void {
  describe(id, () => {
    if (cases.valid.length > 0) {
      test.each(cases.valid.map((c) => [c.name, c] as const))('valid: %s', (_name, testCase) => {
        expect(run(id, testCase).findings).toEqual([]);
      });
    }
    if (cases.invalid.length > 0) {
      test.each(cases.invalid.map((c) => [c.name, c] as const))('invalid: %s', (_name, testCase) => {
        const { findings, existing } = run(id, testCase);
        // Expected findings are listed in report order (file, line, rule, node, subject).
        expect(findings.map((f, i) => pick(f, testCase.errors[i] ?? NOTHING))).toEqual(
          testCase.errors.map(
            ({ messageId, node, file, line, subject, related, teams, suggestion, messageIncludes, atBase }) =>
              Object.fromEntries(
                Object.entries({
                  messageId,
                  node,
                  file,
                  line,
                  subject,
                  related,
                  teams,
                  suggestion,
                  messageIncludes,
                  atBase,
                }).filter(([, value]) => value !== undefined),
              ),
          ),
        );
        if (testCase.existing !== undefined) expect(existing).toHaveLength(testCase.existing);
      });
    }
  });
}
