// ownership/model-has-owner: every model resolves to an owning team (a configured meta key, or its dbt group).
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { modelsOf, nodePosition } from '../../nodes.js';
import { noOptions } from '../../options.js';
import type { NoOptions } from '../../options.js';

export const modelHasOwner: Rule<NoOptions> = {
  meta: {
    id: 'ownership/model-has-owner',
    category: 'ownership',
    defaultSeverity: 'error',
    summary: 'Every model resolves to an owning team.',
    rationale:
      'A model nobody owns is a model nobody maintains: its failures page no one, its consumers have no one to ' +
      'ask, and it outlives the people who wrote it. Naming a team in metadata makes ownership reviewable.',
    fix: 'Set the first configured owner meta key (e.g. `data_governance.model.team_owner`) or a dbt `group`.',
    messages: {
      missing: 'Model `{{name}}` has no owner: set `{{key}}` in its meta or assign it to a dbt group.',
      missingNoGroups: 'Model `{{name}}` has no owner: set `{{key}}` in its meta.',
    },
    options: noOptions,
  },
  *check({ head, headOwnership, config }: RuleContext<NoOptions>): Iterable<FindingDraft> {
    const key = config.ownership.meta_keys[0] ?? 'owner';
    const messageId = config.ownership.use_groups ? 'missing' : 'missingNoGroups';
    for (const node of modelsOf(head.nodes)) {
      if (headOwnership.teamOf(node.unique_id) !== null) continue;
      yield { messageId, data: { name: node.name, key }, node: node.unique_id, pos: nodePosition(node) };
    }
  },
};
