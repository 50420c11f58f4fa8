// The webhook payload fields the App relies on, checked with zod before a handler reads them: a payload without
// them (a partial redelivery, a GitHub Enterprise Server of another version, a hand-made test) is logged and
// skipped, never a crash. Unknown fields are dropped; nothing else of a payload is read.
import { z } from 'zod';

const repository = z.object({ name: z.string(), owner: z.object({ login: z.string() }) });

/** A pull request as the App reads it: webhook payloads and `pulls.get` both have these fields. */
export const pullSchema = z.object({
  number: z.number().int().positive(),
  state: z.string(),
  head: z.object({ sha: z.string() }),
  base: z.object({ sha: z.string() }),
  user: z.object({ login: z.string() }).nullable(),
  requested_reviewers: z
    .array(z.object({ login: z.string().optional(), slug: z.string().optional() }).nullable())
    .nullish(),
  requested_teams: z.array(z.object({ slug: z.string().optional() }).nullable()).nullish(),
  changed_files: z.number().int().nonnegative().optional(),
});

export type PullLike = z.infer<typeof pullSchema>;

/** The pull requests a check run or suite belongs to: none for one from a fork. */
const pullRefs = z.array(z.object({ number: z.number().int().positive() }));

export const pullRequestEvent = z.object({ action: z.string(), pull_request: pullSchema, repository });

export const checkRunEvent = z.object({
  check_run: z.object({
    id: z.number().int(),
    name: z.string(),
    head_sha: z.string(),
    conclusion: z.string().nullish(),
    pull_requests: pullRefs,
  }),
  repository,
});

export const checkSuiteEvent = z.object({
  check_suite: z.object({ head_sha: z.string(), pull_requests: pullRefs }),
  repository,
});

export const issueCommentEvent = z.object({
  issue: z.object({ number: z.number().int().positive(), pull_request: z.object({}).passthrough().optional() }),
  comment: z.object({ body: z.string().nullish() }),
  sender: z.object({ type: z.string() }),
  repository,
});

/** Where a payload fails the schema, as `path: problem` lines (zod's messages carry no payload values). */
export function payloadProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
}
