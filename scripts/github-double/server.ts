// A local GitHub API double on 127.0.0.1: serves one git repository and one pull request through the endpoints
// the App uses, records and validates every request against GitHub's OpenAPI description, and keeps what the
// App posted (check runs, reviews, comments, review requests) for the demo to print. Loopback only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { commentableLines } from '../../src/review/patch.js';
import type { GitRepo } from './git-repo.js';
import { OpenApiValidator, type RecordedRequest } from './openapi.js';
import { page, pullObject, updateRun, type Reply } from './responses.js';
import { emptyState, type DoubleState } from './state.js';

export interface DoubleOptions {
  repo: GitRepo;
  owner: string;
  name: string;
  /** Branch name -> commit SHA; `main` is the default branch (where the config is read). */
  defaultBranchSha: string;
  pull: { number: number; baseSha: string; headSha: string; author: string };
  /** Team slugs the App may request; others get a 422 as on GitHub. Default: any. */
  teams?: string[];
  validator?: OpenApiValidator;
}

export interface GitHubDouble {
  url: string;
  requests: RecordedRequest[];
  failures: string[];
  state: DoubleState;
  /** Moves the pull request's head, as a push does. */
  setHead(sha: string): void;
  close(): Promise<void>;
}

type Route = (match: string[], request: RecordedRequest, url: URL, accept: string) => Reply;

const BOT = { login: 'dbt-steward[bot]', type: 'Bot' };

export async function startGitHubDouble(options: DoubleOptions): Promise<GitHubDouble> {
  const validator = options.validator ?? new OpenApiValidator();
  const requests: RecordedRequest[] = [];
  const failures: string[] = [];
  const state = emptyState();
  const routes = buildRoutes(options, state);
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(request);
    failures.push(...validator.validate(request));
    let reply: Reply = { status: 404, body: { message: 'Not Found' } };
    for (const [pattern, route] of routes) {
      const [method, regex] = pattern;
      const match = method === request.method ? regex.exec(url.pathname) : null;
      if (match) {
        reply = route(match.slice(1), request, url, String(req.headers.accept ?? ''));
        break;
      }
    }
    const headers = { ...(reply.headers ?? {}) };
    if (reply.raw !== undefined) {
      res.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(reply.raw);
    } else {
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(reply.body ?? {}));
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failures,
    state,
    setHead: (sha) => {
      options.pull.headSha = sha;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function buildRoutes(options: DoubleOptions, state: DoubleState): Array<[[string, RegExp], Route]> {
  const { repo, pull } = options;
  const base = `/repos/${options.owner}/${options.name}`;
  const at = (path: string) => new RegExp(`^${base.replace(/[.]/g, '\\.')}${path}$`);
  // Recomputed per review request: the pull request's head moves when the demo pushes.
  // A file's commentable lines on each side, under the path GitHub files its diff under (a rename's new name).
  const diffLines = (side: 'RIGHT' | 'LEFT') =>
    new Map(
      repo.changedFiles(pull.baseSha, pull.headSha).map((f) => [f.filename, commentableLines(f.patch ?? '', side)]),
    );
  const body = (request: RecordedRequest) => (request.body ?? {}) as Record<string, unknown>;
  const id = () => ++state.nextId;
  const notFound: Reply = { status: 404, body: { message: 'Not Found' } };

  return [
    [
      ['POST', /^\/app\/installations\/(\d+)\/access_tokens$/],
      () => ({
        status: 201,
        body: {
          token: 'ghs_double',
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          permissions: {},
          repository_selection: 'all',
        },
      }),
    ],
    [
      ['GET', at('/contents/(.+)')],
      ([path]) => {
        // The config from the default branch; Probot asks for it raw.
        try {
          return {
            status: 200,
            raw: repo.git(['show', `${options.defaultBranchSha}:${decodeURIComponent(path ?? '')}`]).toString(),
          };
        } catch {
          return notFound;
        }
      },
    ],
    [
      // Only what the App reads of a comparison: the merge base.
      ['GET', at('/compare/([0-9a-f]{40})\\.\\.\\.([0-9a-f]{40})')],
      ([baseSha = '', headSha = '']) => {
        if (!repo.typeOf(baseSha) || !repo.typeOf(headSha)) return notFound;
        const mergeBase = repo.git(['merge-base', baseSha, headSha]).toString().trim();
        return { status: 200, body: { merge_base_commit: { sha: mergeBase }, files: [], commits: [] } };
      },
    ],
    [
      ['GET', at('/git/trees/([^/]+)')],
      ([sha = ''], _r, url) => {
        if (!repo.typeOf(sha)) return notFound;
        const tree = repo.tree(sha, url.searchParams.has('recursive'));
        return {
          status: 200,
          body: { sha: repo.treeSha(sha), url: '', truncated: false, tree: tree.map((e) => ({ ...e, url: '' })) },
        };
      },
    ],
    [
      ['GET', at('/git/blobs/([0-9a-f]{40})')],
      ([sha = '']) => {
        if (repo.typeOf(sha) !== 'blob') return notFound;
        const content = repo.blob(sha);
        return {
          status: 200,
          body: {
            sha,
            size: content.length,
            encoding: 'base64',
            content: content.toString('base64'),
            url: '',
            node_id: '',
          },
        };
      },
    ],
    [
      ['POST', /^\/graphql$/],
      (_m, request) => {
        const query = String(body(request).query ?? '');
        // Review threads: every comment the App posted starts a thread of its own.
        if (query.includes('reviewThreads')) {
          const nodes = state.comments.map((c) => ({
            id: `PRRT_${c.id}`,
            isResolved: c.resolved ?? false,
            comments: { nodes: [{ databaseId: c.id }] },
          }));
          return { status: 200, body: { data: { repository: { pullRequest: { reviewThreads: { nodes } } } } } };
        }
        const data: Record<string, unknown> = {};
        for (const [, alias = '', thread = ''] of query.matchAll(
          /(\w+): resolveReviewThread\(input: \{ threadId: "([^"]+)" \}\)/g,
        )) {
          const comment = state.comments.find((c) => `PRRT_${c.id}` === thread);
          if (comment) comment.resolved = true;
          data[alias] = comment ? { thread: { id: thread } } : null;
        }
        if (query.startsWith('mutation')) return { status: 200, body: { data } };
        for (const [, alias = '', sha = ''] of query.matchAll(/(\w+): object\(oid: "([0-9a-f]{40})"\)/g)) {
          if (repo.typeOf(sha) !== 'blob') data[alias] = null;
          else {
            const bytes = repo.blob(sha);
            const isBinary = bytes.includes(0);
            data[alias] = {
              text: isBinary ? null : bytes.toString('utf8'),
              isBinary,
              isTruncated: false,
              byteSize: bytes.length,
            };
          }
        }
        return { status: 200, body: { data: { repository: data } } };
      },
    ],
    [
      ['GET', at(`/pulls/${pull.number}/files`)],
      (_m, _r, url) => {
        const files = repo.changedFiles(pull.baseSha, pull.headSha).map((f) => ({
          ...f,
          sha: '',
          changes: f.additions + f.deletions,
          blob_url: '',
          raw_url: '',
          contents_url: '',
        }));
        return page(files, url);
      },
    ],
    [['GET', at(`/pulls/${pull.number}/comments`)], (_m, _r, url) => page(state.comments, url)],
    [['GET', at(`/pulls/${pull.number}/reviews`)], (_m, _r, url) => page(state.reviews, url)],
    [['GET', at(`/pulls/${pull.number}`)], () => ({ status: 200, body: pullObject(options, state) })],
    [
      ['POST', at(`/pulls/${pull.number}/reviews`)],
      (_m, request) => {
        const review = body(request);
        const comments = (review.comments ?? []) as Array<{ path: string; line: number; side?: string; body: string }>;
        // As on GitHub: a comment on a line outside the diff (on its side) fails the whole review.
        const sides = { RIGHT: diffLines('RIGHT'), LEFT: diffLines('LEFT') };
        if (comments.some((c) => !sides[c.side === 'LEFT' ? 'LEFT' : 'RIGHT'].get(c.path)?.has(c.line))) {
          return { status: 422, body: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] } };
        }
        const posted = {
          id: id(),
          body: String(review.body ?? ''),
          event: String(review.event ?? ''),
          commit_id: String(review.commit_id ?? ''),
          user: BOT,
        };
        state.reviews.push(posted);
        for (const c of comments)
          state.comments.push({ id: id(), path: c.path, line: c.line, body: c.body, user: BOT });
        return { status: 200, body: posted };
      },
    ],
    [
      ['PATCH', at('/pulls/comments/(\\d+)')],
      ([commentId], request) => {
        const comment = state.comments.find((c) => c.id === Number(commentId));
        if (!comment) return notFound;
        comment.body = String(body(request).body ?? '');
        return { status: 200, body: comment };
      },
    ],
    [
      ['POST', at(`/pulls/${pull.number}/requested_reviewers`)],
      (_m, request) => {
        const users = (body(request).reviewers ?? []) as string[];
        const teams = (body(request).team_reviewers ?? []) as string[];
        if (options.teams && teams.some((t) => !options.teams?.includes(t))) {
          return { status: 422, body: { message: 'Reviews may only be requested from collaborators.' } };
        }
        // A request for someone already requested changes nothing, as on GitHub.
        state.requested.users.push(...users.filter((u) => !state.requested.users.includes(u)));
        state.requested.teams.push(...teams.filter((t) => !state.requested.teams.includes(t)));
        return { status: 201, body: pullObject(options, state) };
      },
    ],
    [
      // The review requests made so far, as GitHub lists them among the issue's events (by the App's bot).
      ['GET', at(`/issues/${pull.number}/events`)],
      (_m, _r, url) => {
        const actor = { login: 'dbt-steward[bot]', type: 'Bot' };
        const app = { id: 1, slug: 'dbt-steward' };
        const events = [
          ...state.requested.teams.map((slug) => ({
            event: 'review_requested',
            actor,
            performed_via_github_app: app,
            requested_team: { slug },
          })),
          ...state.requested.users.map((login) => ({
            event: 'review_requested',
            actor,
            performed_via_github_app: app,
            requested_reviewer: { login },
          })),
        ];
        return page(
          events.map((event, i) => ({
            id: i + 1,
            node_id: '',
            url: '',
            commit_id: null,
            commit_url: null,
            created_at: '',
            ...event,
          })),
          url,
        );
      },
    ],
    [
      ['POST', at('/check-runs')],
      (_m, request) => {
        const run = {
          id: id(),
          name: '',
          head_sha: '',
          status: 'queued',
          conclusion: null,
          output: { title: null, summary: null },
          annotations: [],
          updates: 0,
        };
        state.checkRuns.push(run);
        return { status: 201, body: updateRun(run, body(request)) };
      },
    ],
    [
      ['PATCH', at('/check-runs/(\\d+)')],
      ([runId], request) => {
        const run = state.checkRuns.find((r) => r.id === Number(runId));
        return run ? { status: 200, body: updateRun(run, body(request)) } : notFound;
      },
    ],
    [
      ['GET', at('/check-runs/(\\d+)/annotations')],
      ([runId], _r, url) => page(state.checkRuns.find((r) => r.id === Number(runId))?.annotations ?? [], url),
    ],
    [
      ['GET', at('/commits/([^/]+)/check-runs')],
      ([ref], _r, url) => {
        const runs = state.checkRuns.filter(
          (r) => r.head_sha === ref && r.name === (url.searchParams.get('check_name') ?? r.name),
        );
        return { status: 200, body: { total_count: runs.length, check_runs: [...runs].reverse() } };
      },
    ],
    [
      ['POST', at(`/issues/${pull.number}/comments`)],
      (_m, request) => {
        const comment = { id: id(), body: String(body(request).body ?? '') };
        state.issueComments.push(comment);
        return { status: 201, body: comment };
      },
    ],
  ];
}
