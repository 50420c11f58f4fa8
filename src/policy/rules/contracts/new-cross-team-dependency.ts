// contracts/new-cross-team-dependency: a pull request that adds a ref from one team's model to another team's
// model asks the producing team to review, so that producers know who builds on them (the consumer asks).
import { z } from 'zod';
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { edgesFrom, familyOf, modelEdges } from './edges.js';

type Options = Record<string, never>;

export const newCrossTeamDependency: Rule<Options> = {
  meta: {
    id: 'contracts/new-cross-team-dependency',
    category: 'contracts',
    defaultSeverity: 'notice',
    summary: "A pull request that adds a ref to another team's model asks that team to review.",
    rationale:
      'A producer cannot keep a promise to consumers it does not know about. When team A quietly builds on ' +
      "team B's model, B's next refactor or incident breaks A by surprise. Asking B at the moment the dependency " +
      'is created turns it into an agreement: B learns who depends on it and can say whether the model is fit.',
    fix: 'Nothing to change in code: the producing team reviews the pull request and agrees to the dependency.',
    messages: {
      added:
        '`{{consumer}}` ({{consumerTeam}}) starts to depend on `{{producer}}` of team {{producerTeam}}: ' +
        '{{producerTeam}} is asked to review the new dependency.',
    },
    options: z.object({}).strict() as z.ZodType<Options>,
  },
  *check({ base, head, diff, headOwnership }: RuleContext<Options>): Iterable<FindingDraft> {
    // Dependencies between model families at base: moving a ref from `orders` v1 to v2, or adding a version of
    // the consumer, is not a new dependency between the teams. Built only when a pull request adds refs.
    let existing: Set<string> | null = null;
    for (const change of Object.values(diff.nodes)) {
      if (change.kind === 'removed' || change.refsAdded.length === 0) continue;
      const consumer = head.nodes[change.unique_id];
      if (consumer?.resource_type !== 'model') continue;
      const consumerTeam = headOwnership.teamOf(consumer.unique_id);
      if (consumerTeam === null) continue;
      for (const { producer, call } of edgesFrom(head, consumer)) {
        if (!change.refsAdded.includes(producer.unique_id)) continue;
        const producerTeam = headOwnership.teamOf(producer.unique_id);
        // An unknown team is not "another team": ownership/model-has-owner reports it.
        if (producerTeam === null || producerTeam === consumerTeam) continue;
        existing ??= new Set(modelEdges(base).map((e) => `${familyOf(e.consumer)} ${familyOf(e.producer)}`));
        if (existing.has(`${familyOf(consumer)} ${familyOf(producer)}`)) continue;
        yield {
          messageId: 'added',
          data: { consumer: consumer.name, consumerTeam, producer: producer.name, producerTeam },
          node: consumer.unique_id,
          subject: producer.unique_id,
          pos: call.pos,
          related: [producer.unique_id],
          teams: [producerTeam],
        };
      }
    }
  },
};
