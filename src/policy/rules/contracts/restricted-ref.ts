// contracts/restricted-ref: restricted data (a truthy meta flag from `restricted_data`) is shared by explicit
// permission only: refs from teams not allowed for the flag fail, and so does making such a model public.
import { z } from 'zod';
import type { GraphNode } from '../../../dbt/types.js';
import type { PolicyConfig } from '../../config.js';
import { getMetaPath, modelsOf, nodePosition } from '../../nodes.js';
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { modelEdges } from './edges.js';

type Options = Record<string, never>;
type Restriction = PolicyConfig['restricted_data'][number];

/** YAML users write flags as `true`, `yes`, `1`...; strings that read as "no" do not restrict. */
const FALSY_TEXT = new Set(['', 'false', 'no', 'off', '0', 'n', 'none', 'null']);

function isFlagSet(value: unknown): boolean {
  if (typeof value === 'string') return !FALSY_TEXT.has(value.trim().toLowerCase());
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** The restrictions whose flag the model carries, in config order. */
function restrictionsOf(node: GraphNode, config: PolicyConfig): Restriction[] {
  return config.restricted_data.filter((r) => isFlagSet(getMetaPath(node.config.meta, r.meta_key)?.value));
}

export const restrictedRef: Rule<Options> = {
  meta: {
    id: 'contracts/restricted-ref',
    category: 'contracts',
    defaultSeverity: 'error',
    summary: 'Restricted models are used only by allowed teams and are never public.',
    rationale:
      'Personal or otherwise restricted data must not spread through the warehouse by default: every copy ' +
      'downstream is another place to secure, audit and delete from. Sharing it is an explicit decision, ' +
      'recorded in the policy as the teams allowed for each flag; `access: public` would invite everyone.',
    fix:
      'Ref a model without the restricted columns (e.g. an anonymised one), or have the team added to ' +
      '`allowed_teams` of the flag in the policy config; keep restricted models protected or private.',
    messages: {
      ref:
        '`{{consumer}}` ({{consumerTeam}}) refs `{{producer}}`, restricted by `{{flag}}`: only its owner ' +
        '{{producerTeam}} and the allowed teams ({{allowed}}) may use it.',
      public:
        '`{{name}}` is restricted by `{{flag}}` and must not be `access: public`: restricted data is shared ' +
        'with allowed teams ({{allowed}}) only.',
    },
    options: z.object({}).strict() as z.ZodType<Options>,
  },
  *check({ head, headOwnership, config }: RuleContext<Options>): Iterable<FindingDraft> {
    if (config.restricted_data.length === 0) return;
    const allowedText = (r: Restriction) => (r.allowed_teams.length > 0 ? r.allowed_teams.join(', ') : 'none');

    for (const { consumer, producer, call } of modelEdges(head)) {
      const producerTeam = headOwnership.teamOf(producer.unique_id);
      const consumerTeam = headOwnership.teamOf(consumer.unique_id);
      // A consumer without a team cannot show a permission, so it is not allowed; the owner always is.
      const denied = restrictionsOf(producer, config).find(
        (r) => consumerTeam === null || (consumerTeam !== producerTeam && !r.allowed_teams.includes(consumerTeam)),
      );
      if (!denied) continue;
      yield {
        messageId: 'ref',
        data: {
          consumer: consumer.name,
          consumerTeam: consumerTeam ?? 'no team',
          producer: producer.name,
          producerTeam: producerTeam ?? '(none)',
          flag: denied.meta_key,
          allowed: allowedText(denied),
        },
        node: consumer.unique_id,
        subject: producer.unique_id,
        pos: call.pos,
        related: [producer.unique_id],
        teams: producerTeam === null ? [] : [producerTeam],
      };
    }

    for (const node of modelsOf(head.nodes)) {
      if (node.access !== 'public') continue;
      const [restriction] = restrictionsOf(node, config);
      if (!restriction) continue;
      yield {
        messageId: 'public',
        data: { name: node.name, flag: restriction.meta_key, allowed: allowedText(restriction) },
        node: node.unique_id,
        subject: 'access',
        pos: node.configPositions['access'] ?? nodePosition(node),
      };
    }
  },
};
