// Response bodies of the API double: list pages with GitHub's Link header, check run updates, the pull request.
import type { GitRepo } from './git-repo.js';
import type { DoubleState } from './state.js';

export type Reply = { status: number; body?: unknown; raw?: string; headers?: Record<string, string> };

/** What `pullObject` needs of the double's options. */
export interface PullSource {
  repo: GitRepo;
  pull: { number: number; baseSha: string; headSha: string; author: string };
}

export function updateRun(run: DoubleState['checkRuns'][number], fields: Record<string, unknown>) {
  const { output, ...rest } = fields as {
    output?: { title?: string; summary?: string; annotations?: Array<Record<string, unknown>> };
  };
  Object.assign(run, rest);
  if (output) {
    run.output = { title: output.title ?? run.output.title, summary: output.summary ?? run.output.summary };
    run.annotations.push(...(output.annotations ?? []));
  }
  run.updates += 1;
  return run;
}

/** One page of a list, with GitHub's Link header so that octokit.paginate follows it. */
export function page(items: readonly unknown[], url: URL): Reply {
  const perPage = Number(url.searchParams.get('per_page') ?? 30);
  const number = Number(url.searchParams.get('page') ?? 1);
  const slice = items.slice((number - 1) * perPage, number * perPage);
  const headers: Record<string, string> = {};
  if (number * perPage < items.length) {
    const next = new URL(url);
    next.searchParams.set('page', String(number + 1));
    headers.link = `<${next.toString()}>; rel="next"`;
  }
  return { status: 200, body: slice, headers };
}

export function pullObject(options: PullSource, state: DoubleState) {
  const { pull } = options;
  return {
    number: pull.number,
    state: 'open',
    user: { login: pull.author },
    head: { sha: pull.headSha, ref: 'feature' },
    base: { sha: pull.baseSha, ref: 'main' },
    requested_reviewers: state.requested.users.map((login) => ({ login })),
    requested_teams: state.requested.teams.map((slug) => ({ slug })),
    changed_files: options.repo.changedFiles(pull.baseSha, pull.headSha).length,
  };
}
