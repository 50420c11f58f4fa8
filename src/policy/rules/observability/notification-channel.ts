// observability/notification-channel: a production model names the channel its alerts go to.
import { z } from 'zod';
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { getMetaString, isProduction, metaPosition, modelsOf } from '../../nodes.js';

const options = z
  .object({
    meta_key: z
      .string()
      .default('data_observability.notification_channel')
      .describe('Dotted meta path of the alert channel (e.g. a Slack channel).'),
  })
  .strict();

type Options = z.output<typeof options>;

export const notificationChannel: Rule<Options> = {
  meta: {
    id: 'observability/notification-channel',
    category: 'observability',
    defaultSeverity: 'off',
    summary: 'Every production model names an alert channel in a configured meta key.',
    rationale:
      'When a production model fails or its data goes stale, someone has to hear about it before its ' +
      'consumers do. A channel in metadata lets monitoring route alerts to the owning team without a lookup table.',
    fix: 'Set the channel meta key (default `data_observability.notification_channel`) on the model, or for the team folder in `dbt_project.yml`.',
    messages: {
      missing: 'Production model `{{name}}` names no alert channel: set `{{key}}` in its meta.',
    },
    options,
  },
  *check({ head, config, options: settings }: RuleContext<Options>): Iterable<FindingDraft> {
    for (const node of modelsOf(head.nodes)) {
      if (!isProduction(node, config)) continue;
      if (getMetaString(node.config.meta, settings.meta_key) !== null) continue;
      yield {
        messageId: 'missing',
        data: { name: node.name, key: settings.meta_key },
        node: node.unique_id,
        subject: settings.meta_key,
        // The lifecycle is what makes the channel required, so that is the line to look at.
        pos: metaPosition(node, config.lifecycle.meta_key),
      };
    }
  },
};
