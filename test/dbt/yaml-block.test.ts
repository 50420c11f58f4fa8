// The fast block-YAML loader against js-yaml, on every YAML file of the fixtures and examples and on hand-written
// tricky texts: the same value and the same lines, or a fallback to js-yaml. Random documents: yaml-random.test.ts.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadYaml, loadYamlWithJsYaml } from '../../src/dbt/yaml/yaml.js';
import { compareLoaders } from './yaml-compare.js';

const lines = (...rows: string[]) => rows.join('\n') + '\n';

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('every YAML file of the fixtures and examples', () => {
  const files = [...yamlFiles('test/fixtures'), ...yamlFiles('examples')];

  it('are many', () => expect(files.length).toBeGreaterThan(50));

  test.each(files)('%s loads as js-yaml loads it', (file) => {
    const text = readFileSync(file, 'utf8');
    const outcome = compareLoaders(text);
    // Only a file outside the subset may fall back: one that js-yaml rejects, or that uses tabs, CRLF, a BOM,
    // anchors, aliases or tags. Anything else must take the fast path, or the speed-up silently goes away.
    const outside = /[\t\r\uFEFF&*!]/.test(text) || loadYamlWithJsYaml(text, file).diagnostics.length > 0;
    if (!outside) expect(outcome).toBe('fast');
  });
});

const FAST: string[] = [
  // Plain scalars of every type, as values, items and keys.
  lines('a: yes', 'b: no', 'c: on', 'd: off', 'e: y', 'f: ~', 'g: null', 'h: Null', 'i: NULL', 'j: true', 'k: False'),
  lines('a: 0x1F', 'b: 0o17', 'c: 0b101', 'd: 1_000', 'e: .inf', 'f: -.Inf', 'g: .NaN', 'h: 1e3', 'i: 1.5e-3'),
  lines('a: -0', 'b: +12', 'c: 012', 'd: .5', 'e: 1.', 'f: 0.0', 'g: -1', 'h: 9007199254740993', 'i: 1e400'),
  lines('a: 2024-01-01', 'b: 2024-01-01 10:00:00', 'c: 2024-1-1T10:00:00Z', 'd: 2001-12-14t21:59:43.10-05:00'),
  lines('a: 2001-12-14 21:59:43.10 -5', 'b: 2024-12-31', 'c: 2024-01-01x', 'd: 10:00', 'e: 2024-1-1', 'f: 0001-01-01'),
  // YAML 1.1 as PyYAML resolves it: sexagesimal, underscores, octal, signed or exponent floats, `y` and `n`.
  lines('a: 1:30', 'b: 1_000', 'c: 08', 'd: 0b1_0', 'e: -.5', 'f: 1.5e+3', 'g: 1:30.5', 'h: +.nan', 'i: 0x_1F'),
  lines('a: ON', 'b: Off', 'c: Yes', 'd: NO', 'e: n', 'f: Y', 'g: yES', 'h: 190:20:30', 'i: -1_0:0_5', 'j: 1:60'),
  lines('a: 2024-02-29', 'b: 2024-01-01t1:02:03.1234567Z', 'c: 2024-01-01 10:00:00 +5:30', 'd: 2024-1-1 0:0:0'),
  lines('yes: 1', 'on: 2', '012: 3', '1:30: 4', '1_0: 5', '2024-01-01 10:00:00: 6', 'Null: 7', '.5: 8', 'YES: 9'),
  lines('- yes', '- ~', '- 0x1F', '- .inf', '- 2024-01-01', '- -a', '- :a', '- a:b', '- ?a', '- =a', '- <<a'),
  lines('true: 1', 'null: 2', '~: 3', '1: 4', '1.0: 5', '0x1F: 6', '.inf: 7', '-0: 8', '2024-01-01: 9', 'no: 10'),
  lines('a#b: 1', 'x: a#b', 'y: a # b', 'z: a  #b', 'w: http://x.y/z?q=1#frag', 'v: a]b', 'u: a, b', 't: café'),
  lines('emoji: 🎉 party', 'key with spaces: value with spaces', '+materialized: view', 'x-y.z: 1', 'k :  v  '),
  lines('__proto__: polluted', 'constructor: c', 'toString: t', 'hasOwnProperty: h'),
  // `=` is a key PyYAML reads as the string "=".
  lines('=: a', 'b: {=: c, =}', 'c: =x'),
  // Quoted scalars and keys.
  lines(`a: 'it''s'`, `b: "a # b"`, `c: ''`, `d: ""`, `e: 'a: b'`, `f: "x: y" # c`, `g: 'true'`, `h: "1"`),
  lines(`'quoted key': 1`, `"dq: key": 2`, `'1': 3`, `"": 4`, `'a' : 5`, `"b"  :   6`, `'c':`),
  lines(`a: "tab\\tx"`, `b: "\\u00e9\\x41\\U0001F600"`, `c: "line\\nbreak"`, `d: "a\\"b"`, `e: "\\\\"`),
  lines(`- 'x'`, `- "y" # c`, `- ''`, `- 'a''b'#c`),
  // Empty values, comments and blank lines everywhere.
  lines('# head', 'a:', 'b:   ', 'c: # c', '  # indented comment', '', 'd: ""', '#x', 'e: 1 # c', '   ', 'f:'),
  lines('a:', '', '  # c', '  b: 1', '', '# c', '  c:', 'd: 2'),
  // Sequences: under keys at the same indent, nested, null items, items of every kind.
  lines('models:', '- name: a', '  description: x', '- name: b', 'other: 1'),
  lines('a:', '  - 1', '  -', '  - # c', '    b: 2', '  -', '', '    - x', '    - y', '  - - p', '    - q', 'z: 0'),
  lines('- - - a', '    - b', '  - c', '- d'),
  lines('-', '-', '  a: 1', '-   b: 2', '    c: 3', '- ', '-'),
  lines('- a:', '  - x', '  b:', '  c: 3'),
  lines('a:', '- x', '-', '- y'),
  // Flow collections on one line, and the records js-yaml makes for them under a dash.
  lines('tags: [a, "b", \'c\', 1, true, ~]', 'meta: {}', 'x: []', 'y: {a: 1, "b": c, 1: d, true: e}', 'z: [ a b ,c, ]'),
  lines('- [a, b]', '- {x: 1}', '- []', '- {}', '- [1]  # c'),
  lines('a: {x: 1, x: 2}', 'b: [-1, +2, .5]', 'c: {"a":1}'),
  // Flow entries without a value: null, as in PyYAML; every key keeps its line.
  lines('a: {b}', 'c: {x, y: 1, z}', 'd: {yes, 2024-01-01, 012: o}'),
  // Block scalars: every chomping, trailing blank lines, more-indented lines, comment-looking lines.
  lines(
    'a: |',
    '  line 1',
    '  # not a comment',
    '',
    '   more',
    '  ',
    'b: |-',
    '  x',
    '',
    '',
    'c: |+',
    '  y',
    '',
    'd: 1',
  ),
  lines('a: >', '  folded', '  text', '', '  para', '    more indented', '  back', 'b: >-', '  x', 'c: >+', '  y', ''),
  lines('a: |', '', '  after a blank', 'b: >', '', '', 'c: |-', 'd: |+', '', 'e: | # comment', '    deep'),
  lines('- |', '  item', '- >-', '  folded', '  item', '- a: |', '    x', '  b: 1'),
  lines('a: |', '  x', '      ', '  y', '     '),
  'a: |\n  no final newline',
  'a: >+\n  keep\n\n\n',
  // Keys on deep nesting, duplicate keys (the later value wins; both keys are recorded).
  lines('a:', '  b:', '    c:', '      d:', '        e:', '          f: deep'),
  lines('a: 1', 'b: 2', 'a: 3'),
  lines('  indented: root', '  b: 2'),
  // Documents without content.
  '',
  '\n',
  '\n\n',
  '  ',
  '# only a comment',
  '# c\n\n',
];

const FALLBACK: string[] = [
  // A block scalar up to a last line of spaces without a break (PyYAML and js-yaml differ; dbt's files never end so).
  'a: |\n  x\n     ',
  'a: |+\n  x\n  ',
  lines('a: b: c'),
  lines('a: 1', ' b: 2'),
  lines('a:', '  b: 1', ' c: 2'),
  lines('- a', 'b: 1'),
  lines('a: multi', '  line plain'),
  lines("a: 'multi", "  line'"),
  lines('a:', '  scalar on the next line'),
  lines('a: [1,', '  2]'),
  lines('a: [[1]]'),
  lines('a: {b: [1]}'),
  lines('a: {b: }'),
  lines('a: {<<}'),
  lines('a: [b: 1]'),
  lines('a: &x 1', 'b: *x'),
  lines('a: !!str 1'),
  lines('? a', ': b'),
  lines('<<: {a: 1}'),
  lines('---', 'a: 1'),
  lines('a: 1', '...'),
  lines('%YAML 1.2', '---', 'a: 1'),
  lines('a:\t1'),
  'a: 1\r\nb: 2\r\n',
  '\uFEFFa: 1\n',
  lines('a: |2', '   x'),
  lines('a: |', '      ', '  x'),
  lines('a: "\\q"'),
  lines('just a scalar'),
  lines('[a, b]'),
  lines('a: - b'),
  lines("a: 'x' y"),
  lines('a: @x'),
  lines('a: `x`'),
  lines('- a: 1', '  - b'),
  lines('a:', '  - b', '  c: 1'),
  lines('a: \x01'),
  // Values PyYAML cannot construct: js-yaml reports them.
  lines('a: 2024-13-45'),
  lines('- 2023-02-29'),
  lines('a: {b: 2024-01-01 24:00:00}'),
  lines('a: 2024-01-01 10:00:00 +24:00'),
  lines('a: 0b_'),
  // A plain `=` or `<<` as a value: PyYAML has no constructor for either, so js-yaml reports them.
  lines('a: ='),
  lines('- <<'),
  lines('a: {b: =}'),
  lines('a: [x, <<]'),
  '=',
];

describe('hand-written texts', () => {
  test.each(FAST)('%j loads on the fast path, as js-yaml loads it', (text) => {
    expect(compareLoaders(text)).toBe('fast');
  });

  test.each(FALLBACK)('%j falls back to js-yaml', (text) => {
    expect(compareLoaders(text)).toBe('fallback');
  });
});

describe('loadYaml', () => {
  it('gives the fast value and lines for a property file', () => {
    const text = lines('version: 2', 'models:', '  - name: orders', '    columns:', '      - name: id');
    const loaded = loadYaml(text, 'm.yml');
    expect(loaded.value).toEqual({ version: 2, models: [{ name: 'orders', columns: [{ name: 'id' }] }] });
    expect(loaded.diagnostics).toEqual([]);
    const models = (loaded.value as { models: Array<{ columns: object[] }> }).models;
    expect(loaded.lines.key(models[0], 'columns')).toBe(4);
    expect(loaded.lines.item(models[0]?.columns, 0)).toBe(5);
  });

  it("reports js-yaml's diagnostic, with its line, for a text the fast path leaves", () => {
    const text = lines('models:', '  - name: a', '  description: b', '    bad: c');
    expect(loadYaml(text, 'm.yml')).toEqual(loadYamlWithJsYaml(text, 'm.yml'));
    expect(loadYaml(text, 'm.yml').diagnostics).toMatchObject([{ code: 'yaml-syntax', file: 'm.yml', line: 3 }]);
  });
});
