// Golden files for what a reviewer reads: an inline comment (with a suggestion), the same comment once its
// finding is gone, and a check run summary with a config change notice. `UPDATE_GOLDEN=1` rewrites them.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyConfig } from '../../src/policy/config.js';
import { describeConfigChange, outdatedBody, planReview } from '../../src/review/index.js';
import { context, finding, report } from './builders.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

function expectGolden(name: string, actual: string): void {
  const path = join(DIR, name);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path, actual);
  else if (!existsSync(path)) throw new Error(`missing golden file ${name}; run with UPDATE_GOLDEN=1`);
  else expect(actual).toBe(readFileSync(path, 'utf8'));
}

const withSuggestion = finding({
  message: 'Model `orders` has no owner: set `data_governance.model.team_owner` in its meta.',
  suggestion: { line: 5, text: '      meta:\n        data_governance: {model: {team_owner: TODO}}' },
});

describe('review golden files', () => {
  it('inline comment with a suggestion, and the same comment marked outdated', () => {
    const plan = planReview(report({ findings: [withSuggestion] }), context());
    const body = plan.review?.comments[0]?.body ?? '';
    expectGolden('comment.golden.md', `${body}\n`);
    expectGolden(
      'comment-outdated.golden.md',
      `${outdatedBody(body, withSuggestion.fingerprint, 'c0ffee'.padEnd(40, '0'))}\n`,
    );
  });

  it('check run summary with a config change notice', () => {
    const current = {
      check: { fail_on: 'error' },
      teams: { finance: { github_team: 'finance-data' } },
    } as unknown as PolicyConfig;
    const proposed = { check: { fail_on: 'warning' }, teams: {} } as unknown as PolicyConfig;
    const change = describeConfigChange('.github/dbt-steward.yml', current, proposed, []);
    const plan = planReview(report({ findings: [withSuggestion] }), context({ notices: [change.notice] }));
    expectGolden('summary-config-change.golden.md', `${plan.checkRun.outputs[0]?.summary ?? ''}\n`);
  });
});
