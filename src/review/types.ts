// The review plan: everything the App will post for one pull request, as plain data. `planReview` decides it
// (pure, golden-testable); `applyReviewPlan` in src/github only sends it.
import type { Conclusion } from '../report/types.js';

export const CHECK_RUN_NAME = 'dbt-steward';

/** GitHub allows at most this many annotations per check run request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/**
 * The longest message sent in an annotation (GitHub: 64 KB) or a review comment (65,536 characters): 20,000
 * characters stay under both even at 3 bytes of UTF-8 each. GitHub rejects the whole request over them.
 */
export const MESSAGE_CHARS = 20_000;

/** `text` cut to `max` characters, saying so. */
export function clip(text: string, max: number): string {
  const note = '… (truncated)';
  return text.length <= max ? text : `${text.slice(0, max - note.length)}${note}`;
}

export type AnnotationLevel = 'failure' | 'warning' | 'notice';

/** A check run annotation, field for field as the Checks API takes it. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: AnnotationLevel;
  title: string;
  message: string;
}

/** One check run `output` object; the first completes the run, the others add annotations in batches. */
export interface CheckRunOutput {
  title: string;
  summary: string;
  annotations: Annotation[];
}

/** An inline comment of the review: on the new side of the diff, or the old (LEFT) for what head removed. */
export interface ReviewComment {
  path: string;
  line: number;
  side: 'RIGHT' | 'LEFT';
  body: string;
}

export interface ReviewPlan {
  checkRun: { name: string; headSha: string; conclusion: Conclusion; outputs: CheckRunOutput[] };
  /** One review with the new inline comments, or null when there is nothing new to say inline. */
  review: { body: string; comments: ReviewComment[] } | null;
  /** Earlier comments whose finding is gone: their new body says so. */
  outdated: Array<{ id: number; body: string }>;
  /** Who to ask for review that is not asked yet. */
  reviewers: { teams: string[]; users: string[] };
}

/** A review comment already on the pull request (any author; only ours carry the marker). */
export interface ExistingComment {
  id: number;
  body: string;
}

/** Why a rule matters and how to fix it, from the rule's `meta`. */
export interface RuleDoc {
  rationale: string;
  fix: string;
  /** The rule's documentation page, linked from the comment. */
  url?: string;
}

/** Commentable lines on the new side of the diff, per repository path. */
export type DiffLines = ReadonlyMap<string, ReadonlySet<number>>;

/**
 * Commentable lines on the old side of the diff, per base path, with the path GitHub files the diff under (a
 * renamed file's new name: its review comments, on either side, take that path).
 */
export type BaseDiffLines = ReadonlyMap<string, { path: string; lines: ReadonlySet<number> }>;

export interface ReviewContext {
  headSha: string;
  /** Login of the pull request's author: never asked to review their own change. */
  author: string | null;
  /** The engine's markdown summary (rendered by src/report/render/markdown.ts). */
  summary: string;
  diffLines: DiffLines;
  /** Commentable lines on the old side of the diff, per base path (a finding about what head removed sits there). */
  baseDiffLines?: BaseDiffLines;
  existingComments: ExistingComment[];
  alreadyRequested: { teams: string[]; users: string[] };
  /** Logins that already reviewed the pull request. */
  reviewedBy: string[];
  rules: Readonly<Record<string, RuleDoc>>;
  /** Sections shown above the summary (a config change notice, an explanation). */
  notices: string[];
  /** Annotations that are not findings (config diagnostics), shown first. */
  extraAnnotations: Annotation[];
  /** Overrides the report's conclusion when worse (a broken config in the pull request). */
  conclusionFloor?: Conclusion;
}
