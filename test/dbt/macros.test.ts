// The manifest's `macros`: the repository's own macros as dbt's MacroParser writes them, with the macros each one
// may call (dbt's macro_depends_on: every call of the syntax tree, in Jinja's visiting order, resolved by name).
// Checked against the 50 project macros of three public projects' manifests (dbt 1.8.7, 1.9.8, 1.10.3), all equal;
// the fixture (test/fixtures/dbt/macros/kitchen) is our own.
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { manifestShape } from '../../src/dbt/manifest/manifest-shape.js';
import { macroBlocks } from '../../src/dbt/macro-blocks.js';
import { loadFixture } from '../support/load-fixture.js';

const TARGET = { schema: 'public', database: 'analytics', type: 'postgres' };
const files = loadFixture('macros/kitchen');
const graph = compile(files, { project: '', target: TARGET, tests: true });
const macros = (toManifest(graph, TARGET) as { macros: Record<string, Record<string, unknown>> }).macros;
const KITCHEN = 'macro.kitchen';

describe('macros in the manifest', () => {
  it("are the project's macro, materialization and generic test blocks, in the order dbt walks the files", () => {
    // A folder's files before its subfolders' (os.walk), the generic tests after the macro paths.
    expect(Object.keys(macros)).toEqual([
      `${KITCHEN}.kitchen_report`,
      `${KITCHEN}.materialization_lazy_table_postgres`,
      `${KITCHEN}.cents_to_dollars`,
      `${KITCHEN}.safe_divide`,
      `${KITCHEN}.default__safe_divide`,
      `${KITCHEN}.postgres__safe_divide`,
      `${KITCHEN}.test_is_positive`,
    ]);
  });

  it('are written field by field as dbt writes them, a macros: property entry applied', () => {
    expect(macros[`${KITCHEN}.cents_to_dollars`]).toEqual({
      name: 'cents_to_dollars',
      resource_type: 'macro',
      package_name: 'kitchen',
      path: 'macros/money/cents.sql',
      original_file_path: 'macros/money/cents.sql',
      unique_id: `${KITCHEN}.cents_to_dollars`,
      macro_sql: '{% macro cents_to_dollars(column) %}({{ column }} / 100)::numeric(16, 2){% endmacro %}',
      depends_on: { macros: [] },
      description: 'Turns an amount in cents into dollars.',
      meta: { owner: 'finance' },
      docs: { show: true, node_color: null },
      config: { meta: { owner: 'finance' }, docs: { show: true, node_color: null } },
      patch_path: 'kitchen://macros/_macros.yml',
      arguments: [{ name: 'column', type: 'string', description: 'The column holding cents.' }],
      created_at: 0,
      supported_languages: null,
    });
    expect(graph.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'property-without-node', file: 'macros/_macros.yml', line: 10 }),
    );
  });

  it("merge an entry's config: meta and docs over its top-level ones, key by key, as newer dbt does", () => {
    const g = compile(
      new Map([
        ['dbt_project.yml', 'name: m\nversion: "1"\nconfig-version: 2\n'],
        ['macros/a.sql', '{% macro a() %}1{% endmacro %}{% macro b() %}2{% endmacro %}'],
        [
          'macros/a.yml',
          [
            'macros:',
            '  - name: a',
            '    meta: {top: 1, both: top}',
            '    docs: {show: true, node_color: "#AAAAAA"}',
            '    config:',
            '      meta: {both: config}',
            '      docs: {node_color: "#BBBBBB"}',
            '  - name: b',
            '    config: {meta: {only: config}, docs: {show: false}}',
            '',
          ].join('\n'),
        ],
      ]),
      { project: '', target: TARGET, tests: true },
    );
    const written = (toManifest(g, TARGET) as { macros: Record<string, Record<string, unknown>> }).macros;
    expect([written['macro.m.a']!['meta'], written['macro.m.a']!['docs']]).toEqual([
      { top: 1, both: 'config' },
      { show: true, node_color: '#BBBBBB' },
    ]);
    expect([written['macro.m.b']!['meta'], written['macro.m.b']!['docs']]).toEqual([
      { only: 'config' },
      { show: false, node_color: null },
    ]);
    // dbt 1.11.8+ writes them under the macro's `config` too; before, it has no `config`.
    expect(written['macro.m.a']!['config']).toEqual({
      meta: { top: 1, both: 'config' },
      docs: { show: true, node_color: '#BBBBBB' },
    });
    const older = toManifest(g, { ...TARGET, shape: manifestShape('1.11.5')! }) as {
      macros: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(older.macros['macro.m.a']!)).not.toContain('config');
  });

  it("record the macros a macro may call: every branch, dbt's own, installed packages', not context functions", () => {
    expect(macros[`${KITCHEN}.kitchen_report`]!['depends_on']).toEqual({
      macros: [
        'macro.dbt.is_incremental',
        `${KITCHEN}.cents_to_dollars`,
        `${KITCHEN}.safe_divide`,
        'macro.dbt.run_query',
        'macro.dbt_utils.star',
        // `column.replace(...)`: dbt looks the name up as a macro whatever comes before the dot.
        'macro.dbt.replace',
      ],
    });
  });

  it("record what adapter.dispatch finds for the target's adapter in the named namespace", () => {
    expect(macros[`${KITCHEN}.safe_divide`]!['depends_on']).toEqual({ macros: [`${KITCHEN}.postgres__safe_divide`] });
    const duckdb = compile(files, { project: '', target: { ...TARGET, type: 'duckdb' }, tests: true });
    expect(duckdb.macros?.[`${KITCHEN}.safe_divide`]?.depends_on.macros).toEqual([`${KITCHEN}.default__safe_divide`]);
  });

  it("cut macro_sql as dbt's block lexer does: `{%-` takes the whitespace before, `-%}` the whitespace after", () => {
    expect(macros[`${KITCHEN}.default__safe_divide`]!['macro_sql']).toBe(
      '\n\n{%- macro default__safe_divide(numerator, denominator) -%}\n' +
        '  case when {{ denominator }} = 0 then null else {{ numerator }} / {{ denominator }} end\n' +
        '{%- endmacro -%}\n\n',
    );
    expect(macros[`${KITCHEN}.materialization_lazy_table_postgres`]!['supported_languages']).toEqual(['sql', 'python']);
  });

  it('are built for the manifest only, not for reviews', () => {
    expect(compile(files, { project: '', target: TARGET }).macros).toBeUndefined();
  });
});

describe('macros dbt reads in less common ways', () => {
  const build = (extra: Record<string, string>) => {
    const files = new Map(
      Object.entries({
        'dbt_project.yml': 'name: pantry\nversion: "1"\nconfig-version: 2\n',
        'models/a.sql': 'select 1',
        ...extra,
      }),
    );
    const g = compile(files, { project: '', target: TARGET, tests: true });
    return { graph: g, macros: g.macros ?? {} };
  };
  const problems = (g: ReturnType<typeof build>['graph']) =>
    g.diagnostics
      .filter((d) => ['invalid-macro', 'duplicate-property'].includes(d.code))
      .map((d) => `${d.file}:${d.line} ${d.message}`);

  it("record what a materialization's body calls, and keep a raw block inside a macro whole", () => {
    const { macros: m } = build({
      'macros/helpers.sql': '{% macro helper() %}1{% endmacro %}',
      'macros/lazy.sql': [
        '{% materialization lazy, default %}',
        "  {% call statement('main') %}{{ helper() }}{% endcall %}",
        '  {{ return({}) }}',
        '{% endmaterialization %}',
        '',
        '{% macro keeps_raw() %}{% raw %}{% endmacro %}{% endraw %}{{ helper() }}{% endmacro %}',
      ].join('\n'),
    });
    expect(m['macro.pantry.materialization_lazy_default']?.depends_on.macros).toEqual([
      'macro.dbt.statement',
      'macro.pantry.helper',
    ]);
    expect(m['macro.pantry.keeps_raw']?.macro_sql).toBe(
      '{% macro keeps_raw() %}{% raw %}{% endmacro %}{% endraw %}{{ helper() }}{% endmacro %}',
    );
    expect(m['macro.pantry.keeps_raw']?.depends_on.macros).toEqual(['macro.pantry.helper']);
  });

  it("resolve dbt.x to the project's macro when dbt has none of that name, and dbt's own macros by name", () => {
    const { macros: m } = build({
      'macros/h.sql':
        '{% macro h1() %}1{% endmacro %}\n{% macro uses() %}{{ dbt.h1() }}{{ dbt.current_timestamp() }}' +
        '{% do create_indexes(this) %}{{ get_quoted_csv(["a"]) }}{% endmacro %}',
    });
    expect(m['macro.pantry.uses']?.depends_on.macros).toEqual([
      'macro.pantry.h1',
      'macro.dbt.current_timestamp',
      'macro.dbt.create_indexes',
      'macro.dbt.get_quoted_csv',
    ]);
  });

  it("resolve dbt's naming macros a project's override calls: generate_schema_name_for_env, the default__ ones", () => {
    const { macros: m } = build({
      'macros/naming.sql': [
        '{% macro generate_schema_name(custom_schema_name, node) %}',
        '{{ generate_schema_name_for_env(custom_schema_name, node) }}{% endmacro %}',
        '{% macro generate_alias_name(custom_alias_name=none, node=none) %}',
        '{{ dbt.default__generate_alias_name(custom_alias_name, node) }}{% endmacro %}',
      ].join('\n'),
    });
    expect(m['macro.pantry.generate_schema_name']?.depends_on.macros).toEqual([
      'macro.dbt.generate_schema_name_for_env',
    ]);
    expect(m['macro.pantry.generate_alias_name']?.depends_on.macros).toEqual([
      'macro.dbt.default__generate_alias_name',
    ]);
  });

  it('report what stops dbt: a block not at the top, nested or unterminated, a block that does not parse, a macro described twice', () => {
    const { graph: g } = build({
      'macros/wrapped.sql': '{% if true %}\n{% macro wrapped() %}1{% endmacro %}\n{% endif %}',
      'macros/nested.sql': '{% macro outer() %}\n{% macro inner() %}1{% endmacro %}\n{% endmacro %}',
      'tests/generic/open.sql': '{% test open(model) %}\nselect 1',
      'tests/generic/bad.sql': '{% test bad(model) %}\n{{ foo( }}\n{% endtest %}',
      'macros/twice.yml': 'macros:\n  - name: wrapped\n    description: one\n  - name: wrapped\n    description: two\n',
    });
    expect(problems(g)).toEqual([
      'macros/nested.sql:2 a `macro` block inside another block (dbt stops here)',
      'macros/wrapped.sql:2 a `macro` block must be at the top level of the file (dbt stops here)',
      'tests/generic/open.sql:1 a `test` block has no `{% endtest %}` (dbt stops here)',
      'tests/generic/bad.sql:2 `test_bad` does not parse (dbt stops here): Tag `{{` is never closed with `}}`.',
      'macros/twice.yml:4 macro `wrapped` is described twice (dbt stops here); this entry is ignored',
    ]);
  });

  it('leave a BOM out of the whitespace an opening `{%-` takes', () => {
    const { macros: m } = build({ 'macros/bom.sql': '\ufeff  {%- macro bom() %}1{% endmacro %}' });
    expect(m['macro.pantry.bom']?.macro_sql).toBe('  {%- macro bom() %}1{% endmacro %}');
  });
});

describe('macro blocks', () => {
  it('skip comments, expressions and raw blocks, and count lines in the file as written', () => {
    const text = [
      '',
      '{# {% macro commented() %}{% endmacro %} #}',
      "{{ '{% macro in_a_string() %}' }}",
      '{% raw %}{% macro raw_one() %}{% endmacro %}{% endraw %}',
      '{% macro real_one() %}{{ "%}" }}{% endmacro %}',
      '',
    ].join('\n');
    expect(macroBlocks(text, new Set(['macro']))).toEqual([
      {
        kind: 'macro',
        name: 'real_one',
        sql: '{% macro real_one() %}{{ "%}" }}{% endmacro %}',
        line: 5,
        supportedLanguages: null,
      },
    ]);
  });
});

describe("macros' arguments from their signatures (dbt's validate_macro_args, on by default in dbt 1.12)", () => {
  const argumentsOf = (manifest: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries((manifest as { macros: Record<string, { arguments: unknown }> }).macros).map(([id, m]) => [
        id.slice(KITCHEN.length + 1),
        m.arguments,
      ]),
    );
  const none = (name: string) => ({ name, type: null, description: '' });

  it('lists each parameter, a property entry giving them replacing them, with the 1.12 shape', () => {
    expect(argumentsOf(toManifest(graph, { ...TARGET, shape: manifestShape('1.12')! }))).toEqual({
      kitchen_report: [none('column')],
      materialization_lazy_table_postgres: [],
      // The entry's own arguments, as written.
      cents_to_dollars: [{ name: 'column', type: 'string', description: 'The column holding cents.' }],
      safe_divide: [none('numerator'), none('denominator')],
      default__safe_divide: [none('numerator'), none('denominator')],
      postgres__safe_divide: [none('numerator'), none('denominator')],
      test_is_positive: [none('model'), none('column_name')],
    });
  });

  it("lists none but the entry's before 1.12, unless the project turns the flag on", () => {
    expect(argumentsOf(toManifest(graph, TARGET))['safe_divide']).toEqual([]);
    const flagged = new Map(files);
    flagged.set('dbt_project.yml', `${files.get('dbt_project.yml')!}\nflags:\n  validate_macro_args: true\n`);
    const withFlag = argumentsOf(toManifest(compile(flagged, { project: '', target: TARGET, tests: true }), TARGET));
    expect(withFlag['safe_divide']).toEqual([none('numerator'), none('denominator')]);
    expect(withFlag['cents_to_dollars']).toEqual(argumentsOf(toManifest(graph, TARGET))['cents_to_dollars']);
  });
});
