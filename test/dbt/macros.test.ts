// The manifest's `macros`: the repository's own macros as dbt's MacroParser writes them, with the macros each one
// may call (dbt's macro_depends_on: every call of the syntax tree, in Jinja's visiting order, resolved by name).
// Checked against the 50 project macros of three public projects' manifests (dbt 1.8.7, 1.9.8, 1.10.3), all equal;
// the fixture (test/fixtures/dbt/macros/kitchen) is our own.
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest.js';
import { macroBlocks } from '../../src/dbt/macro-blocks.js';
import { loadFixture } from '../support/load-fixture.js';

const TARGET = { schema: 'public', database: 'analytics', type: 'postgres' };
const files = loadFixture('macros/kitchen');
const graph = compile(files, { project: '', target: TARGET, tests: true });
const macros = (toManifest(graph, TARGET) as { macros: Record<string, Record<string, unknown>> }).macros;
const KITCHEN = 'macro.kitchen';

describe('macros in the manifest', () => {
  it("are the project's macro, materialization and generic test blocks, in file order", () => {
    expect(Object.keys(macros)).toEqual([
      `${KITCHEN}.cents_to_dollars`,
      `${KITCHEN}.safe_divide`,
      `${KITCHEN}.default__safe_divide`,
      `${KITCHEN}.postgres__safe_divide`,
      `${KITCHEN}.kitchen_report`,
      `${KITCHEN}.materialization_lazy_table_postgres`,
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
      patch_path: 'kitchen://macros/_macros.yml',
      arguments: [{ name: 'column', type: 'string', description: 'The column holding cents.' }],
      created_at: 0,
      supported_languages: null,
    });
    expect(graph.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'property-without-node', file: 'macros/_macros.yml', line: 10 }),
    );
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
