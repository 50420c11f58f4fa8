import { describe, expect, it } from '@jest/globals';
import type { PolicyConfig } from '../../src/policy/config.js';
import { changedSettings, describeConfigChange } from '../../src/review/index.js';

const base = { check: { fail_on: 'error' }, teams: {} } as unknown as PolicyConfig;

describe('describeConfigChange', () => {
  it('lists what changes after merge', () => {
    const next = {
      check: { fail_on: 'warning' },
      teams: { finance: { github_team: 'fin' } },
    } as unknown as PolicyConfig;
    const change = describeConfigChange('.github/dbt-steward.yml', base, next, []);
    expect(change.broken).toBe(false);
    expect(change.notice).toContain('takes effect after merge');
    expect(change.notice).toContain('- `check.fail_on`: `"error"` → `"warning"`');
    expect(change.notice).toContain('- `teams.finance`: (unset) → `{"github_team":"fin"}`');
  });

  it('fails a config that does not validate, with its diagnostics annotated', () => {
    const diagnostics = [
      {
        code: 'config-invalid',
        severity: 'error' as const,
        message: 'Unknown key `rulez`.',
        file: '.github/dbt-steward.yml',
        line: 3,
      },
    ];
    const change = describeConfigChange('.github/dbt-steward.yml', base, null, diagnostics);
    expect(change.broken).toBe(true);
    expect(change.annotations).toEqual([
      {
        path: '.github/dbt-steward.yml',
        start_line: 3,
        end_line: 3,
        annotation_level: 'failure',
        title: 'config: config-invalid',
        message: 'Unknown key `rulez`.',
      },
    ]);
  });

  it('says nothing changed when the effective policy is the same', () => {
    expect(changedSettings(base, { ...base })).toEqual([]);
  });
});
