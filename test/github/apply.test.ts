import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { applyReviewPlan } from '../../src/github/apply.js';
import { planReview } from '../../src/review/index.js';
import { context, finding, report } from '../review/builders.js';
import { API, REPO } from './harness.js';
import { OpenApiValidator } from '../../scripts/github-double/openapi.js';

afterEach(() => nock.cleanAll());

describe('applyReviewPlan', () => {
  it('sends annotations in batches of 50 and completes the run last, with the first batch', async () => {
    nock.disableNetConnect();
    const validator = new OpenApiValidator();
    const bodies: Array<Record<string, unknown>> = [];
    const failures: string[] = [];
    const api = nock(API).patch(`${REPO}/check-runs/5`).times(3).reply(200, { id: 5 });
    api.on('request', (req: { method: string; path: string }, _i: unknown, body: string) => {
      bodies.push(JSON.parse(body) as Record<string, unknown>);
      failures.push(...validator.validate({ method: req.method, path: req.path, body: JSON.parse(body) }));
    });
    const findings = Array.from({ length: 120 }, (_, i) =>
      finding({ file: 'models/other.sql', line: i + 1, fingerprint: `f${i}` }),
    );
    const plan = planReview(report({ findings }), context());
    const octokit = new ProbotOctokit({
      auth: { token: 't' },
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    const result = await applyReviewPlan(
      octokit,
      { owner: 'Codertocat', repo: 'Hello-World', pullNumber: 2, checkRunId: 5, completedAt: '2026-11-26T09:00:00Z' },
      plan,
    );
    expect(bodies.map((b) => [b.status ?? null, (b.output as { annotations: unknown[] }).annotations.length])).toEqual([
      [null, 50],
      [null, 20],
      ['completed', 50],
    ]);
    expect(result.annotations).toBe(120);
    expect(failures).toEqual([]);
    expect(api.isDone()).toBe(true);
  });
});
