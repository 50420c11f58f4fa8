// The manifest's `selectors`: the root project's selectors.yml rendered as dbt_project.yml is (--vars, env_var,
// target) and normalised as dbt's SelectorDict.parse_from_selectors_list does. Expected values follow dbt-core's
// config/selectors.py and graph/selector_spec.py step by step; two real manifests (dbt 1.9.1 and 1.11.2, from
// astronomer-cosmos' jaffle_shop projects) agree with these rules.
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { renderValue, type JinjaContext } from '../../src/dbt/jinja/index.js';
import { readSelectors } from '../../src/dbt/selectors.js';
import { loadFixture } from '../support/load-fixture.js';

const CTX: JinjaContext = {
  vars: {},
  target: { name: 'ci', type: 'postgres', schema: 'public', database: 'analytics' },
  env: { NIGHTLY_TAG: 'nightly_from_env' },
  projectName: '',
  renderVars: true,
};
const read = (yaml: string, ctx: JinjaContext = CTX) =>
  readSelectors(yaml, 'selectors.yml', (value) => renderValue(value, ctx).value);
const definitionOf = (spec: string) => {
  const { selectors, diagnostics } = read(`selectors:\n  - name: s\n    definition: '${spec}'\n`);
  expect(diagnostics).toEqual([]);
  return (selectors['s'] as { definition: unknown }).definition;
};

describe('selectors.yml in the manifest', () => {
  const files = loadFixture('selectors/nightly');
  const graph = compile(files, { project: '' });
  const selectors = (toManifest(graph) as { selectors: Record<string, Record<string, unknown>> }).selectors;

  it('lists every selector in file order, each entry as written with its definition normalised', () => {
    expect(graph.diagnostics).toEqual([]);
    expect(Object.keys(selectors)).toEqual(['staging', 'nightly', 'exports', 'nightly_again']);
    expect(selectors['staging']).toEqual({
      name: 'staging',
      description: 'Everything under models/staging and what reads it',
      definition: { method: 'path', value: 'models/staging', children: true },
    });
    // Keys stay in the order written (name, description, default, definition); none is added.
    expect(Object.keys(selectors['nightly']!)).toEqual(['name', 'description', 'default', 'definition']);
    expect(selectors['nightly']!['definition']).toEqual({
      union: [
        { method: 'tag', value: 'nightly' },
        { method: 'fqn', value: 'orders', parents: true, parents_depth: 1 },
        {
          exclude: [
            { method: 'tag', value: 'slow' },
            { childrens_parents: true, method: 'source', value: 'raw' },
          ],
        },
      ],
    });
  });

  it('renders values with target and --vars, not the project vars', () => {
    expect(selectors['nightly']!['description']).toBe('Nightly models of dev, without the slow ones');
    expect(selectors['exports']!['definition']).toEqual({
      intersection: [
        { method: 'config.materialized', value: 'table' },
        { method: 'tag', value: 'export' },
      ],
    });
    const withVars = compile(files, { project: '', vars: { export_tag: 'from_cli' } });
    const exports = withVars.selectors?.['exports'] as { definition: { intersection: unknown[] } };
    expect(exports.definition.intersection[1]).toEqual({ method: 'tag', value: 'from_cli' });
  });

  it('replaces `method: selector` with the definition it names, dropping the keys beside it', () => {
    expect(selectors['nightly_again']).toEqual({
      name: 'nightly_again',
      definition: selectors['nightly']!['definition'],
    });
  });

  it("reports what rendering the file finds, and checks every project's file", () => {
    const withVar = new Map(files).set(
      'selectors.yml',
      'selectors:\n  - name: s\n    definition: "tag:{{ var(\'nope\') }}"\n',
    );
    expect(compile(withVar, { project: '' }).diagnostics).toEqual([
      expect.objectContaining({ code: 'missing-var', file: 'selectors.yml', line: 2 }),
    ]);
    // Two projects: the manifest's selectors are the first's, and the other's file is checked all the same.
    const two = new Map<string, string>([...files].map(([path, text]) => [`a/${path}`, text]));
    for (const [path, text] of files) two.set(`b/${path}`, text.replace('name: nightly', 'name: nightly_b'));
    two.set('b/selectors.yml', 'selectors:\n  - name: broken\n    definition: "foo:bar"\n');
    const graph = compile(two);
    expect(Object.keys(graph.selectors ?? {})).toEqual(['staging', 'nightly', 'exports', 'nightly_again']);
    expect(graph.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-selector', file: 'b/selectors.yml' })]);
  });

  it('is an empty dict without selectors.yml', () => {
    const without = new Map([...files].filter(([path]) => path !== 'selectors.yml'));
    expect((toManifest(compile(without, { project: '' })) as { selectors: unknown }).selectors).toEqual({});
  });
});

describe('selector specs (SelectionCriteria.dict_from_single_spec)', () => {
  it.each([
    ['tag:nightly', { method: 'tag', value: 'nightly' }],
    ['+model_a', { parents: true, method: 'fqn', value: 'model_a' }],
    // Depths parsed from a string stay strings.
    [
      '2+model_a+3',
      { parents: true, parents_depth: '2', method: 'fqn', value: 'model_a', children: true, children_depth: '3' },
    ],
    ['3@model_b', { childrens_parents: true, childrens_parents_depth: '3', method: 'fqn', value: 'model_b' }],
    ['path/to/models', { method: 'path', value: 'path/to/models' }],
    ['my_model.sql', { method: 'file', value: 'my_model.sql' }],
    ['marts.finance.*', { method: 'fqn', value: 'marts.finance.*' }],
    ['config.materialized:table', { method: 'config.materialized', value: 'table' }],
    ['source:raw.orders+', { method: 'source', value: 'raw.orders', children: true }],
    // No splitting on commas or spaces inside one spec.
    ['tag:a,tag:b', { method: 'tag', value: 'a,tag:b' }],
  ])('%s', (spec, expected) => {
    expect(definitionOf(spec)).toEqual(expected);
  });
});

describe('selector definitions (SelectorDict)', () => {
  it('turns `{method: value}` into method and value, and keeps a full mapping as written, ints included', () => {
    const { selectors } = read(
      [
        'selectors:',
        '  - name: short',
        '    definition: {tag: nightly}',
        '  - name: full',
        '    definition: {value: nightly, method: tag, exclude: ["tag:slow"], parents_depth: 2}',
      ].join('\n'),
    );
    expect(selectors['short']).toEqual({ name: 'short', definition: { method: 'tag', value: 'nightly' } });
    // First key not `method`: the mapping is kept whole, its exclude strings unparsed.
    expect(selectors['full']).toEqual({
      name: 'full',
      definition: { value: 'nightly', method: 'tag', exclude: ['tag:slow'], parents_depth: 2 },
    });
  });

  it('drops the keys beside a nested union, and method/value beside a leading exclude', () => {
    const { selectors, diagnostics } = read(
      [
        'selectors:',
        '  - name: s',
        '    definition:',
        '      intersection:',
        '        - union: ["tag:a"]',
        '          description: ignored',
        '        - exclude: ["tag:slow"]',
        '          method: tag',
        '          value: nightly',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(selectors['s']).toEqual({
      name: 's',
      definition: {
        intersection: [{ union: [{ method: 'tag', value: 'a' }] }, { exclude: [{ method: 'tag', value: 'slow' }] }],
      },
    });
  });

  it('renders env_var and target before normalising', () => {
    const { selectors } = read(
      'selectors:\n  - name: s\n    description: "{{ target.name }}"\n    definition: "tag:{{ env_var(\'NIGHTLY_TAG\') }}"\n',
    );
    expect(selectors['s']).toEqual({
      name: 's',
      description: 'ci',
      definition: { method: 'tag', value: 'nightly_from_env' },
    });
  });

  it('gives a repeated name its first place and its last entry, as a Python dict does', () => {
    const { selectors } = read(
      [
        'selectors:',
        '  - {name: a, definition: "tag:a"}',
        '  - {name: b, definition: "tag:b"}',
        '  - {name: a, description: second, definition: "tag:c"}',
      ].join('\n'),
    );
    expect(Object.keys(selectors)).toEqual(['a', 'b']);
    expect(selectors['a']).toEqual({ name: 'a', description: 'second', definition: { method: 'tag', value: 'c' } });
  });

  it.each([
    ['an unknown method', '    definition: "foo:bar"', /`foo` is not a selector method/],
    ['`@` with a `+` suffix', '    definition: "@model_b+"', /do not go together/],
    ['a list as the definition', '    definition: ["tag:a"]', /not a list/],
    ['a key dbt does not know', '    definition: "tag:a"\n    owner: me', /unexpected keys: owner/],
    ['a root union beside another key', '    definition: {union: ["tag:a"], intersection: ["tag:b"]}', /no other key/],
    [
      'two excludes in a union',
      '    definition: {union: ["tag:a", {exclude: ["tag:b"]}, {exclude: ["tag:c"]}]}',
      /one `exclude`/,
    ],
    ['a selector named before it is defined', '    definition: {method: selector, value: later}', /no selector above/],
    [
      'an unknown selector named after its value',
      '    definition: {value: later, method: selector}',
      /no selector above/,
    ],
    [
      'childrens_parents with children',
      '    definition: {method: fqn, value: a, childrens_parents: true, children: true}',
      /do not go together/,
    ],
    [
      'an unknown indirect_selection',
      '    definition: {method: tag, value: a, indirect_selection: lazy}',
      /indirect_selection: lazy/,
    ],
    [
      'a depth that is no number',
      '    definition: {method: fqn, value: a, parents: true, parents_depth: two}',
      /parents_depth: two/,
    ],
    [
      'a bad spec in an exclude list',
      '    definition: {method: tag, value: a, exclude: ["foo:bar"]}',
      /`foo` is not a selector method/,
    ],
    ['a definition that is a number', '    definition: 3', /not 3/],
    ['a default that is no boolean', '    definition: "tag:a"\n    default: "yes"', /`default` is true or false/],
  ])('reports %s as an error with its line, as dbt stops', (_what, definition, message) => {
    const { diagnostics } = read(`selectors:\n  - name: first\n    definition: "tag:x"\n  - name: s\n${definition}\n`);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-selector', severity: 'error', file: 'selectors.yml', line: 4 }),
    ]);
    expect(diagnostics[0]!.message).toMatch(message);
  });

  it('reports two default selectors', () => {
    const { diagnostics } = read(
      'selectors:\n  - {name: a, default: true, definition: "tag:a"}\n  - {name: b, default: true, definition: "tag:b"}\n',
    );
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [3, 'selectors `a` and `b` are both `default: true` (dbt stops here)'],
    ]);
  });

  it('reads an empty file or an empty list as no selectors', () => {
    expect(read('')).toEqual({ selectors: {}, diagnostics: [] });
    expect(read('selectors: []\n')).toEqual({ selectors: {}, diagnostics: [] });
  });
});
