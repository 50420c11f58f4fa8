// What the API double remembers about the pull request and what the App posted to it, as plain data.
export interface PostedComment {
  id: number;
  path: string;
  line: number;
  body: string;
  user: { login: string; type: string };
  /** Its review thread was resolved (GraphQL `resolveReviewThread`). */
  resolved?: boolean;
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null };
  annotations: Array<Record<string, unknown>>;
  updates: number;
}

export interface DoubleState {
  checkRuns: CheckRun[];
  reviews: Array<{ id: number; body: string; event: string; commit_id: string; user: { login: string } }>;
  comments: PostedComment[];
  issueComments: Array<{ id: number; body: string }>;
  requested: { users: string[]; teams: string[] };
  nextId: number;
}

export function emptyState(): DoubleState {
  return {
    checkRuns: [],
    reviews: [],
    comments: [],
    issueComments: [],
    requested: { users: [], teams: [] },
    nextId: 1000,
  };
}
