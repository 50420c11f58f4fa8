import { DEFAULT_MAX_CHARS, GITHUB_SUMMARY_LIMIT, renderMarkdown } from '../../src/report/render/index.js';
import { aFinding } from './builders.js';
import { expectGolden } from './golden.js';
import { sampleReport, successReport } from './sample.js';

describe('renderMarkdown', () => {
  it('renders a failing pull request (golden)', () => {
    expectGolden('failure.golden.md', renderMarkdown(sampleReport()));
  });

  it('renders a clean pull request (golden)', () => {
    expectGolden('success.golden.md', renderMarkdown(successReport()));
  });

  it('links each finding to its rule doc under the configured base URL', () => {
    const md = renderMarkdown(sampleReport(), { docsBaseUrl: 'https://example.com/rules/' });
    expect(md).toContain('[`contracts/breaking-change`](https://example.com/rules/contracts/breaking-change.md)');
  });

  it('groups findings by category in catalogue order', () => {
    const md = renderMarkdown(sampleReport());
    const headings = md.split('\n').filter((l) => l.startsWith('#### '));
    expect(headings).toEqual([
      '#### Ownership (1)',
      '#### Contracts (2)',
      '#### Discoverability (1)',
      '#### Impact',
      '#### Compiler diagnostics (1)',
    ]);
  });

  it('lists existing findings when the report carries them', () => {
    const report = sampleReport();
    report.existing = { count: 1, findings: [aFinding({ file: 'models/old.sql', line: 5, message: 'Old.' })] };
    expect(renderMarkdown(report)).toContain(
      '#### Existing findings on untouched nodes (1)\n\n- ❌ **error** [`ownership/model-has-owner`]',
    );
  });

  it("cuts a huge report below GitHub's limit at a line boundary, with a note", () => {
    const report = sampleReport();
    report.findings = Array.from({ length: 3000 }, (_, i) =>
      aFinding({ file: `models/m${i}.sql`, message: `Model m${i} has no owning team. ${'x'.repeat(40)}` }),
    );
    const md = renderMarkdown(report);
    expect(DEFAULT_MAX_CHARS).toBeLessThan(GITHUB_SUMMARY_LIMIT);
    expect(md.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    expect(md.length).toBeGreaterThan(DEFAULT_MAX_CHARS - 400);
    expect(md).toMatch(/\n---\n_Truncated: \d+ more lines did not fit the check summary's 60,000-character budget\./);
    const lastFinding = md
      .split('\n')
      .filter((l) => l.startsWith('- '))
      .pop();
    expect(lastFinding).toMatch(/ — Model m\d+ has no owning team\. x{40}$/);
  });

  it('honours a smaller character budget', () => {
    const md = renderMarkdown(sampleReport(), { maxChars: 600 });
    expect(md.length).toBeLessThanOrEqual(600);
    expect(md.startsWith('### ❌ dbt-steward: failure — 2 errors, 1 warning, 1 notice\n')).toBe(true);
  });
});

describe('renderMarkdown impact', () => {
  it('tables only models with something downstream, and caps the others on one line', () => {
    const report = successReport();
    report.impact = Array.from({ length: 35 }, (_, i) => ({
      node: `model.shop.m${String(i).padStart(2, '0')}`,
      team: 'core',
      downstreamByTeam: {},
      exposures: [],
    }));
    const md = renderMarkdown(report);
    expect(md).not.toContain('| Changed model |');
    expect(md).toContain('Nothing downstream of `m00`, `m01`,');
    expect(md).toContain('`m29` +5 more.\n');
  });
});
