// discoverability/similar-model: a new model whose name, without its layer prefix and plural, matches an existing
// model of another team. Several teams building their own `sessions` is how a mesh loses its source of truth.
import { z } from 'zod';
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { modelsOf, nodePosition } from '../../nodes.js';

const options = z
  .object({
    prefixes: z
      .array(z.string())
      .default(['stg_', 'int_', 'fct_', 'fact_', 'dim_', 'mart_', 'mrt_', 'base_', 'rpt_', 'agg_', 'obt_', 'src_'])
      .describe('Layer prefixes stripped before comparing names (the longest matching one is stripped).'),
  })
  .strict();

type Options = z.output<typeof options>;

/** `sessions` -> `session`, `categories` -> `category`, `addresses` -> `address`; `status` and `analysis` stay. */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && /[^sui]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The name two models are compared by: lowercased, layer prefix stripped, last word singular. */
export function comparableName(name: string, prefixes: readonly string[]): string {
  const lower = name.toLowerCase();
  const prefix = [...prefixes]
    .map((p) => p.toLowerCase())
    .sort((a, b) => b.length - a.length)
    .find((p) => lower.startsWith(p) && lower.length > p.length);
  const stripped = prefix ? lower.slice(prefix.length) : lower;
  const words = stripped.split('_');
  words.push(singular(words.pop() ?? ''));
  return words.join('_');
}

export const similarModel: Rule<Options> = {
  meta: {
    id: 'discoverability/similar-model',
    category: 'discoverability',
    defaultSeverity: 'warning',
    summary:
      "A new model's name matches an existing model of another team once layer prefixes and plurals are ignored.",
    rationale:
      'When each team builds its own `sessions`, numbers disagree and nobody knows which one is the truth. ' +
      'Pointing at the existing model at review time lets the author reuse it, or ask its owners to extend it.',
    fix: 'Reuse the existing model (ask its team for access or a column), or rename the new one to say how it differs.',
    messages: {
      similar:
        'New model `{{name}}` looks like `{{other}}` ({{otherFile}}), owned by {{team}}; reuse it or say how the two differ.',
    },
    options,
  },
  *check({ base, head, diff, headOwnership, options: settings }: RuleContext<Options>): Iterable<FindingDraft> {
    const models = modelsOf(head.nodes);
    const added = models.filter((node) => diff.nodes[node.unique_id]?.kind === 'added');
    if (added.length === 0) return;
    const existingByName = new Map<string, typeof models>();
    for (const node of models) {
      if (!base.nodes[node.unique_id]) continue;
      const key = comparableName(node.name, settings.prefixes);
      existingByName.set(key, [...(existingByName.get(key) ?? []), node]);
    }
    // A new version of an existing model shares its name on purpose, also when the model was unversioned at base.
    const atBase = new Set(modelsOf(base.nodes).map((node) => `${node.package_name}\0${node.name}`));
    for (const node of added) {
      if (atBase.has(`${node.package_name}\0${node.name}`)) continue;
      const team = headOwnership.teamOf(node.unique_id);
      for (const other of existingByName.get(comparableName(node.name, settings.prefixes)) ?? []) {
        const otherTeam = headOwnership.teamOf(other.unique_id);
        if (otherTeam === null || otherTeam === team) continue;
        yield {
          messageId: 'similar',
          data: { name: node.name, other: other.name, otherFile: other.file, team: otherTeam },
          node: node.unique_id,
          subject: other.unique_id,
          pos: nodePosition(node),
          related: [other.unique_id],
        };
      }
    }
  },
};
