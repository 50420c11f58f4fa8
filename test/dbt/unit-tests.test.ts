// Unit tests (`unit_tests:` in property files) in the manifest, as dbt 1.9+ writes them (rules collected from
// dbt-core's UnitTestParser and two public projects' manifests, whose 6 checksums this code reproduces). The
// fixture (test/fixtures/dbt/unit-tests/bakery) has one test of each kind: dict rows with floats and dates, csv
// rows and a csv fixture file, a seed's rows, sql rows, overrides, a versioned model, and disabled ones.
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest.js';
import { csvDicts, promoteCompleteRow } from '../../src/dbt/unit-test-rows.js';
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
