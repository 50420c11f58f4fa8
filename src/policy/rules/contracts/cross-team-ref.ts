// contracts/cross-team-ref: a model may ref another team's model only when that model is `access: public`
// (and, with `require_production`, in a production lifecycle stage).
import { z } from 'zod';
import { isProduction, lifecycleOf } from '../../nodes.js';
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { modelEdges } from './edges.js';

const options = z
  .object({
    require_production: z
      .boolean()
      .default(false)
      .describe("Also require the producer's lifecycle (`lifecycle.meta_key`) to be one of `production_values`."),
  })
  .strict();

type Options = z.output<typeof options>;

export const crossTeamRef: Rule<Options> = {
  meta: {
    id: 'contracts/cross-team-ref',
    category: 'contracts',
    defaultSeverity: 'error',
    summary: "A model refs another team's model only when that model is public.",
    rationale:
      "A protected or private model is its team's implementation detail: it may change shape or disappear " +
      'without notice. When another team builds on it, one refactor or incident in the producer cascades into ' +
      'every consumer. `access: public` is the producer promising an interface others may depend on.',
    fix:
      'Ask the producing team to make the model public (ideally with an enforced contract), ref one of their ' +
      'public models instead, or move the logic into your own team.',
    messages: {
      notPublic:
        '`{{consumer}}` ({{consumerTeam}}) refs `{{producer}}` of team {{producerTeam}}, which is `{{access}}`: ' +
        'only public models may be used across teams.',
      notProduction:
        '`{{consumer}}` ({{consumerTeam}}) refs `{{producer}}` of team {{producerTeam}}, whose lifecycle is ' +
        '{{lifecycle}}: models used across teams must be in production ({{allowed}}).',
    },
    options,
  },
  *check({ head, headOwnership, options, config }: RuleContext<Options>): Iterable<FindingDraft> {
    for (const { consumer, producer, call } of modelEdges(head)) {
      const consumerTeam = headOwnership.teamOf(consumer.unique_id);
      const producerTeam = headOwnership.teamOf(producer.unique_id);
      // An unknown team is not "another team": ownership/model-has-owner reports it.
      if (consumerTeam === null || producerTeam === null || consumerTeam === producerTeam) continue;
      const shared = {
        node: consumer.unique_id,
        subject: producer.unique_id,
        pos: call.pos,
        related: [producer.unique_id],
        teams: [producerTeam],
      };
      const names = { consumer: consumer.name, consumerTeam, producer: producer.name, producerTeam };
      // Public is the first promise; a finding per edge keeps one identity, so lifecycle is only asked after it.
      if (producer.access !== 'public') {
        yield { ...shared, messageId: 'notPublic', data: { ...names, access: producer.access } };
      } else if (options.require_production && !isProduction(producer, config)) {
        const lifecycle = lifecycleOf(producer, config);
        const data = {
          ...names,
          lifecycle: lifecycle === null ? 'not set' : `\`${lifecycle}\``,
          allowed: config.lifecycle.production_values.join(', '),
        };
        yield { ...shared, messageId: 'notProduction', data };
      }
    }
  },
};
