// Real webhook payloads from @octokit/webhooks-examples (GitHub's own examples), adapted to a repository and
// pull request of our choosing. Tests and the demo both deliver these.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Json = Record<string, unknown>;
interface ExampleGroup {
  name: string;
  examples: Json[];
}

const require = createRequire(import.meta.url);
let groups: ExampleGroup[] | null = null;

/** A deep copy of the first example of the event and action that carries an installation. */
export function examplePayload(event: string, action: string): Json {
  groups ??= JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples'), 'utf8')) as ExampleGroup[];
  const examples = groups.find((group) => group.name === event)?.examples.filter((e) => e.action === action) ?? [];
  const example = examples.find((e) => e.installation) ?? examples[0];
  if (!example) throw new Error(`no example payload for ${event}.${action}`);
  return structuredClone(example);
}

export interface PullFacts {
  owner: string;
  repo: string;
  number: number;
  baseSha: string;
  headSha: string;
  author: string;
  changedFiles: number;
  installationId: number;
  /** Reviewers already requested (GitHub lists them in every later pull_request payload). */
  requested?: { users: string[]; teams: string[] };
}

/** The example `pull_request` payload for the action, pointed at our repository and commits. */
export function pullRequestPayload(action: string, facts: PullFacts): Json {
  const payload = examplePayload('pull_request', action);
  const repository = retarget(payload.repository as Json, facts);
  const pull = payload.pull_request as Json;
  const user = { ...(pull.user as Json), login: facts.author };
  Object.assign(pull, {
    number: facts.number,
    state: 'open',
    user,
    changed_files: facts.changedFiles,
    requested_reviewers: (facts.requested?.users ?? []).map((login) => ({ login, type: 'User' })),
    requested_teams: (facts.requested?.teams ?? []).map((slug) => ({ slug, name: slug })),
  });
  Object.assign(pull.head as Json, { sha: facts.headSha, repo: repository, user });
  Object.assign(pull.base as Json, { sha: facts.baseSha, repo: repository });
  return { ...payload, number: facts.number, repository, installation: { id: facts.installationId } };
}

/** The example `issue_comment.created` payload: a comment with the body on our pull request. */
export function commentPayload(body: string, commenter: string, facts: PullFacts): Json {
  const payload = examplePayload('issue_comment', 'created');
  const issue = payload.issue as Json;
  Object.assign(issue, {
    number: facts.number,
    pull_request: { url: `https://api.github.com/repos/${facts.owner}/${facts.repo}/pulls/${facts.number}` },
  });
  Object.assign(payload.comment as Json, { body, user: { ...(payload.sender as Json), login: commenter } });
  Object.assign(payload.sender as Json, { login: commenter, type: 'User' });
  return {
    ...payload,
    repository: retarget(payload.repository as Json, facts),
    installation: { id: facts.installationId },
  };
}

function retarget(repository: Json, facts: PullFacts): Json {
  return {
    ...repository,
    name: facts.repo,
    full_name: `${facts.owner}/${facts.repo}`,
    owner: { ...(repository.owner as Json), login: facts.owner },
    default_branch: 'main',
  };
}
