// Fields of manifest.json that dbt writes in a particular shape, checked against dbt-core's own test manifest
// (tests/functional/artifacts/data/state/v12/manifest.json, written by `dbt parse`).
import { createHash } from 'node:crypto';
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';

const SNAPSHOT = [
  '{% snapshot snap %}',
  "{{ config(unique_key='id', strategy='check', check_cols='all', target_schema=schema) }}",
  "select * from {{ ref('orders') }}",
  '{% endsnapshot %}',
  '',
].join('\n');

const files = new Map([
  ['dbt_project.yml', 'name: shape\nversion: "1"\nconfig-version: 2\n'],
  ['models/orders.sql', '\n\nselect 1 as id\n\n'],
  ['seeds/countries.csv', 'code\nNL\n'],
  ['snapshots/snap.sql', SNAPSHOT],
  ['models/exposures.yml', 'exposures:\n  - name: dash\n    type: dashboard\n    owner: {email: bi@example.com}\n'],
  [
    'models/sources.yml',
    [
      'sources:',
      '  - name: raw',
      '    schema: landing',
      '    loaded_at_field: _loaded_at',
      '    quoting: {identifier: true}',
      '    freshness: {warn_after: {count: 12, period: hour}}',
      '    tables:',
      '      - name: orders',
      '        freshness: {error_after: {count: 1, period: day}}',
      '      - name: events',
      '        freshness: null',
      '',
    ].join('\n'),
  ],
]);
const manifest = toManifest(compile(files, { project: '' }), {
  schema: 'analytics',
  database: 'warehouse',
  type: 'postgres',
}) as {
  nodes: Record<string, { config: Record<string, unknown>; raw_code: string; checksum: { checksum: string } }>;
  exposures: Record<string, { owner: Record<string, unknown> }>;
  sources: Record<string, Record<string, unknown>>;
};
const sha256 = (text: string) => createHash('sha256').update(text.trim()).digest('hex');

describe('manifest shape, as dbt writes it', () => {
  it("writes dbt 1.11+'s top-level keys in its order, the functions dict last (no function resources)", () => {
    expect(Object.keys(manifest)).toEqual([
      'metadata',
      'nodes',
      'sources',
      'macros',
      'docs',
      'exposures',
      'metrics',
      'groups',
      'selectors',
      'disabled',
      'parent_map',
      'child_map',
      'group_map',
      'saved_queries',
      'semantic_models',
      'unit_tests',
      'functions',
    ]);
    expect((manifest as unknown as Record<string, unknown>)['functions']).toEqual({});
  });

  it("writes nodes, sources and exposures in the key order of dbt's dataclasses (a manifest dbt 1.9.0 wrote)", () => {
    const keys = (value: unknown) => Object.keys(value as object);
    const model = manifest.nodes['model.shape.orders']!;
    const tail = keys(model).slice(keys(model).indexOf('raw_code'), keys(model).indexOf('contract'));
    expect(tail).toEqual([
      'raw_code',
      'doc_blocks',
      'language',
      'refs',
      'sources',
      'metrics',
      'functions',
      'depends_on',
      'compiled_path',
    ]);
    expect(keys((model as Record<string, unknown>)['depends_on'])).toEqual(['macros', 'nodes']);
    expect(keys(manifest.nodes['seed.shape.countries']!).slice(-3)).toEqual(['doc_blocks', 'root_path', 'depends_on']);
    const source = manifest.sources['source.shape.raw.orders']!;
    expect(keys(source).slice(0, 11)).toEqual([
      'database',
      'schema',
      'name',
      'resource_type',
      'package_name',
      'path',
      'original_file_path',
      'unique_id',
      'fqn',
      'source_name',
      'source_description',
    ]);
    expect(keys(source).slice(-6)).toEqual([
      'unrendered_config',
      'relation_name',
      'created_at',
      'unrendered_database',
      'unrendered_schema',
      'doc_blocks',
    ]);
    const exposure = manifest.exposures['exposure.shape.dash']!;
    expect(keys(exposure).slice(0, 7)).toEqual([
      'name',
      'resource_type',
      'package_name',
      'path',
      'original_file_path',
      'unique_id',
      'fqn',
    ]);
    expect(keys(exposure).slice(-6)).toEqual(['url', 'depends_on', 'refs', 'sources', 'metrics', 'created_at']);
  });

  it("writes a model's raw_code stripped, as dbt reads model files", () => {
    expect(manifest.nodes['model.shape.orders']?.raw_code).toBe('select 1 as id');
  });

  it("checksums a seed by its stripped file, as dbt's load_seed_source_file does, and writes no raw_code", () => {
    const seed = manifest.nodes['seed.shape.countries']!;
    expect(seed.checksum).toEqual({ name: 'sha256', checksum: sha256('code\nNL\n') });
    expect(seed.raw_code).toBe('');
  });

  it('checksums snapshots defined in YAML by their property file, as dbt does', () => {
    const yaml = [
      'snapshots:',
      '  - name: snap_a',
      "    relation: ref('orders')",
      '    config: {unique_key: id, strategy: check, check_cols: all}',
      '  - name: snap_b',
      "    relation: ref('orders')",
      '    config: {unique_key: id, strategy: check, check_cols: all}',
      '',
    ].join('\r\n');
    const graph = compile(
      new Map([
        ['dbt_project.yml', 'name: yml\nversion: "1"\nconfig-version: 2\n'],
        ['models/orders.sql', 'select 1 as id'],
        ['snapshots/snapshots.yml', yaml],
      ]),
      { project: '' },
    );
    expect(graph.nodes['snapshot.yml.snap_a']?.checksum.toJSON()).toEqual({ name: 'sha256', checksum: sha256(yaml) });
    expect(graph.nodes['snapshot.yml.snap_b']?.checksum.checksum).toBe(sha256(yaml));
  });

  it("writes a time spine's time_spine and its columns' granularity (dbt 1.9+)", () => {
    const graph = compile(
      new Map([
        ['dbt_project.yml', 'name: ts\nversion: "1"\nconfig-version: 2\n'],
        ['models/spine.sql', 'select 1 as date_day'],
        [
          'models/spine.yml',
          [
            'models:',
            '  - name: spine',
            '    time_spine:',
            '      standard_granularity_column: date_day',
            '      custom_granularities:',
            '        - name: fiscal_year',
            '          column_name: fy',
            '    columns:',
            '      - name: date_day',
            '        granularity: day',
            '      - name: fy',
            '',
          ].join('\n'),
        ],
      ]),
      { project: '' },
    );
    const spine = (toManifest(graph) as { nodes: Record<string, Record<string, unknown>> }).nodes['model.ts.spine']!;
    expect(spine['time_spine']).toEqual({
      standard_granularity_column: 'date_day',
      custom_granularities: [{ name: 'fiscal_year', column_name: 'fy' }],
    });
    const columns = spine['columns'] as Record<string, { granularity: unknown }>;
    expect([columns['date_day']?.granularity, columns['fy']?.granularity]).toEqual(['day', null]);
  });

  it("keeps a source's and a table's tags in the source's config too (dbt 1.10+)", () => {
    const graph = compile(
      new Map([
        ['dbt_project.yml', 'name: st\nversion: "1"\nconfig-version: 2\n'],
        [
          'models/sources.yml',
          'sources:\n  - name: raw\n    tags: [landing]\n    config: {tags: [vendor]}\n    tables:\n      - name: orders\n        tags: [finance]\n',
        ],
      ]),
      { project: '' },
    );
    const source = graph.sources['source.st.raw.orders']!;
    // SourceConfig's fields in its order (dbt 1.9+: event_time after enabled).
    expect(Object.keys(source.config).slice(0, 2)).toEqual(['enabled', 'event_time']);
    expect(source.config['event_time']).toBeNull();
    // dbt 1.10+: `tags:` and `config: tags:` of the source and the table, in the tags and in the config.
    expect([source.tags, source.config['tags']]).toEqual([
      ['finance', 'landing', 'vendor'],
      ['finance', 'landing', 'vendor'],
    ]);
  });

  it("keeps an exposure's tags in its config too (ExposureConfig, dbt 1.10+)", () => {
    const graph = compile(
      new Map([
        ['dbt_project.yml', 'name: ex\nversion: "1"\nconfig-version: 2\n'],
        [
          'models/exposures.yml',
          'exposures:\n  - name: kpis\n    type: dashboard\n    owner: {name: bi}\n    tags: [weekly]\n    config: {tags: [board]}\n',
        ],
      ]),
      { project: '' },
    );
    const exposure = graph.exposures['exposure.ex.kpis']!;
    expect([exposure.tags, exposure.config]).toEqual([
      ['board', 'weekly'],
      { enabled: true, tags: ['board', 'weekly'], meta: {} },
    ]);
  });

  it("applies the project's exposures: configs as dbt's ExposureParser does: enabled, tags and meta by fqn", () => {
    const graph = compile(
      new Map([
        [
          'dbt_project.yml',
          [
            'name: ex',
            'version: "1"',
            'config-version: 2',
            'exposures:',
            '  tags: [global]',
            '  meta: {owner: bi, tier: 3}',
            '  ex:',
            '    finance:',
            '      +enabled: false',
            '      +meta: {tier: 1}',
            '',
          ].join('\n'),
        ],
        ['models/a.sql', 'select 1'],
        [
          'models/board.yml',
          'exposures:\n  - name: board\n    type: dashboard\n    owner: {name: bi}\n    depends_on: [ref("a")]\n' +
            '    tags: [weekly]\n    config: {meta: {tier: 2}}\n',
        ],
        [
          'models/finance/ledger.yml',
          'exposures:\n  - name: ledger\n    type: notebook\n    owner: {name: fin}\n    depends_on: [ref("a")]\n' +
            '  - name: close\n    type: notebook\n    owner: {name: fin}\n    config: {enabled: true}\n',
        ],
      ]),
      { project: '' },
    );
    const board = graph.exposures['exposure.ex.board']!;
    expect([board.tags, board.meta, board.config]).toEqual([
      ['global', 'weekly'],
      { owner: 'bi', tier: 2 },
      { enabled: true, tags: ['global', 'weekly'], meta: { owner: 'bi', tier: 2 } },
    ]);
    // The folder's `+enabled: false` disables an exposure unless its own config enables it again.
    expect(Object.keys(graph.exposures).sort()).toEqual(['exposure.ex.board', 'exposure.ex.close']);
    expect(graph.disabledResources?.['exposure.ex.ledger']?.[0]?.meta).toEqual({ owner: 'bi', tier: 1 });
    const childMap = toManifest(graph)['child_map'] as Record<string, string[]>;
    expect(childMap['model.ex.a']).toEqual(['exposure.ex.board']);
  });

  it('writes access in model configs only', () => {
    expect(manifest.nodes['model.shape.orders']?.config['access']).toBe('protected');
    expect(manifest.nodes['seed.shape.countries']?.config).not.toHaveProperty('access');
    expect(manifest.nodes['snapshot.shape.snap']?.config).not.toHaveProperty('access');
  });

  it("writes a model's own freshness config (dbt 1.10+) right after access, and not for seeds or snapshots", () => {
    const keys = Object.keys(manifest.nodes['model.shape.orders']?.config ?? {});
    expect(keys.slice(keys.indexOf('access'), keys.indexOf('access') + 2)).toEqual(['access', 'freshness']);
    expect(manifest.nodes['model.shape.orders']?.config['freshness']).toBeNull();
    expect(manifest.nodes['seed.shape.countries']?.config).not.toHaveProperty('freshness');
    expect(manifest.nodes['snapshot.shape.snap']?.config).not.toHaveProperty('freshness');
  });

  it("checksums a snapshot by its whole file, and resolves target_schema=schema to the target's", () => {
    const snapshot = manifest.nodes['snapshot.shape.snap']!;
    expect(snapshot.checksum.checksum).toBe(sha256(SNAPSHOT));
    expect(snapshot.config['target_schema']).toBe('public');
  });

  it("writes an owner's email and name, null when not given", () => {
    expect(manifest.exposures['exposure.shape.dash']?.owner).toEqual({ email: 'bi@example.com', name: null });
  });

  it("writes a source table's quoting, loaded_at_field, freshness and external, merged over the source's", () => {
    const orders = manifest.sources['source.shape.raw.orders']!;
    expect(orders['quoting']).toEqual({ database: null, schema: null, identifier: true, column: null });
    expect(orders['loaded_at_field']).toBe('_loaded_at');
    expect(orders['freshness']).toEqual({
      warn_after: { count: 12, period: 'hour' },
      error_after: { count: 1, period: 'day' },
      filter: null,
    });
    expect(orders['external']).toBeNull();
    // dbt: `schema = source.schema or source.name`, the database the target's unless the source says.
    expect([orders['database'], orders['schema'], orders['relation_name']]).toEqual([
      'warehouse',
      'landing',
      '"warehouse"."landing"."orders"',
    ]);
    expect(manifest.sources['source.shape.raw.events']?.['freshness']).toBeNull();
  });

  it("lets a table's loaded_at_field, even null, override its source's field and query, as dbt's parse_source", () => {
    const sources = [
      'sources:',
      '  - name: raw',
      '    loaded_at_field: updated_at',
      '    tables:',
      '      - name: by_metadata',
      '        loaded_at_field: null',
      '      - name: inherited',
      '  - name: queried',
      '    config: {loaded_at_query: select max(at) from x}',
      '    tables:',
      '      - name: own_field',
      '        config: {loaded_at_field: id}',
      '      - name: own_query',
      '      - name: empty',
      "        loaded_at_field: ''",
      '      - name: both',
      '        loaded_at_field: at',
      '        loaded_at_query: select 1',
      '  - name: blank',
      "    loaded_at_field: ''",
      '    tables: [{name: one}, {name: two}]',
      '',
    ].join('\n');
    const graph = compile(
      new Map([
        ['dbt_project.yml', 'name: laf\nversion: "1"\nconfig-version: 2\n'],
        ['models/sources.yml', sources],
      ]),
      { project: '' },
    );
    const loadedAt = (table: string) => {
      const source = graph.sources[table]!;
      return [source.loaded_at_field, source.loaded_at_query, source.config['loaded_at_field']];
    };
    expect(loadedAt('source.laf.raw.by_metadata')).toEqual([null, null, null]);
    expect(loadedAt('source.laf.raw.inherited')).toEqual(['updated_at', null, 'updated_at']);
    expect(loadedAt('source.laf.queried.own_field')).toEqual(['id', null, 'id']);
    expect(loadedAt('source.laf.queried.own_query')).toEqual([null, 'select max(at) from x', null]);
    // Where dbt stops: an empty field, a field beside a query on one level.
    expect(graph.diagnostics.map((d) => `${d.code} ${d.severity} ${d.file}:${d.line} ${d.message}`)).toEqual([
      'invalid-loaded-at error models/sources.yml:14 Source table `queried.empty`: loaded_at_field cannot be an empty string.',
      'invalid-loaded-at error models/sources.yml:16 Source table `queried.both`: Cannot specify both loaded_at_field and loaded_at_query at table level.',
      // A source's own, once for all its tables.
      'invalid-loaded-at error models/sources.yml:19 Source `blank`: loaded_at_field cannot be an empty string.',
    ]);
  });

  it('writes dbt 1.10+ source fields: freshness and loaded_at_* in the config, database and schema as written', () => {
    const orders = manifest.sources['source.shape.raw.orders']!;
    expect(orders['config']).toMatchObject({
      freshness: orders['freshness'],
      loaded_at_field: '_loaded_at',
      loaded_at_query: null,
    });
    expect([orders['loaded_at_query'], orders['unrendered_schema'], orders['unrendered_database']]).toEqual([
      null,
      'landing',
      null,
    ]);
    // No freshness at all: dbt writes every threshold null in the config.
    expect((manifest.sources['source.shape.raw.events']?.['config'] as Record<string, unknown>)['freshness']).toEqual({
      warn_after: { count: null, period: null },
      error_after: { count: null, period: null },
      filter: null,
    });
    const jinja = compile(
      new Map([
        ['dbt_project.yml', 'name: j\nversion: "1"\nconfig-version: 2\n'],
        [
          'models/sources.yml',
          'sources:\n  - name: raw\n    database: "{{ target.database }}"\n    loaded_at_query: select 1\n    tables:\n      - name: t\n',
        ],
      ]),
      { project: '' },
    ).sources['source.j.raw.t']!;
    expect([jinja.database, jinja.unrendered_database, jinja.loaded_at_query]).toEqual([
      'analytics',
      '{{ target.database }}',
      'select 1',
    ]);
  });

  it("merges freshness as dbt's merge_source_freshness: config layers, complete thresholds, explicit nulls", () => {
    const yml = [
      'sources:',
      '  - name: raw',
      '    config:',
      '      freshness: {warn_after: {count: 12, period: hour}, filter: "x > 1"}',
      '    quoting: {identifier: true}',
      '    tables:',
      '      - name: partial',
      '        freshness: {warn_after: {count: 2}, filter: null}',
      '        quoting: {identifier: null}',
      '      - name: unset',
      '        freshness: {warn_after: null}',
      '',
    ].join('\n');
    const graph = compile(
      new Map([
        ['dbt_project.yml', 'name: fresh\nversion: "1"\nconfig-version: 2\n'],
        ['models/sources.yml', yml],
      ]),
      { project: '' },
    );
    const partial = graph.sources['source.fresh.raw.partial']!;
    // An incomplete threshold and a null filter change nothing; a null quoting key keeps the source's.
    expect(partial.freshness).toEqual({
      warn_after: { count: 12, period: 'hour' },
      error_after: { count: null, period: null },
      filter: 'x > 1',
    });
    expect(partial.quoting).toEqual({ database: null, schema: null, identifier: true, column: null });
    expect(graph.sources['source.fresh.raw.unset']?.freshness).toEqual({
      warn_after: null,
      error_after: { count: null, period: null },
      filter: 'x > 1',
    });
  });

  it('keeps CRLF and a BOM in raw_code and the checksum, as dbt reads file bytes; lines still count as editors do', () => {
    const sql = "\ufeffselect * from {{ ref('b') }}\r\n\r\nwhere 1 = 1\r\n";
    const graph = compile(
      new Map([
        ['dbt_project.yml', 'name: crlf\nversion: "1"\nconfig-version: 2\n'],
        ['models/a.sql', sql],
        ['models/b.sql', 'select 1 as id\n'],
      ]),
      { project: '' },
    );
    const json = toManifest(graph) as typeof manifest;
    const expected = "\ufeffselect * from {{ ref('b') }}\r\n\r\nwhere 1 = 1";
    expect(json.nodes['model.crlf.a']?.raw_code).toBe(expected);
    expect(json.nodes['model.crlf.a']?.checksum.checksum).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(graph.nodes['model.crlf.a']?.refs.map((r) => r.pos.line)).toEqual([1]);
  });
});

describe('hooks in a node config', () => {
  it('are written as dbt Hook objects: a string is its sql, a dict keeps transaction, a JSON object string is parsed', () => {
    const hooked = compile(
      new Map([
        [
          'dbt_project.yml',
          'name: shape\nversion: "1"\nconfig-version: 2\nmodels:\n  +post-hook: "grant select on {{ this }} to bi"\n',
        ],
        [
          'models/a.sql',
          [
            "{{ config(pre_hook=[{'sql': 'vacuum', 'transaction': false}, '{\"sql\": \"analyze\", \"index\": 2}']) }}",
            'select 1',
          ].join('\n'),
        ],
        ['models/b.sql', 'select 2'],
      ]),
    );
    const nodes = toManifest(hooked)['nodes'] as Record<string, { config: Record<string, unknown> }>;
    const a = nodes['model.shape.a']!.config;
    expect([a['pre-hook'], a['post-hook']]).toEqual([
      [
        { sql: 'vacuum', transaction: false, index: null },
        { sql: 'analyze', transaction: true, index: 2 },
      ],
      [{ sql: 'grant select on {{ this }} to bi', transaction: true, index: null }],
    ]);
    expect(nodes['model.shape.b']!.config['pre-hook']).toEqual([]);
    // The graph keeps hooks as written; only the manifest writes dbt's objects.
    expect(hooked.nodes['model.shape.b']!.config['post-hook']).toEqual(['grant select on {{ this }} to bi']);
  });
});

describe('a source table’s unrendered_config', () => {
  const graph = compile(
    new Map([
      [
        'dbt_project.yml',
        'name: shape\nversion: "1"\nconfig-version: 2\nsources:\n  shape:\n    +enabled: "{{ true }}"\n',
      ],
      [
        'models/sources.yml',
        [
          'sources:',
          '  - name: raw',
          '    loaded_at_field: _loaded_at',
          '    meta: {owner: core}',
          '    tags: [landing]',
          '    freshness: {warn_after: {count: 12, period: hour}}',
          '    tables:',
          '      - name: orders',
          '        config: {tags: [pii], meta: {tier: 1}}',
          '      - name: events',
          '        freshness: null',
          '  - name: plain',
          '    tables: [{name: t}]',
          '',
        ].join('\n'),
      ],
    ]),
  );
  const sources = toManifest(graph)['sources'] as Record<string, { unrendered_config: unknown }>;

  it('is what dbt hands its UnrenderedConfigGenerator: project configs as written, then the merged source keys', () => {
    expect(sources['source.shape.raw.orders']!.unrendered_config).toEqual({
      enabled: '{{ true }}',
      tags: ['landing', 'pii'],
      meta: { owner: 'core', tier: 1 },
      freshness: {
        warn_after: { count: 12, period: 'hour' },
        error_after: { count: null, period: null },
        filter: null,
      },
      loaded_at_field: '_loaded_at',
      loaded_at_query: null,
    });
    expect(Object.keys(sources['source.shape.raw.orders']!.unrendered_config as object)).toEqual([
      'enabled',
      'tags',
      'meta',
      'freshness',
      'loaded_at_field',
      'loaded_at_query',
    ]);
  });

  it('has a null freshness where a level sets it to null, and only the always-set keys for a bare table', () => {
    expect((sources['source.shape.raw.events']!.unrendered_config as Record<string, unknown>)['freshness']).toBeNull();
    expect(sources['source.shape.plain.t']!.unrendered_config).toEqual({
      enabled: '{{ true }}',
      loaded_at_field: null,
      loaded_at_query: null,
      meta: {},
      tags: [],
    });
  });
});

describe('hooks as dbt reads them before rendering', () => {
  const g = compile(
    new Map([
      ['dbt_project.yml', 'name: shape\nversion: "1"\nconfig-version: 2\n'],
      ['models/a.sql', 'select 1'],
      [
        'models/b.sql',
        [
          `{{ config(post_hook=['{"sql": "insert into {{ ref(\\'a\\') }} select 1", "transaction": false}', after_commit('vacuum {{ this }}')]) }}`,
          'select 2',
        ].join('\n'),
      ],
    ]),
  );

  it('read a JSON object string as its dict, so the refs in its sql count, and after_commit() gives one', () => {
    expect(g.diagnostics).toEqual([]);
    expect(g.nodes['model.shape.b']!.depends_on).toEqual({
      nodes: ['model.shape.a'],
      macros: ['macro.dbt.after_commit'],
    });
    const config = (toManifest(g)['nodes'] as Record<string, { config: Record<string, unknown> }>)['model.shape.b']!
      .config;
    expect(config['post-hook']).toEqual([
      { sql: "insert into {{ ref('a') }} select 1", transaction: false, index: null },
      { sql: 'vacuum {{ this }}', transaction: false, index: null },
    ]);
  });
});

describe('fields dbt 1.11 writes', () => {
  const g = compile(
    new Map([
      ['dbt_project.yml', 'name: shape\nversion: "1"\nconfig-version: 2\nmodels:\n  +materialized: view\n'],
      ['models/py_model.py', 'def model(dbt, session):\n    return dbt.ref("a")\n'],
      ['models/a.sql', 'select 1'],
      ['seeds/s.csv', 'id\n1\n'],
      [
        'models/props.yml',
        [
          'models:',
          '  - name: py_model',
          '    config: {materialized: incremental}',
          'groups:',
          '  - name: core',
          '    owner: {name: Core}',
          '    config: {meta: {tier: 1}}',
          'exposures:',
          '  - name: board',
          '    type: dashboard',
          '    owner: {name: BI}',
          '    config: {group: core, meta: {x: 1}}',
          '    depends_on: [ref("a")]',
          'sources:',
          '  - name: raw',
          '    freshness: null',
          '    tables:',
          '      - name: t',
          '        freshness: {warn_after: {count: 1, period: day}}',
          '',
        ].join('\n'),
      ],
    ]),
  );
  const manifest = toManifest(g) as Record<string, Record<string, Record<string, unknown>>>;

  it('make a Python model a table whatever YAML says (dbt adds a config() call), and record it unrendered', () => {
    expect(g.nodes['model.shape.py_model']!.config.materialized).toBe('table');
    expect(manifest['nodes']!['model.shape.py_model']!['unrendered_config']).toEqual({ materialized: 'table' });
  });

  it('write functions on models, not seeds; unrendered_config on exposures; config on groups', () => {
    expect(manifest['nodes']!['model.shape.a']!['functions']).toEqual([]);
    expect(Object.keys(manifest['nodes']!['seed.shape.s']!)).not.toContain('functions');
    expect(manifest['exposures']!['exposure.shape.board']!['unrendered_config']).toEqual({
      group: 'core',
      meta: { x: 1 },
    });
    expect(manifest['groups']!['group.shape.core']!['config']).toEqual({ meta: { tier: 1 } });
  });

  it('give a source table the freshness its last level sets, after a null one, unrendered too', () => {
    const source = manifest['sources']!['source.shape.raw.t']!;
    expect((source['unrendered_config'] as Record<string, unknown>)['freshness']).toEqual(
      (source['config'] as Record<string, unknown>)['freshness'],
    );
    expect((source['unrendered_config'] as Record<string, { warn_after: unknown }>)['freshness']!.warn_after).toEqual({
      count: 1,
      period: 'day',
    });
  });
});

describe('a project-level source freshness', () => {
  it('is merged under the entry’s levels for the table, and kept as written in unrendered_config', () => {
    const g = compile(
      new Map([
        [
          'dbt_project.yml',
          'name: shape\nversion: "1"\nconfig-version: 2\nsources:\n  +freshness: {warn_after: {count: 2, period: day}}\n',
        ],
        ['models/sources.yml', 'sources:\n  - name: raw\n    tables: [{name: t}]\n'],
      ]),
    );
    const source = (toManifest(g)['sources'] as Record<string, Record<string, Record<string, unknown>>>)[
      'source.shape.raw.t'
    ]!;
    expect(source['freshness']!['warn_after']).toEqual({ count: 2, period: 'day' });
    expect(source['unrendered_config']!['freshness']).toEqual({ warn_after: { count: 2, period: 'day' } });
  });
});
