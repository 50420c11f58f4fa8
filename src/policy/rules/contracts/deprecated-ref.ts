// contracts/deprecated-ref: a ref to a model, or a model version, whose `deprecation_date` has passed. The date
// is compared with `RuleContext.today`, never the clock, so a review is reproducible.
import { z } from 'zod';
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { modelEdges } from './edges.js';

type Options = Record<string, never>;

/**
 * The calendar day of a dbt `deprecation_date` (YAML date, or ISO datetime with or without offset), or null when
 * it is not a date. Only the day counts: a model deprecated "on" a day is still usable that whole day.
 */
function dayOf(value: string | null): string | null {
  const match = value === null ? null : /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return match?.[1] ?? null;
}

export const deprecatedRef: Rule<Options> = {
  meta: {
    id: 'contracts/deprecated-ref',
    category: 'contracts',
    defaultSeverity: 'warning',
    summary: 'No refs to a model or a model version past its deprecation date.',
    rationale:
      'A deprecation date is the producer announcing when a model or version stops being maintained and may be ' +
      'removed. A ref to it after that date is a dependency on something its owners have stopped supporting: ' +
      'the next cleanup breaks the consumer, and until then it keeps an old version alive for everyone.',
    fix: 'Ref the model that replaces it, or pin the latest version, and adapt to its columns.',
    messages: {
      model: '`{{consumer}}` refs `{{producer}}`, deprecated since {{date}}: move to its replacement.',
      version:
        '`{{consumer}}` refs version {{version}} of `{{producer}}`, deprecated since {{date}}: ' +
        'move to {{latest}}.',
    },
    options: z.object({}).strict() as z.ZodType<Options>,
  },
  *check({ head, today }: RuleContext<Options>): Iterable<FindingDraft> {
    for (const { consumer, producer, call } of modelEdges(head)) {
      const date = dayOf(producer.deprecation_date);
      if (date === null || date >= today) continue;
      const shared = { node: consumer.unique_id, subject: producer.unique_id, pos: call.pos };
      const names = { consumer: consumer.name, producer: producer.name, date };
      if (producer.version === null) {
        yield { ...shared, messageId: 'model', data: names, related: [producer.unique_id] };
        continue;
      }
      const newer = producer.latest_version !== null && String(producer.latest_version) !== String(producer.version);
      const latest = newer ? `version ${String(producer.latest_version)}` : 'a newer version or a replacement';
      yield {
        ...shared,
        messageId: 'version',
        data: { ...names, version: String(producer.version), latest },
        related: [producer.unique_id],
      };
    }
  },
};
