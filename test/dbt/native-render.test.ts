// dbt renders property-file values natively (BaseRenderer: get_rendered(value, ctx, native=True)), so even a value
// without Jinja goes through Jinja and loses one newline at its end, as a `key: |` block scalar has one; the keys
// its SchemaYamlRenderer leaves alone (descriptions, tests) and the docs pass's text rendering keep it. Seen in a
// manifest dbt 1.11.12 wrote (horatrust: measures' `expr: |`).
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles, node } from './helpers.js';

type Json = Record<string, unknown>;

const files = {
  'dbt_project.yml': 'name: p\nversion: "1.0"\nconfig-version: 2\nprofile: p\n',
  'models/m.sql': 'select 1 as id, current_date as d',
  'models/schema.yml': [
    'models:',
    '  - name: m',
    '    description: |',
    '      keeps its newline',
    '    config:',
    '      meta:',
    '        note: |',
    '          loses it',
    '    columns:',
    '      - name: id',
    '        description: |',
    '          keeps it too',
    '        meta:',
    '          cm: |',
    '            loses it',
    'semantic_models:',
    '  - name: sm',
    "    model: ref('m')",
    '    defaults: {agg_time_dimension: d}',
    '    entities:',
    '      - name: e',
    '        type: primary',
    '        expr: |',
    '          id',
    '    dimensions:',
    '      - {name: d, type: time, type_params: {time_granularity: day}}',
    '    measures:',
    '      - name: n',
    '        agg: sum',
    '        expr: |',
    '          case when id = 1 then 1 else 0 end',
    'exposures:',
    '  - name: ex',
    '    type: dashboard',
    '    label: >',
    '      Ex label',
    '    owner:',
    '      name: |',
    '        Owner',
    "    depends_on: [ref('m')]",
    '',
  ].join('\n'),
};

describe('property-file values rendered as dbt renders them (natively)', () => {
  const manifest = toManifest(compileFiles(files, { project: '', tests: true })) as Record<
    string,
    Record<string, Json>
  >;
  const model = manifest['nodes']!['model.p.m']!;
  const column = (model['columns'] as Record<string, Json>)['id']!;

  it('drop the newline a block scalar ends with', () => {
    const sm = manifest['semantic_models']!['semantic_model.p.sm']!;
    expect((sm['measures'] as Json[])[0]!['expr']).toBe('case when id = 1 then 1 else 0 end');
    expect((sm['entities'] as Json[])[0]!['expr']).toBe('id');
    expect(model['config']).toMatchObject({ meta: { note: 'loses it' } });
    expect(column['meta']).toEqual({ cm: 'loses it' });
    const exposure = manifest['exposures']!['exposure.p.ex']!;
    expect(exposure['label']).toBe('Ex label');
    expect(exposure['owner']).toEqual({ email: null, name: 'Owner' });
  });

  it('drop it from a quoted scalar that ends with a blank line, in a file with no block scalar', () => {
    const quoted = {
      ...files,
      'models/schema.yml': "models:\n  - name: m\n    config:\n      meta:\n        note: 'loses it\n\n          '\n",
    };
    const graph = compileFiles(quoted, { project: '' });
    expect(graph.nodes['model.p.m']?.config.meta).toEqual({ note: 'loses it' });
  });

  it("keep it in a source's loaded_at_query, which dbt never renders", () => {
    const sources = {
      ...files,
      'models/sources.yml': [
        'sources:',
        '  - name: raw',
        '    loaded_at_query: |',
        "      select {{ 'max' }}(ts) from raw",
        '    tables:',
        '      - name: t',
        '        config:',
        '          loaded_at_query: |',
        '            select 1',
        '      - name: u',
        '',
      ].join('\n'),
    };
    const out = toManifest(compileFiles(sources, { project: '', tests: true })) as Record<string, Record<string, Json>>;
    expect(out['sources']!['source.p.raw.t']!['loaded_at_query']).toBe('select 1\n');
    // Jinja in it stays as written too: dbt runs it later.
    expect(out['sources']!['source.p.raw.u']!['loaded_at_query']).toBe("select {{ 'max' }}(ts) from raw\n");
  });

  it("render a version's own description with the rest, where doc() is not defined (dbt-core #11151)", () => {
    const versioned = {
      'dbt_project.yml': files['dbt_project.yml'],
      'models/m_v2.sql': 'select 2 as id',
      'models/docs.md': '{% docs d %}doc text{% enddocs %}',
      'models/schema.yml': [
        'models:',
        '  - name: m',
        '    latest_version: 2',
        '    versions:',
        '      - v: 1',
        '        description: |',
        '          loses it',
        '      - v: 2',
        '        description: "{{ doc(\'d\') }}"',
        '',
      ].join('\n'),
      'models/m_v1.sql': 'select 1 as id',
    };
    const graph = compileFiles(versioned, { project: '' });
    expect(graph.nodes['model.p.m.v1']?.description).toBe('loses it');
    expect(graph.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'unrendered-value', file: 'models/schema.yml', line: 9 }),
    ]);
  });

  it("render a macro's entry too, but its and its arguments' descriptions", () => {
    const macros = {
      'dbt_project.yml': files['dbt_project.yml'],
      'macros/cents.sql': '{% macro cents(x) %}{{ x }} * 100{% endmacro %}',
      'macros/macros.yml': [
        'macros:',
        '  - name: cents',
        '    description: |',
        '      keeps it',
        '    meta:',
        '      note: |',
        '        loses it',
        "      by: \"{{ var('who', 'ops') }}\"",
        '    arguments:',
        '      - name: x',
        '        type: |',
        '          int',
        '        description: |',
        '          keeps it too',
        // Not the file's end: dbt strips the file, and a block scalar there keeps no line break.
        '    docs:',
        '      show: true',
        '',
      ].join('\n'),
    };
    const out = toManifest(compileFiles(macros, { project: '', tests: true })) as Record<string, Record<string, Json>>;
    const macro = out['macros']!['macro.p.cents']!;
    expect(macro['description']).toBe('keeps it\n');
    expect(macro['meta']).toEqual({ note: 'loses it', by: 'ops' });
    expect(macro['arguments']).toEqual([{ name: 'x', type: 'int', description: 'keeps it too\n' }]);
  });

  it('keep it in descriptions, which dbt renders later as text', () => {
    expect(model['description']).toBe('keeps its newline\n');
    expect(column['description']).toBe('keeps it too\n');
  });
});

// dbt-common's quoted_native_concat looks at what a template writes, not at how it is written: one piece keeps its
// value whatever tags surround it, several are joined as text. Found on tuva-health/tuva's integration project,
// whose input sources switch off with `enabled: {% if ... -%} {{ false|as_bool }} {%- else -%} ... {%- endif -%}`.
describe('a template that writes one piece, inside tags, keeps its value as dbt renders it natively', () => {
  const project = {
    'dbt_project.yml': [
      'name: p',
      'version: "1.0"',
      'config-version: 2',
      'models:',
      '  p:',
      '    +meta:',
      '      n_set: "{% set n = 5 %}{{ n }}"',
      '      b_ws: "{%- if true -%} {{ true | as_bool }} {%- endif -%}"',
      '      joined: "{% if true %}{{ 5 }}{% endif %}{{ 6 }}"',
      '      text: "{% if true %}5{% endif %}"',
      '      folded: "{% if true %}{{ 1 + 1 }}{% endif %}"',
      '      empty: "{% if false %}{{ 5 }}{% endif %}"',
    ].join('\n'),
    'models/m.sql': 'select 1 as id',
    'models/sources.yml': [
      'sources:',
      '  - name: synthetic_off',
      '    config:',
      '      enabled: |',
      "        {% if var('synthetic', true) == true -%} {{ false|as_bool }} {%- else -%} {{ true|as_bool }} {%- endif -%}",
      '    tables: [{name: t}]',
      '  - name: live',
      '    config:',
      '      enabled: "{% if true %}{{ var(\'flag\', true) }}{% endif %}"',
      '      meta:',
      '        n: "{% set n = 7 %}{{ n }}"',
      '    tables: [{name: t}]',
    ].join('\n'),
  };

  it('as a model meta value: a number or boolean alone, text when pieces are joined or written as text', () => {
    const graph = compileFiles(project);
    expect(node(graph, 'model.p.m').config.meta).toEqual({
      n_set: 5,
      b_ws: true,
      joined: '56',
      text: '5',
      folded: '2',
      empty: '',
    });
  });

  it("as a source's enabled: a source switched off by a marked boolean inside {% if %} is disabled", () => {
    const graph = compileFiles(project);
    expect(Object.keys(graph.sources)).toEqual(['source.p.live.t']);
    expect(Object.keys(graph.disabledResources ?? {})).toEqual(['source.p.synthetic_off.t']);
    expect(graph.sources['source.p.live.t']!.config.meta).toEqual({ n: 7 });
  });
});

// dbt renders descriptions as text (the docs pass's get_rendered without native): a lone non-text value is its text.
describe('a description with Jinja', () => {
  it("renders as text, a lone number or boolean included (dbt writes '7', 'True')", () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: p\nversion: "1.0"\nconfig-version: 2\nvars:\n  days: 7\n  flag: true\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 1 as id',
      'models/schema.yml': [
        'models:',
        '  - name: a',
        '    description: "{{ var(\'days\') }}"',
        '  - name: b',
        '    description: "{% if true %}{{ var(\'flag\') }}{% endif %}"',
      ].join('\n'),
    });
    expect([node(graph, 'model.p.a').description, node(graph, 'model.p.b').description]).toEqual(['7', 'True']);
  });
});
