// contracts/public-model-contract: a public model is an interface other teams build on, so its shape is
// enforced by a dbt model contract (`contract.enforced: true`).
import { z } from 'zod';
import { modelsOf, nodePosition } from '../../nodes.js';
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';

type Options = Record<string, never>;

export const publicModelContract: Rule<Options> = {
  meta: {
    id: 'contracts/public-model-contract',
    category: 'contracts',
    defaultSeverity: 'warning',
    summary: 'A public model has an enforced contract.',
    rationale:
      'Making a model public invites every team to build on it. Without an enforced contract its columns and ' +
      'types are whatever the SQL happens to return today, so a refactor can silently change the interface ' +
      'others depend on. An enforced contract makes dbt fail the build instead, and makes the interface ' +
      'reviewable in the property file.',
    fix: 'Set `contract: {enforced: true}` in the model config and declare every column with its `data_type`.',
    messages: {
      missing:
        'Public model `{{name}}` has no enforced contract: set `contract: {enforced: true}` and declare its columns.',
    },
    options: z.object({}).strict() as z.ZodType<Options>,
  },
  *check({ head }: RuleContext<Options>): Iterable<FindingDraft> {
    for (const node of modelsOf(head.nodes)) {
      if (node.access !== 'public' || node.contract.enforced) continue;
      // Where the decision is written: an explicit `enforced: false`, else the line that made the model public.
      const pos = node.configPositions['contract'] ?? node.configPositions['access'] ?? nodePosition(node);
      yield { messageId: 'missing', data: { name: node.name }, node: node.unique_id, subject: 'contract', pos };
    }
  },
};
