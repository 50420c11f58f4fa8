// ownership/model-has-owner: every model resolves to an owning team (a configured meta key, or its dbt group).
import type { GraphNode } from '../../../dbt/types.js';
import type { FindingDraft, Ownership, Rule, RuleContext } from '../../rule.js';
import { modelsOf, nodePosition } from '../../nodes.js';
import { sqlConfigMeta, yamlEntryInsert, yamlScalar, type Suggestion } from '../../suggest.js';
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
  *check({ head, headOwnership, config, source }: RuleContext<NoOptions>): Iterable<FindingDraft> {
    const key = config.ownership.meta_keys[0] ?? 'owner';
    const messageId = config.ownership.use_groups ? 'missing' : 'missingNoGroups';
    // Only asked for when a model has no owner: most graphs have none of those.
    let folderTeams: Map<string, Set<string>> | undefined;
    for (const node of modelsOf(head.nodes)) {
      if (headOwnership.teamOf(node.unique_id) !== null) continue;
      folderTeams ??= teamsByFolder(head.nodes, headOwnership);
      const draft: FindingDraft = {
        messageId,
        data: { name: node.name, key },
        node: node.unique_id,
        pos: nodePosition(node),
      };
      const suggestion = suggestOwner(node, folderTeams, key, source);
      yield suggestion ? { ...draft, suggestion } : draft;
    }
  },
};

function folderOf(file: string): string {
  return file.slice(0, Math.max(0, file.lastIndexOf('/')));
}

/** The teams that own models in each folder: a folder of one team suggests that team for a newcomer. */
function teamsByFolder(nodes: Record<string, GraphNode>, ownership: Ownership): Map<string, Set<string>> {
  const teams = new Map<string, Set<string>>();
  for (const node of modelsOf(nodes)) {
    const team = ownership.teamOf(node.unique_id);
    if (team === null) continue;
    const folder = folderOf(node.file);
    let set = teams.get(folder);
    if (!set) teams.set(folder, (set = new Set()));
    set.add(team);
  }
  return teams;
}

/**
 * When every owned model in the model's folder belongs to one team, the fix is mechanical: set the owner key
 * to that team, in the property entry (or, without one, in a config() block of the SQL file).
 */
function suggestOwner(
  node: GraphNode,
  folderTeams: Map<string, Set<string>>,
  key: string,
  source: ((file: string) => string | undefined) | undefined,
): Suggestion | null {
  const teams = folderTeams.get(folderOf(node.file));
  if (!source || !teams || teams.size !== 1) return null;
  const team = [...teams][0]!;
  const path = key.split('.');
  // dbt merges `meta` by top-level key only: a `data_governance:` written in the entry replaces the one the model
  // inherits (dbt_project.yml's `pii`, `lifecycle`...), so applying the suggestion would silently drop those.
  if (path.length > 1 && node.meta[path[0]!] !== undefined) return null;
  if (node.property) {
    const text = source(node.property.file);
    if (text === undefined) return null;
    return yamlEntryInsert(text, node.property.line, ['config', 'meta', ...path], yamlScalar(team), ['config', 'meta']);
  }
  const text = node.language === 'sql' ? source(node.file) : undefined;
  return text === undefined ? null : sqlConfigMeta(text, path, team);
}
