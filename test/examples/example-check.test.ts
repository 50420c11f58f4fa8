// The README of examples/mesh promises what `dbt-steward check` finds on its pull request. This runs the engine
// on base -> head and holds it to that promise: every finding is listed there, every listed finding of a
// registered rule is found, and base alone is clean.
import { join } from 'node:path';
import { checkPullRequest } from '../../src/check.js';
import { diskSource } from '../../src/cli/disk-source.js';
import { loadFiles } from '../../src/dbt/source.js';
import type { FileMap } from '../../src/dbt/types.js';
import { parsePolicyConfig } from '../../src/policy/load.js';
import type { PolicyConfig } from '../../src/policy/config.js';
import type { Finding } from '../../src/policy/rule.js';
import { findRule } from '../../src/policy/rules/index.js';
import { EXAMPLE_DIR, type ExpectedFinding, expectedFindings, readText } from './example-files.js';

/** A fixed day after `legacy_revenue_monthly`'s deprecation date, so the result does not depend on the clock. */
const TODAY = '2026-11-26';
const expected = expectedFindings(readText(EXAMPLE_DIR, 'README.md'));

async function tree(name: string): Promise<FileMap> {
  return loadFiles(diskSource(join(EXAMPLE_DIR, name)));
}

function policy(): PolicyConfig {
  const file = '.github/dbt-steward.yml';
  const parsed = parsePolicyConfig(readText(join(EXAMPLE_DIR, 'base'), file), file);
  expect(parsed.diagnostics).toEqual([]);
  if (!parsed.config) throw new Error('the example policy does not parse');
  return parsed.config;
}

/** Whether an actual finding is the README's row: same rule and node, at the entry, the line to look at or between. */
function matches(finding: Finding, row: ExpectedFinding): boolean {
  return (
    finding.rule === row.rule &&
    finding.node === `model.mesh_shop.${row.node}` &&
    finding.file === row.entry.file &&
    finding.line >= row.entry.line &&
    finding.line <= row.lookAt.line
  );
}

const show = (f: Finding): string => `${f.rule} ${f.node} ${f.file}:${f.line}`;

describe('dbt-steward check on examples/mesh', () => {
  let findings: Finding[] = [];
  let conclusion = '';

  beforeAll(async () => {
    const [base, head] = await Promise.all([tree('base'), tree('head')]);
    const { report } = checkPullRequest({ base, head, config: policy(), today: TODAY });
    findings = report.findings;
    conclusion = report.conclusion;
  });

  it('finds nothing on base compared with itself', async () => {
    const base = await tree('base');
    const { report } = checkPullRequest({ base, head: base, config: policy(), today: TODAY });
    expect(report.findings.map(show)).toEqual([]);
    expect(report.existing.count).toBe(0);
    expect(report.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('concludes failure on the pull request', () => {
    expect(conclusion).toBe('failure');
  });

  it('reports only findings the README lists', () => {
    const unlisted = findings.filter((finding) => !expected.some((row) => matches(finding, row)));
    expect(unlisted.map(show)).toEqual([]);
  });

  it.each(expected.map((row) => [row.rule, row.node, row] as const))(
    '%s on %s is found, with the README severity (when the rule is registered)',
    (rule, _node, row) => {
      if (!findRule(rule)) return;
      const found = findings.filter((finding) => matches(finding, row));
      expect(found.map(show)).not.toEqual([]);
      expect(found.map((finding) => finding.severity)).toContain(row.severity);
    },
  );

  it('reports each rule on each node as many times as the README lists it', () => {
    const key = (rule: string, node: string): string => `${rule} ${node}`;
    const tally = (keys: string[]): Record<string, number> =>
      keys.reduce<Record<string, number>>((out, k) => ({ ...out, [k]: (out[k] ?? 0) + 1 }), {});
    const listed = expected.filter((row) => findRule(row.rule));
    expect(tally(findings.map((f) => key(f.rule, f.node)))).toEqual(
      tally(listed.map((row) => key(row.rule, `model.mesh_shop.${row.node}`))),
    );
  });
});
