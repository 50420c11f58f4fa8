// ownership/owner-is-known-team: a model's owner is one of the configured `teams` (only when teams are configured).
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { modelsOf, nodePosition } from '../../nodes.js';
import { noOptions } from '../../options.js';
import type { NoOptions } from '../../options.js';

/** Team names that differ only in case, spaces, `-` or `_` are likely the same team misspelt. */
function looseKey(team: string): string {
  return team.toLowerCase().replace(/[\s_-]+/g, '');
}

export const ownerIsKnownTeam: Rule<NoOptions> = {
  meta: {
    id: 'ownership/owner-is-known-team',
    category: 'ownership',
    defaultSeverity: 'error',
    summary: 'A model is owned by a team listed under `teams` in the policy config.',
    rationale:
      'An owner name that matches no configured team routes reviews and alerts to nobody: a typo in a meta key ' +
      'is as bad as no owner, and looks fine. Checking names against the configured teams catches it at review.',
    fix: 'Use a team name from `teams` in the policy config, or add the team there.',
    messages: {
      unknown: 'Model `{{name}}` is owned by `{{team}}`, which is not a configured team (known: {{known}}).',
      didYouMean: 'Model `{{name}}` is owned by `{{team}}`, which is not a configured team; did you mean `{{match}}`?',
    },
    options: noOptions,
  },
  *check({ head, headOwnership, config }: RuleContext<NoOptions>): Iterable<FindingDraft> {
    const known = Object.keys(config.teams).sort();
    if (known.length === 0) return;
    for (const node of modelsOf(head.nodes)) {
      const team = headOwnership.teamOf(node.unique_id);
      if (team === null || Object.hasOwn(config.teams, team)) continue;
      const pos = headOwnership.ownerPosition(node.unique_id) ?? nodePosition(node);
      const match = known.find((candidate) => looseKey(candidate) === looseKey(team));
      const base = { node: node.unique_id, subject: team, pos };
      yield match === undefined
        ? { ...base, messageId: 'unknown', data: { name: node.name, team, known: known.join(', ') } }
        : { ...base, messageId: 'didYouMean', data: { name: node.name, team, match } };
    }
  },
};
