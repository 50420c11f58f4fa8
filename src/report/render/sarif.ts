// SARIF 2.1.0 for GitHub code scanning (`--format sarif`, uploaded by a workflow): one `rule` per rule id with
// its doc link, one result per listed finding at its file and start line.
import type { Finding, Severity } from '../../policy/rule.js';
import type { Report } from '../types.js';
import { type RenderOptions, ruleDocUrl } from './common.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<Exclude<Severity, 'off'>, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  notice: 'note',
};

export function renderSarif(report: Report, options: RenderOptions = {}): string {
  const findings = [...report.findings, ...report.existing.findings];
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const rules = ruleIds.map((id) => ({
    id,
    name: id,
    shortDescription: { text: options.ruleSummaries?.[id] ?? id },
    helpUri: ruleDocUrl(id, options),
    defaultConfiguration: { level: LEVEL[findings.find((f) => f.rule === id)?.severity ?? 'warning'] },
  }));
  const results = findings.map((finding) => result(finding, ruleIds.indexOf(finding.rule)));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dbt-steward',
            informationUri: 'https://github.com/dbt-steward/dbt-steward',
            rules,
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function result(finding: Finding, ruleIndex: number): Record<string, unknown> {
  // Code scanning shows results on the head commit's files: a base line (what head removed) would land on
  // whatever took its place, so such a result sits on line 1 and names the base line.
  const message = finding.atBase ? `(line ${finding.line} at base) ${finding.message}` : finding.message;
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.atBase ? 1 : Math.max(1, finding.line) },
        },
        logicalLocations: [{ fullyQualifiedName: finding.node, kind: 'module' }],
      },
    ],
    // Code scanning matches alerts across runs by this, as dbt-steward matches findings across base and head.
    partialFingerprints: { 'dbtSteward/v1': finding.fingerprint },
  };
}
