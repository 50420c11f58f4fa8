// Every registered rule is three files (source, test, doc), its id matches its path, and the registry is sorted.
import { existsSync, readFileSync } from 'node:fs';
import { rules } from '../../src/policy/rules/index.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const HEADINGS = ['## What it checks', '## Why', '## How to fix', '## Configuration', '## Examples'];
const ids = rules.map((rule) => rule.meta.id);

describe('rule registry', () => {
  test('ids are unique and sorted', () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  describe.each(ids.map((id) => [id, rules.find((rule) => rule.meta.id === id)!] as const))('%s', (id, rule) => {
    test('its id is <category>/<kebab-name> and its source file is src/policy/rules/<id>.ts', () => {
      expect(id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(id.split('/')[0]).toBe(rule.meta.category);
      expect(read(`src/policy/rules/${id}.ts`)).toContain(`id: '${id}'`);
    });

    test('it has a test file', () => {
      expect(existsSync(new URL(`test/policy/rules/${id}.test.ts`, root))).toBe(true);
    });

    test('its doc has the fixed headings in order', () => {
      const doc = read(`docs/rules/${id}.md`);
      const lines = doc.split('\n');
      expect(lines[0]).toBe(`# ${id}`);
      const found = lines.filter((line) => line.startsWith('## '));
      expect(found).toEqual(HEADINGS);
    });

    test('its messages are non-empty and its options default from {}', () => {
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      expect(rule.meta.options.safeParse({}).success).toBe(true);
      for (const text of [rule.meta.summary, rule.meta.rationale, rule.meta.fix]) expect(text.trim()).not.toBe('');
    });
  });
});
