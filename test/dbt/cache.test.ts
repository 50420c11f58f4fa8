// ParseCache: a memo the caller owns, so that compiling base and head of a pull request parses unchanged files once.
import { compile } from '../../src/dbt/compile.js';
import type { Graph, GraphNode, ParseCache } from '../../src/dbt/types.js';
import { loadFixture, withFiles } from '../support/load-fixture.js';

/**
 * Counts what the compiler did with the cache. An entry is used only for the very texts it was made from, so a
 * miss is a parse (an entry stored), whether the key was absent or held another text; a hit is a lookup that
 * stored nothing.
 */
class CountingCache implements ParseCache {
  readonly store = new Map<string, unknown>();
  hits = 0;
  misses = 0;
  /** Parse results only: built nodes, kept in the same cache under `node\0` keys, are counted apart. */
  nodeMisses = 0;
  get(key: string): unknown {
    if (!key.startsWith('node\0')) this.hits += 1;
    return this.store.get(key);
  }
  set(key: string, value: unknown): void {
    if (key.startsWith('node\0')) this.nodeMisses += 1;
    else {
      this.hits -= 1;
      this.misses += 1;
    }
    this.store.set(key, value);
  }
}

/** The graph without build keys: only a compile with a cache keys its nodes; everything else must be equal. */
function withoutBuildKeys(graph: Graph): Graph {
  const strip = (node: GraphNode): GraphNode => {
    const { buildKey: _key, ...rest } = node;
    return rest;
  };
  const nodes = Object.fromEntries(Object.entries(graph.nodes).map(([id, node]) => [id, strip(node)]));
  const disabled = Object.fromEntries(Object.entries(graph.disabled).map(([id, list]) => [id, list.map(strip)]));
  return { ...graph, nodes, disabled };
}

describe('ParseCache', () => {
  const files = loadFixture('properties');

  it('gives identical graphs with and without a cache, and on a second compile', () => {
    const cache = new CountingCache();
    const first = compile(files, { cache });
    const second = compile(files, { cache });
    expect(second).toEqual(first);
    expect(Object.values(first.nodes).every((node) => typeof node.buildKey === 'object')).toBe(true);
    expect(compile(files)).toEqual(withoutBuildKeys(first));
  });

  it('tells vars whose JSON is alike apart: `.nan` and `~` render differently', () => {
    const cache = new Map<string, unknown>();
    const model = "{{ config(tags=['x_' ~ var('x')]) }} select 1";
    const at = (value: string) =>
      compile(
        new Map([
          ['dbt_project.yml', `name: shop\nvars:\n  x: ${value}\n`],
          ['models/m.sql', model],
        ]),
        { cache },
      ).nodes['model.shop.m']?.tags;
    expect([at('.nan'), at('~'), at('.inf')]).toEqual([['x_nan'], ['x_None'], ['x_inf']]);
  });

  it('parses every file once: the second compile only hits', () => {
    const cache = new CountingCache();
    compile(files, { cache });
    const stored = cache.store.size;
    const parsed = [...cache.store.keys()].filter((key) => !key.startsWith('node\0')).length;
    const lookups = cache.hits + cache.misses;
    expect(parsed).toBeGreaterThan(5);
    expect(cache.misses).toBe(parsed);
    expect(cache.nodeMisses).toBe(stored - parsed);
    cache.hits = 0;
    cache.misses = 0;
    compile(files, { cache });
    expect(cache.misses).toBe(0);
    // Fewer lookups than the first time: reused nodes do not even look up the scans of their hooks.
    expect(cache.hits).toBeGreaterThan(0);
    expect(cache.hits).toBeLessThan(lookups);
    expect(cache.store.size).toBe(stored);
  });

  it('builds only the nodes of a changed file again; the others are reused, with their diagnostics', () => {
    const cache = new CountingCache();
    const base = compile(files, { cache });
    const changed = withFiles(files, { 'models/orders.sql': "select * from {{ ref('customers') }}\n" });
    const head = compile(changed, { cache });
    expect(withoutBuildKeys(head)).toEqual(compile(changed));
    expect(head.diagnostics).toEqual(compile(changed).diagnostics);
    // Reused: the very same config object; rebuilt: a new one.
    expect(head.nodes['model.props.customers']?.config).toBe(base.nodes['model.props.customers']?.config);
    expect(head.nodes['model.props.orders']?.config).not.toBe(base.nodes['model.props.orders']?.config);
    // A reused node is a copy: resolving refs at head does not touch the base graph's node.
    expect(head.nodes['model.props.customers']).not.toBe(base.nodes['model.props.customers']);
  });

  it('reuses a node whose property entry only moved, with its lines in that file moved too', () => {
    const cache = new CountingCache();
    compile(files, { cache });
    const yml = files.get('models/schema.yml')!;
    // Two lines more near the top of the file: every entry below moves by two lines, none changes.
    const moved = withFiles(files, {
      'models/schema.yml': yml.replace('version: 2\n', 'version: 2\n# a note\n# another\n'),
    });
    cache.nodeMisses = 0;
    const head = compile(moved, { cache });
    expect(cache.nodeMisses).toBe(0);
    const fresh = compile(moved);
    expect(withoutBuildKeys(head)).toEqual(fresh);
    expect(head.nodes['model.props.customers']?.property).toEqual({ file: 'models/schema.yml', line: 14 });
  });

  it('reparses only a changed file', () => {
    const cache = new CountingCache();
    compile(files, { cache });
    cache.hits = 0;
    cache.misses = 0;
    const changed = withFiles(files, { 'models/orders.sql': "select * from {{ ref('customers') }}\n" });
    const graph = compile(changed, { cache });
    expect(cache.misses).toBe(1);
    expect(graph.nodes['model.props.orders']?.depends_on.nodes).toEqual([
      'source.props.shop_raw.customers',
      'model.props.customers',
      'model.props.dim_customers.v1',
    ]);
  });

  it('keeps base and head of an edited file both: going back to the base parses and builds nothing', () => {
    const cache = new CountingCache();
    const yml = files.get('models/schema.yml')!;
    const head = withFiles(files, {
      'models/orders.sql': "select * from {{ ref('customers') }} -- edited\n",
      'models/schema.yml': yml.replace('version: 2\n', 'version: 2\n# edited\n'),
    });
    compile(files, { cache });
    compile(head, { cache });
    cache.misses = 0;
    cache.nodeMisses = 0;
    compile(files, { cache });
    expect(cache.misses).toBe(0);
    expect(cache.nodeMisses).toBe(0);
  });

  it("rebuilds a snapshot when its file changes outside the block (the checksum is the file's)", () => {
    const snapshot =
      "{% snapshot snap %}\n{{ config(unique_key='id', strategy='check', check_cols='all') }}\nselect 1 as id\n{% endsnapshot %}\n";
    const project = (extra: string) =>
      new Map([
        ['dbt_project.yml', 'name: snaps\nversion: "1"\nconfig-version: 2\n'],
        ['snapshots/snap.sql', snapshot + extra],
      ]);
    const cache = new CountingCache();
    compile(project(''), { cache });
    const edited = compile(project('-- a note after the block\n'), { cache });
    expect(edited.nodes['snapshot.snaps.snap']?.checksum.checksum).toBe(
      compile(project('-- a note after the block\n')).nodes['snapshot.snaps.snap']?.checksum.checksum,
    );
  });

  it('does not reuse a parse made with other vars or target', () => {
    const cache = new CountingCache();
    const varsFiles = loadFixture('vars-target');
    compile(varsFiles, { cache });
    const prod = compile(varsFiles, { cache, target: { name: 'prod', type: 'snowflake' } });
    expect(prod.nodes['model.vars_target.orders']?.meta['warehouse']).toBe('snowflake');
    expect(withoutBuildKeys(prod)).toEqual(compile(varsFiles, { target: { name: 'prod', type: 'snowflake' } }));
  });
});

describe('ParseCache: a reused node is never stale', () => {
  const project = (extra: Record<string, string>): Map<string, string> =>
    new Map(
      Object.entries({
        'dbt_project.yml': 'name: memo\nversion: "1"\nconfig-version: 2\nmodels:\n  memo:\n    +meta:\n      tier: 1\n',
        'models/a.sql': 'select 1 as id\n',
        'models/b.sql': "select * from {{ ref('a') }}\n",
        'models/c.sql': '{{ pick() }}\n',
        'macros/pick.sql': "{% macro pick() %}select * from {{ ref('a') }}{% endmacro %}\n",
        'models/docs.md': '{% docs b_doc %}The b model.{% enddocs %}\n',
        'models/schema.yml': [
          'version: 2',
          'models:',
          '  - name: a',
          '    description: A.',
          '  - name: b',
          '    description: "{{ doc(\'b_doc\') }}"',
          '    config:',
          '      meta:',
          '        owner: "{{ env_var(\'MEMO_NOPE\') }}"',
          '',
        ].join('\n'),
        ...extra,
      }),
    );
  const edits: Array<[string, Record<string, string>]> = [
    [
      'dbt_project.yml configs',
      {
        'dbt_project.yml': 'name: memo\nversion: "1"\nconfig-version: 2\nmodels:\n  memo:\n    +meta:\n      tier: 2\n',
      },
    ],
    ['a doc block', { 'models/docs.md': '{% docs b_doc %}The b model, revised.{% enddocs %}\n' }],
    ['a macro that refs', { 'macros/pick.sql': "{% macro pick() %}select * from {{ ref('b') }}{% endmacro %}\n" }],
    [
      'an anchor another entry uses',
      {
        'models/schema.yml': [
          'version: 2',
          'models:',
          '  - name: a',
          '    meta: &shared',
          '      owner: sales',
          '  - name: b',
          '    meta: *shared',
          '',
        ].join('\n'),
      },
    ],
    ['a flow-style entry', { 'models/schema.yml': 'version: 2\nmodels: [{name: a, description: Old.}, {name: b}]\n' }],
  ];

  it.each(edits)('after an edit to %s, the cached compile equals a fresh one', (_what, edit) => {
    const cache = new CountingCache();
    const before = project({});
    compile(before, { cache });
    const after = withFiles(before, edit);
    expect(withoutBuildKeys(compile(after, { cache }))).toEqual(compile(after));
    // And the other way round, from the edited state back.
    expect(withoutBuildKeys(compile(before, { cache }))).toEqual(compile(before));
  });

  it('an anchored value changed elsewhere in the file changes the node that uses it', () => {
    const yml = (owner: string) =>
      [
        'version: 2',
        'models:',
        '  - name: a',
        '    meta: &shared',
        `      owner: ${owner}`,
        '  - name: b',
        '    meta: *shared',
        '',
      ].join('\n');
    const cache = new CountingCache();
    compile(project({ 'models/schema.yml': yml('sales') }), { cache });
    const head = compile(project({ 'models/schema.yml': yml('finance') }), { cache });
    expect(head.nodes['model.memo.b']?.meta['owner']).toBe('finance');
  });

  it('a flow-style entry edited in place is rebuilt', () => {
    const cache = new CountingCache();
    compile(project({ 'models/schema.yml': 'version: 2\nmodels: [{name: b, description: old}, {name: a}]\n' }), {
      cache,
    });
    const head = compile(
      project({ 'models/schema.yml': 'version: 2\nmodels: [{name: b, description: new}, {name: a}]\n' }),
      { cache },
    );
    expect(head.nodes['model.memo.b']?.description).toBe('new');
  });

  it('keeps reporting a property file render diagnostic when the file comes from the cache', () => {
    const cache = new CountingCache();
    const files = project({});
    const codes = (graph: Graph) => graph.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`).sort();
    const first = codes(compile(files, { cache }));
    // Reported at the line of the config key that holds the value (`meta:`).
    expect(first).toContain('missing-env-var models/schema.yml:8');
    expect(codes(compile(files, { cache }))).toEqual(first);
  });
});
