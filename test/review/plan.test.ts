import { describe, expect, it } from '@jest/globals';
import { findingMarker, outdatedBody, planReview } from '../../src/review/index.js';
import { MAX_COMMENTS } from '../../src/review/plan.js';
import { context, finding, report } from './builders.js';

describe('planReview', () => {
  it('completes the check run with the report conclusion, a title from the counts and the summary', () => {
    const plan = planReview(report({ findings: [finding()] }), context({ notices: ['### Notice'] }));
    expect(plan.checkRun.name).toBe('dbt-steward');
    expect(plan.checkRun.conclusion).toBe('failure');
    expect(plan.checkRun.outputs).toHaveLength(1);
    expect(plan.checkRun.outputs[0]?.title).toBe('1 error');
    expect(plan.checkRun.outputs[0]?.summary).toBe('### Notice\n\n## dbt-steward\n\nsummary');
    expect(plan.checkRun.outputs[0]?.annotations).toEqual([
      {
        path: 'models/orders.yml',
        start_line: 4,
        end_line: 4,
        annotation_level: 'failure',
        title: 'ownership/model-has-owner',
        message: 'Model `orders` has no owner.',
      },
    ]);
  });

  it('sends annotations in batches of at most 50', () => {
    const findings = Array.from({ length: 120 }, (_, i) => finding({ line: i + 1, fingerprint: `f${i}` }));
    const plan = planReview(report({ findings }), context());
    expect(plan.checkRun.outputs.map((o) => o.annotations.length)).toEqual([50, 50, 20]);
  });

  it('sends one output without annotations when there are no findings', () => {
    const plan = planReview(report(), context());
    expect(plan.checkRun.outputs).toEqual([{ title: 'No findings', summary: expect.any(String), annotations: [] }]);
    expect(plan.review).toBeNull();
  });

  it('comments inline only on lines of the diff; the others stay annotations', () => {
    const inDiff = finding({ line: 4, fingerprint: 'in' });
    const outside = finding({ line: 40, fingerprint: 'out' });
    const otherFile = finding({ file: 'models/other.sql', fingerprint: 'other' });
    const plan = planReview(report({ findings: [inDiff, outside, otherFile] }), context());
    expect(plan.review?.comments.map((c) => [c.path, c.line, c.side])).toEqual([['models/orders.yml', 4, 'RIGHT']]);
    expect(plan.checkRun.outputs[0]?.annotations).toHaveLength(3);
  });

  it('posts at most 50 inline comments per review; the rest stay annotations', () => {
    const findings = Array.from({ length: 60 }, (_, i) => finding({ line: 4, fingerprint: `many${i}` }));
    const plan = planReview(report({ findings }), context());
    expect(plan.review?.comments).toHaveLength(MAX_COMMENTS);
    expect(plan.checkRun.outputs.flatMap((o) => o.annotations)).toHaveLength(60);
  });

  it("keeps annotations and comments within GitHub's size limits (64 KB message, 65,536-character body)", () => {
    const huge = finding({ line: 4, message: `Model \`orders\` breaks ${'`report` (finance), '.repeat(5_000)}.` });
    const plan = planReview(report({ findings: [huge] }), context());
    const annotation = plan.checkRun.outputs[0]?.annotations[0];
    expect(Buffer.byteLength(annotation?.message ?? '')).toBeLessThanOrEqual(64 * 1024);
    expect(annotation?.message).toMatch(/^Model `orders` breaks .*… \(truncated\)$/s);
    const body = plan.review?.comments[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    // The marker that ties the comment to its finding survives the cut.
    expect(body).toContain(findingMarker(huge.fingerprint));
  });

  it('puts a finding about what head removed on the old side of the diff, and its annotation at line 1', () => {
    const removed = finding({
      file: 'models/sales.yml',
      line: 2,
      atBase: true,
      fingerprint: 'gone',
      message: '`orders` is removed.',
    });
    // At head, line 2 of models/sales.yml is another model's entry (a context line of the hunk): not there.
    const diffLines = new Map([['models/sales.yml', new Set([1, 2, 3])]]);
    const plan = planReview(
      report({ findings: [removed] }),
      context({
        diffLines,
        baseDiffLines: new Map([['models/sales.yml', { path: 'models/sales.yml', lines: new Set([2, 3, 4]) }]]),
      }),
    );
    expect(plan.review?.comments.map((c) => [c.path, c.line, c.side])).toEqual([['models/sales.yml', 2, 'LEFT']]);
    expect(plan.checkRun.outputs[0]?.annotations[0]).toMatchObject({
      path: 'models/sales.yml',
      start_line: 1,
      message: '(line 2 at base) `orders` is removed.',
    });
    // Without the line on the old side of the diff: no inline comment at all, never one on the head's line 2.
    const elsewhere = planReview(report({ findings: [removed] }), context({ diffLines }));
    expect(elsewhere.review).toBeNull();
  });

  it('comments on a renamed file under its head path, on the old side, and annotates that path', () => {
    const removed = finding({ file: 'models/marts/_marts.yml', line: 7, atBase: true, fingerprint: 'gone' });
    const baseDiffLines = new Map([
      ['models/marts/_marts.yml', { path: 'models/core/_core.yml', lines: new Set([7]) }],
    ]);
    const plan = planReview(report({ findings: [removed] }), context({ baseDiffLines }));
    expect(plan.review?.comments.map((c) => [c.path, c.line, c.side])).toEqual([['models/core/_core.yml', 7, 'LEFT']]);
    expect(plan.checkRun.outputs[0]?.annotations[0]).toMatchObject({ path: 'models/core/_core.yml', start_line: 1 });
  });

  it('writes rule, message, why, fix and a suggestion block into the comment', () => {
    const withFix = finding({ suggestion: { line: 5, text: '    meta:\n      owner: TODO' } });
    const body = planReview(report({ findings: [withFix] }), context()).review?.comments[0]?.body ?? '';
    expect(body).toContain('**Error · `ownership/model-has-owner`**');
    expect(body).toContain('**Why it matters:** Unowned models rot.');
    expect(body).toContain('**How to fix:** Add `meta.owner`.');
    expect(body).toContain('```suggestion\n    meta:\n      owner: TODO\n```');
    expect(body).toContain(findingMarker(withFix.fingerprint));
    expect(planReview(report({ findings: [withFix] }), context()).review?.comments[0]?.line).toBe(5);
  });

  it('does not repeat a comment already made for the same finding', () => {
    const existing = { id: 7, body: `old text\n${findingMarker(finding().fingerprint)}` };
    const plan = planReview(report({ findings: [finding()] }), context({ existingComments: [existing] }));
    expect(plan.review).toBeNull();
    expect(plan.outdated).toEqual([]);
  });

  it('marks comments of findings that are gone as outdated, once', () => {
    const gone = { id: 8, body: `**Error**\n\n${findingMarker('gone|x|')}` };
    const alreadyOutdated = { id: 9, body: outdatedBody(gone.body, 'gone|x|', 'b'.repeat(40)) };
    const someoneElse = { id: 10, body: 'LGTM' };
    const plan = planReview(report(), context({ existingComments: [gone, alreadyOutdated, someoneElse] }));
    expect(plan.outdated.map((o) => o.id)).toEqual([8]);
    expect(plan.outdated[0]?.body).toContain('**Outdated:** this finding is gone as of aaaaaaa.');
    expect(plan.outdated[0]?.body).not.toContain('dbt-steward:finding:');
  });

  it('requests reviewers minus those already requested, those who reviewed and the author', () => {
    const plan = planReview(
      report({ reviewers: { teams: ['finance', 'growth'], users: ['octocat', 'alice', 'bob', 'carol'] } }),
      context({ alreadyRequested: { teams: ['Finance'], users: ['alice'] }, reviewedBy: ['bob'] }),
    );
    expect(plan.reviewers).toEqual({ teams: ['growth'], users: ['carol'] });
  });

  it('lets a broken config in the pull request fail an otherwise passing check', () => {
    const plan = planReview(report(), context({ conclusionFloor: 'failure' }));
    expect(plan.checkRun.conclusion).toBe('failure');
  });
});
