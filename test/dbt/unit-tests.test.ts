// Unit tests (`unit_tests:` in property files) in the manifest, as dbt 1.9+ writes them (rules collected from
// dbt-core's UnitTestParser and two public projects' manifests, whose 6 checksums this code reproduces). The
// fixture (test/fixtures/dbt/unit-tests/bakery) has one test of each kind: dict rows with floats and dates, csv
// rows and a csv fixture file, a seed's rows, sql rows, overrides, a versioned model, and disabled ones.
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { csvDicts, promoteCompleteRow } from '../../src/dbt/tests/unit-test-rows.js';
import { loadFixture } from '../support/load-fixture.js';

const TARGET = { schema: 'public', database: 'analytics', type: 'duckdb' };
const files = loadFixture('unit-tests/bakery');
const graph = compile(files, { project: '', target: TARGET, tests: true });
const manifest = toManifest(graph, TARGET) as {
  unit_tests: Record<string, Record<string, unknown>>;
  disabled: Record<string, Array<Record<string, unknown>>>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
};
const units = manifest.unit_tests;
const ORDERS = 'unit_test.bakery.orders';

describe('unit tests in the manifest', () => {
  it('are the enabled tests, one per version of a versioned model', () => {
    expect(Object.keys(units).sort()).toEqual([
      'unit_test.bakery.loaves.every_loaf_has_a_name_v1',
      'unit_test.bakery.loaves.every_loaf_has_a_name_v2',
      'unit_test.bakery.loaves.only_the_first_version_v1',
      `${ORDERS}.amount_is_price_times_quantity`,
      `${ORDERS}.amounts_from_csv`,
      `${ORDERS}.orders_from_the_seed`,
    ]);
  });

  it('are written field by field as dbt writes them, in its key order', () => {
    const unit = units[`${ORDERS}.amount_is_price_times_quantity`]!;
    expect(Object.keys(unit)).toEqual([
      'model',
      'given',
      'expect',
      'name',
      'resource_type',
      'package_name',
      'path',
      'original_file_path',
      'unique_id',
      'fqn',
      'description',
      'overrides',
      'depends_on',
      'config',
      'checksum',
      'schema',
      'created_at',
      'versions',
      'version',
    ]);
    expect(unit).toEqual({
      model: 'orders',
      // YAML dates as Python's isoformat(); a float written 5.00 is the number 5 in JSON (dbt writes 5.0).
      given: [
        {
          input: "ref('stg_orders')",
          rows: [
            { order_id: 1, loaf_price: 5, quantity: 2, ordered_at: '2024-03-01T08:15:00' },
            { order_id: 2, loaf_price: 0.5, quantity: 4, ordered_at: '2024-03-02' },
          ],
          format: 'dict',
          fixture: null,
        },
      ],
      expect: {
        rows: [
          { order_id: 1, amount: 10, ordered_on: '2024-03-01' },
          { order_id: 2, amount: 2, ordered_on: '2024-03-02' },
        ],
        format: 'dict',
        fixture: null,
      },
      name: 'amount_is_price_times_quantity',
      resource_type: 'unit_test',
      package_name: 'bakery',
      path: 'sales/_sales.yml',
      original_file_path: 'models/sales/_sales.yml',
      unique_id: `${ORDERS}.amount_is_price_times_quantity`,
      fqn: ['bakery', 'sales', 'orders', 'amount_is_price_times_quantity'],
      // Not rendered: dbt leaves a unit test's description as written.
      description: "The amount is {{ 'not rendered' }} here.",
      overrides: null,
      depends_on: { macros: [], nodes: ['model.bakery.orders'] },
      // dbt_project.yml's `unit_tests:` (tags appended, meta by key), then the entry's `config:`.
      config: { tags: ['unit', 'checkout'], meta: { owner: 'sales-team' }, enabled: true },
      // sha256 of dbt's f-string of the test; computed independently with Python's own repr (5.0, not 5).
      checksum: '3f99a25b93c71b445afeb7c386a62fdee965a41e171a3a9b44aa34ffa83c8fc0',
      schema: 'public',
      created_at: 0,
      versions: null,
      version: null,
    });
  });

  it('read csv rows as text, empty as None, the first complete row first, and fixture files', () => {
    const unit = units[`${ORDERS}.amounts_from_csv`]!;
    expect(unit['given']).toEqual([
      {
        input: "ref('stg_orders')",
        rows: [
          { order_id: '2', loaf_price: '4.5', quantity: '2' },
          { order_id: '1', loaf_price: null, quantity: '2' },
        ],
        format: 'csv',
        fixture: null,
      },
    ]);
    expect(unit['expect']).toEqual({
      rows: [
        { order_id: '1', amount: '9.0' },
        { order_id: '2', amount: null },
      ],
      format: 'csv',
      fixture: 'expected_amounts',
    });
    expect(unit['checksum']).toBe('cfa5c26c31ff96dcf57ff2cdecefe5202d2abeea99a413b8812850cbd8e2a309');
  });

  it("take a dict input's rows from the seed it refs, keep sql rows as text, and write overrides", () => {
    const unit = units[`${ORDERS}.orders_from_the_seed`]!;
    expect(unit['given']).toEqual([
      {
        input: "ref('raw_orders')",
        rows: [
          { order_id: '1', loaf_price: '4.50', quantity: '2', ordered_at: '2024-03-01 08:15:00' },
          { order_id: '2', loaf_price: '', quantity: '1', ordered_at: '2024-03-02 09:00:00' },
        ],
        format: 'dict',
        fixture: null,
      },
      { input: "ref('stg_orders')", rows: 'select 1 as order_id', format: 'sql', fixture: null },
    ]);
    expect(unit['overrides']).toEqual({ macros: {}, vars: { bakery_day: '2024-03-01' }, env_vars: {} });
    expect(unit['checksum']).toBe('fab08f7202c92f9b8ccb01ddf547ef1509959c9558e9e74de64f485662ae2811');
  });

  it('test each version of a versioned model (the id suffixed, name and fqn kept), or those `versions` include', () => {
    const v2 = units['unit_test.bakery.loaves.every_loaf_has_a_name_v2']!;
    expect([v2['name'], v2['version'], v2['depends_on'], v2['fqn']]).toEqual([
      'every_loaf_has_a_name',
      2,
      { macros: [], nodes: ['model.bakery.loaves.v2'] },
      ['bakery', 'catalog', 'loaves', 'every_loaf_has_a_name'],
    ]);
    const only = units['unit_test.bakery.loaves.only_the_first_version_v1']!;
    expect([only['versions'], only['version'], only['checksum']]).toEqual([
      { include: [1], exclude: null },
      1,
      '83d315554658c54678d13f373c458eddc0a06419935a642ab16757f05ebe1489',
    ]);
  });

  it('list a test disabled by its config, or of a disabled model (no model, no schema), under disabled', () => {
    const off = manifest.disabled[`${ORDERS}.switched_off`]![0]!;
    expect([off['config'], off['depends_on'], off['schema']]).toEqual([
      { tags: ['unit'], meta: { owner: 'sales-team' }, enabled: false },
      { macros: [], nodes: ['model.bakery.orders'] },
      'public',
    ]);
    const retired = manifest.disabled['unit_test.bakery.retired.retired_model']![0]!;
    expect([retired['config'], retired['depends_on'], retired['schema']]).toEqual([
      { tags: ['unit'], meta: { owner: 'sales-team' }, enabled: false },
      { macros: [], nodes: [] },
      null,
    ]);
  });

  it('report a test of a model the project does not have, where it is written', () => {
    expect(graph.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'invalid-unit-test',
        severity: 'error',
        file: 'models/sales/_sales.yml',
        line: 61,
      }),
    );
    expect(Object.keys(units).some((id) => id.includes('no_such_model'))).toBe(false);
  });

  it('are in parent_map and child_map (dbt 1.8+), disabled ones not', () => {
    expect(manifest.parent_map[`${ORDERS}.amounts_from_csv`]).toEqual(['model.bakery.orders']);
    expect(manifest.child_map[`${ORDERS}.amounts_from_csv`]).toEqual([]);
    expect(manifest.child_map['model.bakery.orders']).toEqual([
      `${ORDERS}.amount_is_price_times_quantity`,
      `${ORDERS}.amounts_from_csv`,
      `${ORDERS}.orders_from_the_seed`,
    ]);
    expect(manifest.parent_map[`${ORDERS}.switched_off`]).toBeUndefined();
  });

  it('are built for the manifest only, not for reviews', () => {
    expect(compile(files, { project: '', target: TARGET }).unitTests).toBeUndefined();
  });
});

describe('unit test rows', () => {
  it("read csv text as Python's csv.DictReader: quotes, blank lines skipped, short records padded with None", () => {
    expect(csvDicts('id,name\r\n1,"rye, dark"\n\n2,"say ""hi"""\n3\n')).toEqual([
      { id: '1', name: 'rye, dark' },
      { id: '2', name: 'say "hi"' },
      { id: '3', name: null },
    ]);
  });

  it('swap the first row without a None to the front, and leave rows alone when there is none', () => {
    const rows = [
      { a: null, b: 'd' },
      { a: null, b: 'e' },
      { a: 6, b: 'f' },
    ];
    expect(promoteCompleteRow(rows)).toEqual([
      { a: 6, b: 'f' },
      { a: null, b: 'e' },
      { a: null, b: 'd' },
    ]);
    expect(promoteCompleteRow([{ a: null }, { a: null }])).toEqual([{ a: null }, { a: null }]);
  });
});

describe('unit tests that dbt reads in less common ways', () => {
  const base = {
    'dbt_project.yml': 'name: mill\nversion: "1"\nconfig-version: 2\n',
    'models/flour.sql': 'select 1 as id',
    'seeds/grains.csv': 'id,name\n1,spelt\n',
  };
  const build = (yaml: string, extra: Record<string, string> = {}, tests = true) => {
    const files = new Map(Object.entries({ ...base, ...extra, 'models/_units.yml': yaml }));
    const compiled = compile(files, { project: '', target: TARGET, tests });
    const written = toManifest(compiled, TARGET) as typeof manifest;
    return { graph: compiled, manifest: written };
  };
  const problems = (g: { diagnostics: Array<{ code: string; message: string; line?: number }> }) =>
    g.diagnostics.filter((d) => d.code === 'invalid-unit-test').map((d) => `${d.line}: ${d.message}`);

  it('strip a fixture file as dbt stores it, and hash its rows too', () => {
    const yaml = [
      'unit_tests:',
      '  - name: from_files',
      '    model: flour',
      '    given:',
      '      - {input: "ref(\'grains\')", format: sql, fixture: one_grain}',
      '    expect: {format: csv, fixture: grain_rows}',
      '',
    ].join('\n');
    const { graph: g, manifest: m } = build(yaml, {
      'tests/fixtures/one_grain.sql': '\nselect 1 as id\n\n',
      'tests/fixtures/more/grain_rows.csv': '\nid,name\n1,spelt\n',
    });
    expect(problems(g)).toEqual([]);
    const unit = m.unit_tests['unit_test.mill.flour.from_files']!;
    expect(unit['given']).toEqual([
      { input: "ref('grains')", rows: 'select 1 as id', format: 'sql', fixture: 'one_grain' },
    ]);
    expect(unit['expect']).toEqual({ rows: [{ id: '1', name: 'spelt' }], format: 'csv', fixture: 'grain_rows' });
    // Python: sha256 of the f-string with the fixture's rows appended ("-'select 1 as id'").
    expect(unit['checksum']).toBe('ea55b8d169b2fe178640cbbf952becb2f268e84837cafa259fcaf21b0cc73533');
  });

  it("write extra csv fields under None, as DictReader's restkey, and floats as Python's repr in the checksum", () => {
    const yaml = [
      'unit_tests:',
      '  - name: odd_rows',
      '    model: flour',
      '    given:',
      "      - input: ref('grains')",
      '        format: csv',
      '        rows: "id,name\\n1,spelt,\\n"',
      '    expect:',
      '      rows:',
      '        - {id: 1, rate: 0.00001, big: 1.0e+16}',
      '',
    ].join('\n');
    const { graph: g, manifest: m } = build(yaml);
    expect(problems(g)).toEqual([]);
    const unit = m.unit_tests['unit_test.mill.flour.odd_rows']!;
    expect((unit['given'] as Array<{ rows: unknown }>)[0]!.rows).toEqual([{ id: '1', name: 'spelt', null: [''] }]);
    // Python (PyYAML's values, dbt's f-string): {None: ['']} and 1e-05, 1e+16.
    expect(unit['checksum']).toBe('c33d9cd5ece21ca173d48b53d51a0693232a10af9202acc1e843a666be46e1b6');
  });

  it('list a disabled test of a model that does not exist under disabled, without an error', () => {
    const yaml = [
      'unit_tests:',
      '  - {name: parked, model: gone, config: {enabled: false}, given: [], expect: {rows: []}}',
      '',
    ].join('\n');
    const { graph: g, manifest: m } = build(yaml);
    expect(problems(g)).toEqual([]);
    const parked = m.disabled['unit_test.mill.gone.parked']![0]!;
    expect([parked['depends_on'], parked['schema']]).toEqual([{ macros: [], nodes: [] }, null]);
  });

  it("take a dict input's rows from a seed named with its package, and only from a seed of that package", () => {
    const yaml = [
      'unit_tests:',
      '  - name: seeded',
      '    model: flour',
      '    given:',
      "      - input: ref('mill', 'grains')",
      "      - input: ref('elsewhere', 'grains')",
      '    expect: {rows: []}',
      '',
    ].join('\n');
    const { graph: g, manifest: m } = build(yaml);
    const given = m.unit_tests['unit_test.mill.flour.seeded']!['given'] as Array<{ rows: unknown }>;
    expect(given.map((x) => x.rows)).toEqual([[{ id: '1', name: 'spelt' }], []]);
    expect(problems(g)).toEqual([
      "2: unit test `seeded`: a dict input without rows takes a seed's rows: `ref('elsewhere', 'grains')` is no ref() to a seed of `elsewhere`",
    ]);
  });

  it('report entries dbt would refuse, at their line, and still compile the rest', () => {
    const yaml = [
      'unit_tests:',
      '  - {name: no_list, model: flour, given: {input: x}, expect: {rows: []}}',
      '  - {name: no_expect, model: flour, given: []}',
      '  - {name: bad_rows, model: flour, given: [{input: "ref(\'grains\')", rows: 3}], expect: {rows: [1]}}',
      '  - {name: bad_sql, model: flour, given: [{input: x, format: sql, rows: [1]}], expect: {rows: []}}',
      '  - {name: bad_versions, model: flour, versions: v2, given: [], expect: {rows: []}}',
      '  - {name: bad_config, model: flour, config: {meta: x, enabled: maybe}, given: [], expect: {rows: []}}',
      '  - {name: no_model, given: [], expect: {rows: []}}',
      '',
    ].join('\n');
    const { graph: g, manifest: m } = build(yaml);
    expect(problems(g)).toEqual([
      '2: unit test `no_list`: `given` must be a list',
      '3: unit test `no_expect`: it has no `expect`',
      '4: unit test `bad_rows`: a `given` input: the rows of a dict fixture must be a list',
      '4: unit test `bad_rows`: `expect`: every row of a dict fixture must be a mapping',
      '5: unit test `bad_sql`: a `given` input: a sql fixture needs `rows` (text) or `fixture`',
      '6: unit test `bad_versions`: `versions` must be a mapping of `include` or `exclude`',
      '7: unit test `bad_config`: `meta` must be a mapping',
      '7: unit test `bad_config`: `enabled` must be true or false',
      '8: unit test `no_model`: it has no `model`',
    ]);
    expect(Object.keys(m.unit_tests)).toContain('unit_test.mill.flour.no_list');
    expect(g.nodes['model.mill.flour']).toBeDefined();
  });

  it('are rendered only when they are built: a review never sees their Jinja', () => {
    const yaml = [
      'unit_tests:',
      '  - name: jinja_rows',
      '    model: flour',
      '    given: []',
      '    expect:',
      '      rows:',
      '        - {id: "{{ 1 + 1 }}", broken: "{{ 1 + }}"}',
      '',
    ].join('\n');
    const withTests = build(yaml);
    expect(
      (withTests.manifest.unit_tests['unit_test.mill.flour.jinja_rows']!['expect'] as { rows: unknown }).rows,
      // A constant expression is folded to its text as Jinja compiles it: dbt's native rendering gets "2".
    ).toEqual([expect.objectContaining({ id: '2' })]);
    expect(withTests.graph.diagnostics.some((d) => d.file === 'models/_units.yml')).toBe(true);
    expect(build(yaml, {}, false).graph.diagnostics.filter((d) => d.file === 'models/_units.yml')).toEqual([]);
  });
});
