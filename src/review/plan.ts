// planReview: Report + what is already on the pull request -> ReviewPlan. Pure: no I/O, no clock, no logging.
import type { Finding } from '../policy/rule.js';
import type { Conclusion, Report } from '../report/types.js';
import { activeFingerprint, commentBody, outdatedBody } from './comments.js';
import {
  ANNOTATIONS_PER_REQUEST,
  CHECK_RUN_NAME,
  MESSAGE_CHARS,
  clip,
  type Annotation,
  type AnnotationLevel,
  type CheckRunOutput,
  type ReviewComment,
  type ReviewContext,
  type ReviewPlan,
} from './types.js';

/** GitHub rejects a check run summary over 65,535 characters. */
const SUMMARY_LIMIT = 65_000;
/** Bounds the requests one review spends on annotations (10 batches); the rest are counted in the summary. */
const MAX_ANNOTATIONS = 500;
const TITLE_CHARS = 255;
/** Inline comments per review: beyond this a review buries the pull request; the rest wait for the next run. */
export const MAX_COMMENTS = 50;

const LEVELS: Record<Finding['severity'], AnnotationLevel> = { error: 'failure', warning: 'warning', notice: 'notice' };
const RANK: Record<Conclusion, number> = { success: 0, neutral: 1, failure: 2 };

export function planReview(report: Report, context: ReviewContext): ReviewPlan {
  const findings = [...report.findings, ...report.existing.findings];
  // A finding at a base path of a renamed file is annotated on the file's head path.
  const headPath = (finding: Finding) =>
    finding.atBase ? (context.baseDiffLines?.get(finding.file)?.path ?? finding.file) : finding.file;
  const all = [
    ...context.extraAnnotations,
    ...findings.map((finding) => toAnnotation(finding, headPath(finding))),
    ...diagnosticAnnotations(report),
  ].map(withinLimits);
  const annotations = all.slice(0, MAX_ANNOTATIONS);
  const conclusion = worse(report.conclusion, context.conclusionFloor ?? 'success');
  const title = titleOf(report);
  let summary = [...context.notices, context.summary].filter((part) => part.trim() !== '').join('\n\n');
  if (all.length > annotations.length) {
    summary += `\n\n${all.length - annotations.length} more annotations are not shown (limit ${MAX_ANNOTATIONS}).`;
  }
  if (summary.length > SUMMARY_LIMIT) summary = `${summary.slice(0, SUMMARY_LIMIT)}\n\n… (summary truncated)`;

  const outputs: CheckRunOutput[] = [];
  for (let start = 0; start === 0 || start < annotations.length; start += ANNOTATIONS_PER_REQUEST) {
    outputs.push({ title, summary, annotations: annotations.slice(start, start + ANNOTATIONS_PER_REQUEST) });
  }

  return {
    checkRun: { name: CHECK_RUN_NAME, headSha: context.headSha, conclusion, outputs },
    ...planComments(findings, context),
    reviewers: planReviewers(report, context),
  };
}

function planComments(findings: Finding[], context: ReviewContext): Pick<ReviewPlan, 'review' | 'outdated'> {
  const existing = new Set<string>();
  const outdated: ReviewPlan['outdated'] = [];
  const current = new Set(findings.map((finding) => finding.fingerprint));
  for (const comment of context.existingComments) {
    const fingerprint = activeFingerprint(comment.body);
    if (fingerprint === null) continue;
    if (current.has(fingerprint)) existing.add(fingerprint);
    else outdated.push({ id: comment.id, body: outdatedBody(comment.body, fingerprint, context.headSha) });
  }

  const comments: ReviewComment[] = [];
  for (const finding of findings) {
    if (comments.length >= MAX_COMMENTS) break;
    if (existing.has(finding.fingerprint)) continue;
    existing.add(finding.fingerprint);
    if (finding.atBase) {
      // What head removed is commented where the diff shows it removed (the old side), or not at all.
      const old = context.baseDiffLines?.get(finding.file);
      if (old?.lines.has(finding.line))
        comments.push({ ...comment(finding, finding.line, context, false), path: old.path, side: 'LEFT' });
      continue;
    }
    const lines = context.diffLines.get(finding.file);
    if (!lines) continue;
    // The suggestion replaces its own line, so the comment must sit there for GitHub to apply it.
    const suggestionLine = finding.suggestion?.line;
    if (suggestionLine !== undefined && lines.has(suggestionLine)) {
      comments.push(comment(finding, suggestionLine, context, true));
    } else if (lines.has(finding.line)) {
      comments.push(comment(finding, finding.line, context, false));
    }
  }
  const review =
    comments.length === 0
      ? null
      : {
          body: `dbt-steward left ${comments.length === 1 ? 'a comment' : `${comments.length} comments`} on lines of this diff; the \`${CHECK_RUN_NAME}\` check run lists every finding.`,
          comments,
        };
  return { review, outdated };
}

function comment(finding: Finding, line: number, context: ReviewContext, withSuggestion: boolean): ReviewComment {
  return {
    path: finding.file,
    line,
    side: 'RIGHT',
    body: commentBody(finding, context.rules[finding.rule], withSuggestion),
  };
}

function planReviewers(report: Report, context: ReviewContext): ReviewPlan['reviewers'] {
  const lower = (names: string[]) => new Set(names.map((name) => name.toLowerCase()));
  const requestedTeams = lower(context.alreadyRequested.teams);
  const skippedUsers = lower([
    ...context.alreadyRequested.users,
    ...context.reviewedBy,
    ...(context.author ? [context.author] : []),
  ]);
  return {
    teams: unique(report.reviewers.teams).filter((team) => !requestedTeams.has(team.toLowerCase())),
    users: unique(report.reviewers.users).filter((user) => !skippedUsers.has(user.toLowerCase())),
  };
}

/** GitHub refuses an annotation whose title is over 255 characters or whose message is over 64 KB. */
function withinLimits(annotation: Annotation): Annotation {
  if (annotation.title.length <= TITLE_CHARS && annotation.message.length <= MESSAGE_CHARS) return annotation;
  return {
    ...annotation,
    title: clip(annotation.title, TITLE_CHARS),
    message: clip(annotation.message, MESSAGE_CHARS),
  };
}

function toAnnotation(finding: Finding, path: string): Annotation {
  // Annotations sit on the head commit's files: a base line there would point at whatever took its place.
  const line = finding.atBase ? 1 : Math.max(1, finding.line);
  return {
    path,
    start_line: line,
    end_line: line,
    annotation_level: LEVELS[finding.severity],
    title: finding.rule,
    message: finding.atBase ? `(line ${finding.line} at base) ${finding.message}` : finding.message,
  };
}

function diagnosticAnnotations(report: Report): Annotation[] {
  return report.diagnostics
    .filter((diagnostic) => diagnostic.severity !== 'info' && diagnostic.file !== '')
    .map((diagnostic) => ({
      path: diagnostic.file,
      start_line: Math.max(1, diagnostic.line ?? 1),
      end_line: Math.max(1, diagnostic.line ?? 1),
      annotation_level: diagnostic.severity === 'error' ? 'failure' : 'warning',
      title: `dbt: ${diagnostic.code}`,
      message: diagnostic.message,
    }));
}

function titleOf(report: Report): string {
  const { error, warning, notice } = report.counts;
  const parts = [plural(error, 'error'), plural(warning, 'warning'), plural(notice, 'notice')].filter(Boolean);
  return parts.length === 0 ? 'No findings' : parts.join(', ');
}

function plural(count: number, word: string): string {
  return count === 0 ? '' : `${count} ${word}${count === 1 ? '' : 's'}`;
}

function worse(a: Conclusion, b: Conclusion): Conclusion {
  return RANK[a] >= RANK[b] ? a : b;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
