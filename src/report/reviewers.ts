// Reviewer routing: which GitHub teams and users a pull request asks for review, from who owns the changed
// models and which teams the findings ask (producers of new cross-team dependencies, consumers of breaking
// changes). Pure: the review layer decides how to request them (and leaves out the author).
import type { PolicyConfig } from '../policy/config.js';
import type { Finding } from '../policy/rule.js';

export interface ReviewerInput {
  /** The owning team of each changed model (null when it has none), in the order the models were changed. */
  changedModelTeams: Array<string | null>;
  /** Teams that owned a changed model at base and no longer do: asked after the owners, never a reason for the fallback. */
  formerTeams?: string[];
  /** Findings in scope; their `teams` are asked to review. */
  findings: Finding[];
  config: PolicyConfig;
}

export interface Reviewers {
  /** GitHub team slugs (without the organisation). */
  teams: string[];
  /** GitHub logins. */
  users: string[];
  /** Teams that were to be asked but have no entry in `teams` of the config, so nobody could be requested. */
  unmapped: string[];
}

/**
 * Owners of changed models come first, then the fallback when a changed model has no owner (or one nobody is
 * configured for: it stands in for that owner), then the teams that owned models handed to another team, then
 * teams named by findings (in finding order); the cap keeps the first `reviewers.max` requests in that order, so
 * the owners of what changed are never crowded out by a long list of consumers.
 */
export function routeReviewers(input: ReviewerInput): Reviewers {
  const { config } = input;
  const requests: Array<{ kind: 'team' | 'user'; name: string }> = [];
  const unmapped: string[] = [];
  const seenTeams = new Set<string>();
  const ask = (team: string) => {
    if (seenTeams.has(team)) return;
    seenTeams.add(team);
    const entry = config.teams[team];
    if (entry === undefined || (entry.github_team === undefined && (entry.users ?? []).length === 0)) {
      unmapped.push(team);
      return;
    }
    if (entry.github_team !== undefined) requests.push({ kind: 'team', name: entry.github_team });
    for (const user of entry.users ?? []) requests.push({ kind: 'user', name: user });
  };
  for (const team of input.changedModelTeams) if (team !== null) ask(team);
  // A changed model whose owner maps to nobody is as unreviewed as an unowned one.
  if (input.changedModelTeams.some((team) => team === null || unmapped.includes(team))) {
    for (const slug of config.reviewers.fallback.teams) requests.push({ kind: 'team', name: slug });
    for (const user of config.reviewers.fallback.users) requests.push({ kind: 'user', name: user });
  }
  for (const team of input.formerTeams ?? []) ask(team);
  for (const finding of input.findings) for (const team of finding.teams) ask(team);

  const teams: string[] = [];
  const users: string[] = [];
  const seen = new Set<string>();
  let count = 0;
  for (const request of requests) {
    const key = `${request.kind}:${request.name.toLowerCase()}`;
    if (seen.has(key)) continue;
    if (count >= config.reviewers.max) break;
    seen.add(key);
    count++;
    (request.kind === 'team' ? teams : users).push(request.name);
  }
  return { teams, users, unmapped: unmapped.sort() };
}
