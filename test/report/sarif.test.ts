import { renderSarif } from '../../src/report/render/index.js';
import { sampleReport } from './sample.js';
import { aFinding } from './builders.js';

interface SarifLog {
  version: string;
  $schema: string;
  runs: Array<{
    tool: {
      driver: { name: string; rules: Array<{ id: string; helpUri: string; shortDescription: { text: string } }> };
    };
    results: Array<Record<string, unknown>>;
  }>;
}

describe('renderSarif', () => {
  const log = JSON.parse(
    renderSarif(sampleReport(), {
      docsBaseUrl: 'https://docs.example/rules',
      ruleSummaries: { 'contracts/breaking-change': 'Breaking changes to public models need their consumers.' },
    }),
  ) as SarifLog;
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one run by dbt-steward', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    expect(run?.tool.driver.name).toBe('dbt-steward');
  });

  it('declares one rule per rule id, sorted, with its doc link', () => {
    expect(run?.tool.driver.rules.map((r) => [r.id, r.helpUri])).toEqual([
      ['contracts/breaking-change', 'https://docs.example/rules/contracts/breaking-change.md'],
      ['contracts/new-cross-team-dependency', 'https://docs.example/rules/contracts/new-cross-team-dependency.md'],
      ['discoverability/model-has-description', 'https://docs.example/rules/discoverability/model-has-description.md'],
      ['ownership/model-has-owner', 'https://docs.example/rules/ownership/model-has-owner.md'],
    ]);
    expect(run?.tool.driver.rules[0]?.shortDescription.text).toBe(
      'Breaking changes to public models need their consumers.',
    );
    expect(run?.tool.driver.rules[3]?.shortDescription.text).toBe('ownership/model-has-owner');
  });

  it('puts each finding at its file and start line, notices as notes', () => {
    expect(run?.results).toHaveLength(4);
    expect(run?.results[3]).toEqual({
      ruleId: 'contracts/new-cross-team-dependency',
      ruleIndex: 1,
      level: 'note',
      message: { text: 'churn (growth) now refs orders (core).' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'models/growth/churn.sql', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3 },
          },
          logicalLocations: [{ fullyQualifiedName: 'model.shop.churn', kind: 'module' }],
        },
      ],
      partialFingerprints: { 'dbtSteward/v1': 'contracts/new-cross-team-dependency|model.shop.churn|' },
    });
    expect(run?.results.map((r) => r['level'])).toEqual(['error', 'error', 'warning', 'note']);
  });

  it('puts a finding about what head removed on line 1 of the head file, naming the base line', () => {
    const report = sampleReport();
    report.findings = [aFinding({ file: 'models/schema.yml', line: 9, atBase: true, message: '`orders` is removed.' })];
    const removed = (JSON.parse(renderSarif(report)) as SarifLog).runs[0]?.results[0] as {
      message: { text: string };
      locations: Array<{ physicalLocation: { region: { startLine: number } } }>;
    };
    expect(removed.message.text).toBe('(line 9 at base) `orders` is removed.');
    expect(removed.locations[0]?.physicalLocation.region.startLine).toBe(1);
  });
});
