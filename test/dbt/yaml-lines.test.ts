// Lines of list items and mapping keys in the two places js-yaml's listener could not see them: a `-` with
// nothing under it (a null item, which js-yaml pushes without composing a node) and a flow entry without a value
// (`{a, b: 1}`). Both loaders must record every item and every key; texts with an anchor take the js-yaml path.
import { loadYaml, loadYamlWithJsYaml, type LoadedYaml } from '../../src/dbt/yaml/yaml.js';
import { compareLoaders } from './yaml-compare.js';

const lines = (...rows: string[]) => rows.join('\n') + '\n';
const LOADERS: Array<[string, (text: string, file: string) => LoadedYaml]> = [
  ['loadYaml', loadYaml],
  ['js-yaml', loadYamlWithJsYaml],
];

/** The line of every item of the list at `key`, by each loader. */
function itemLines(text: string, key: string): number[][] {
  return LOADERS.map(([, load]) => {
    const loaded = load(text, 'f.yml');
    expect(loaded.diagnostics).toEqual([]);
    const list = (loaded.value as Record<string, unknown[]>)[key] ?? [];
    return list.map((_, i) => loaded.lines.item(list, i, -1));
  });
}

describe('null list items have the line of their dash', () => {
  test.each([
    ['between items', lines('k:', '- 1', '-', '- 3'), [2, 3, 4]],
    ['first and last', lines('k:', '  -', '  - b', '  -', 'z: 1'), [2, 3, 4]],
    ['only nulls', lines('k:', '  -', '  -  # c'), [2, 3]],
    ['after comments with dashes', lines('k:', '  - x', '  # - not an item', '  -   # - nor this', '  - y'), [2, 4, 5]],
    ['before a nested mapping', lines('k:', '  -', '  - a: 1', '    b: 2', '  -', '  - c'), [2, 3, 5, 6]],
    ['with an anchor (js-yaml path)', lines('x: &a 1', 'k:', '- *a', '-', '-', '- 3'), [3, 4, 5, 6]],
    ['in a CRLF file (js-yaml path)', 'k:\r\n- 1\r\n-\r\n- 3\r\n', [2, 3, 4]],
  ])('%s', (_, text, expected) => {
    expect(itemLines(text, 'k')).toEqual([expected, expected]);
  });

  it('in a nested sequence', () => {
    const text = lines('- -', '  - b', '  -', '  - c', '- x');
    expect(compareLoaders(text)).toBe('fast');
    for (const [, load] of LOADERS) {
      const loaded = load(text, 'f.yml');
      const inner = (loaded.value as unknown[][])[0];
      expect([0, 1, 2, 3].map((i) => loaded.lines.item(inner, i, -1))).toEqual([1, 2, 3, 4]);
    }
  });
});

describe('flow entries without a value', () => {
  it('are null, and every key keeps its line', () => {
    const text = lines('k: {a, b: 1, c}');
    expect(compareLoaders(text)).toBe('fast');
    for (const [, load] of LOADERS) {
      const loaded = load(text, 'f.yml');
      const k = (loaded.value as { k: object }).k;
      expect(k).toEqual({ a: null, b: 1, c: null });
      expect(['a', 'b', 'c'].map((key) => loaded.lines.key(k, key, -1))).toEqual([1, 1, 1]);
    }
  });

  it('keep their own lines over several lines, and so do explicit keys without a value (js-yaml path)', () => {
    const loaded = loadYamlWithJsYaml(lines('k: {a,', '  b: 1, # c: no', '  c}', '? d', 'e: 2'), 'f.yml');
    const value = loaded.value as { k: object };
    expect(value).toEqual({ k: { a: null, b: 1, c: null }, d: null, e: 2 });
    expect(['a', 'b', 'c'].map((key) => loaded.lines.key(value.k, key, -1))).toEqual([1, 2, 3]);
    expect(['k', 'd', 'e'].map((key) => loaded.lines.key(value, key, -1))).toEqual([1, 4, 5]);
  });
});

describe('YamlLines.mirror', () => {
  it('gives a rendered copy the lines of the original, and a copy of another kind only the collection line', () => {
    const { value, lines } = loadYaml('a:\n  b: 1\n  c:\n    - x\n    - y\n', 'f.yml');
    const original = value as { a: { b: number; c: string[] } };
    const copy = { a: { b: 2, c: ['X', 'Y'] } };
    lines.mirror(original, copy);
    expect([lines.key(copy.a, 'c'), lines.item(copy.a.c, 1)]).toEqual([3, 5]);
    const reshaped = { a: ['not', 'a', 'mapping'] };
    lines.mirror(original, reshaped);
    expect([lines.of(reshaped.a), lines.item(reshaped.a, 0), lines.key(reshaped.a, 'b')]).toEqual([2, 2, 2]);
  });
});
