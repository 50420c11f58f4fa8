// discoverability/model-has-description: a model has a real description: not empty, not a placeholder, and
// long enough to say something.
import { z } from 'zod';
import type { FindingDraft, Rule, RuleContext } from '../../rule.js';
import { modelsOf, nodePosition } from '../../nodes.js';
import { yamlEntryInsert } from '../../suggest.js';

const options = z
  .object({
    min_length: z.number().int().min(0).default(20).describe('Minimum length of the trimmed description.'),
    placeholders: z
      .array(z.string())
      .default(['todo', 'tbd', 'tba', 'fixme', 'wip', 'description', 'placeholder', 'n/a', 'na', 'none', 'xxx', '-'])
      .describe('Descriptions equal to one of these (ignoring case and trailing punctuation) are placeholders.'),
    placeholder_prefixes: z
      .array(z.string())
      .default(['todo', 'tbd', 'fixme'])
      .describe('Descriptions starting with one of these words (e.g. `TODO: ...`) are placeholders too.'),
  })
  .strict();

type Options = z.output<typeof options>;

/** Lowercased, trimmed, without trailing punctuation: `TODO.` and ` todo ` are the same placeholder. */
function normalize(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s.!:;,]+$/, '');
}

type PlaceholderSettings = Pick<Options, 'placeholders' | 'placeholder_prefixes'>;

/** The settings normalized once per rule run, not once per description. */
const normalizedSettings = new WeakMap<PlaceholderSettings, { exact: Set<string>; prefixes: string[] }>();

export function isPlaceholder(description: string, settings: PlaceholderSettings) {
  let normalized = normalizedSettings.get(settings);
  if (!normalized) {
    normalized = {
      exact: new Set(settings.placeholders.map(normalize)),
      prefixes: settings.placeholder_prefixes.map(normalize),
    };
    normalizedSettings.set(settings, normalized);
  }
  const text = normalize(description);
  if (normalized.exact.has(text)) return true;
  return normalized.prefixes.some((word) => text.startsWith(word) && /^[^a-z0-9]/.test(text.slice(word.length)));
}

export const modelHasDescription: Rule<Options> = {
  meta: {
    id: 'discoverability/model-has-description',
    category: 'discoverability',
    defaultSeverity: 'warning',
    summary: 'Every model has a description of at least `min_length` characters that is not a placeholder.',
    rationale:
      'People find data by searching the docs and the catalog; a model without a description is invisible, ' +
      'and a model with "TODO" is worse, because it looks documented. A sentence on what one row is and who ' +
      'should use it saves the question in chat.',
    fix: 'Describe the model in its property entry: what one row is, where the data comes from, who should use it.',
    messages: {
      missing: 'Model `{{name}}` has no description.',
      placeholder: 'Model `{{name}}` has a placeholder description (`{{description}}`).',
      tooShort: 'Model `{{name}}` has a description of {{length}} characters; write at least {{min}}.',
    },
    options,
  },
  *check({ head, options: settings, source }: RuleContext<Options>): Iterable<FindingDraft> {
    for (const node of modelsOf(head.nodes)) {
      const description = node.description.trim();
      const base = { node: node.unique_id, pos: nodePosition(node) };
      if (description === '') {
        // A stub to fill in, where the description belongs; its TODO keeps the finding open until it is written.
        const text = node.property ? source?.(node.property.file) : undefined;
        const suggestion =
          text !== undefined && node.property ? descriptionStub(text, node.property.line, node.name) : null;
        yield { ...base, messageId: 'missing', data: { name: node.name }, ...(suggestion ? { suggestion } : {}) };
      } else if (isPlaceholder(description, settings)) {
        yield { ...base, messageId: 'placeholder', data: { name: node.name, description } };
      } else if (description.length < settings.min_length) {
        const data = { name: node.name, length: description.length, min: settings.min_length };
        yield { ...base, messageId: 'tooShort', data };
      }
    }
  },
};

/** `description: >-` with a TODO line under a property entry that has no `description` key. */
function descriptionStub(text: string, line: number, name: string) {
  const inserted = yamlEntryInsert(text, line, ['description'], '>-', ['description']);
  if (!inserted) return null;
  const keyIndent = /\n(\s*)description:/.exec(inserted.text)?.[1] ?? '    ';
  const todo = `${keyIndent}  TODO: what one row of ${name} is, where it comes from, and who should use it.`;
  return { line: inserted.line, text: `${inserted.text}\n${todo}` };
}
