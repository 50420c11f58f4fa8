// discoverability/column-descriptions: every column of a public model is described, and a public model declares
// its columns at all: other teams build on these models without reading their SQL.
import { z } from 'zod';
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { modelsOf, nodePosition } from '../../nodes.js';

const options = z
  .object({
    access: z
      .array(z.enum(['private', 'protected', 'public']))
      .default(['public'])
      .describe('Access levels whose models must describe every column.'),
    require_columns: z
      .boolean()
      .default(true)
      .describe('Also report a selected model that declares no columns in its property entry.'),
  })
  .strict();

type Options = z.output<typeof options>;

export const columnDescriptions: Rule<Options> = {
  meta: {
    id: 'discoverability/column-descriptions',
    category: 'discoverability',
    defaultSeverity: 'warning',
    summary: 'Every column of a public model has a description.',
    rationale:
      'A public model is an interface other teams build on without reading its SQL. An undescribed column ' +
      'gets guessed at (units, time zones, what null means), and each team guesses differently.',
    fix: 'Add a `description` to each column of the model in its property entry.',
    messages: {
      undescribed: 'Column `{{column}}` of {{access}} model `{{name}}` has no description.',
      noColumns: '{{access}} model `{{name}}` declares no columns; list and describe them in its property entry.',
    },
    options,
  },
  *check({ head, options: settings }: RuleContext<Options>): Iterable<FindingDraft> {
    for (const node of modelsOf(head.nodes)) {
      if (!settings.access.includes(node.access)) continue;
      const columns = Object.values(node.columns);
      if (columns.length === 0 && settings.require_columns) {
        const data = { name: node.name, access: node.access[0]!.toUpperCase() + node.access.slice(1) };
        yield { messageId: 'noColumns', data, node: node.unique_id, pos: nodePosition(node) };
      }
      for (const column of columns) {
        if (column.description.trim() !== '') continue;
        yield {
          messageId: 'undescribed',
          data: { column: column.name, name: node.name, access: node.access },
          node: node.unique_id,
          subject: column.name,
          pos: column.pos ?? nodePosition(node),
        };
      }
    }
  },
};
