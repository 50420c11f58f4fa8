// A model's primary_key as dbt 1.9+ infers it (ModelNode.infer_primary_key, then sorted): constraints first, then
// unique + not_null tests, then unique tests (enabled before disabled), read from property entries as dbt reads them.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { inferPrimaryKey, modelTests } from '../../src/dbt/primary-key.js';
import { compileFixture, diagnosticsOf, node } from './helpers.js';

const graph = compileFixture('primary-key');
const manifest = toManifest(graph) as {
  nodes: Record<string, { primary_key?: unknown }>;
  disabled: Record<string, Array<{ primary_key?: unknown }>>;
};
const keyOf = (name: string) => manifest.nodes[`model.keys.${name}`]?.primary_key;

describe('primary_key', () => {
  it('compiles the fixture without diagnostics (no contract: dbt 1.8-1.11 check primary keys under one only)', () => {
    expect(diagnosticsOf(graph)).toEqual([]);
  });

  it("takes a model-level primary_key constraint's columns first, sorted", () => {
    expect(keyOf('by_model_constraint')).toEqual(['line_no', 'order_id']);
  });

  it('else takes the first column with a primary_key constraint', () => {
    expect(keyOf('by_column_constraint')).toEqual(['b']);
  });

  it('else takes columns with a not_null and a unique test, the unique one enabled or disabled', () => {
    expect(keyOf('by_unique_and_not_null')).toEqual(['code', 'id']);
  });

  it('else takes columns with an enabled unique test', () => {
    expect(keyOf('by_enabled_unique')).toEqual(['id']);
  });

  it('else takes columns with a disabled unique test', () => {
    expect(keyOf('by_disabled_unique')).toEqual(['x']);
  });

  it('reads unique_combination_of_columns of any namespace, with its arguments under `arguments:`', () => {
    expect(keyOf('by_combination')).toEqual(['day', 'store']);
  });

  it('reads model-level tests by their column_name, in the `test_name:` form too', () => {
    expect(keyOf('by_model_level_tests')).toEqual(['id']);
  });

  it('loses a top-level `enabled: false` written next to a `config:` dict, as dbt does', () => {
    // id's unique test stays enabled; backup_id's is disabled: enabled unique tests win.
    expect(keyOf('legacy_enabled')).toEqual(['id']);
  });

  it('is empty without constraints or unique tests, and for disabled models', () => {
    expect(keyOf('no_key')).toEqual([]);
    expect(node(graph, 'model.keys.no_key').primary_key).toBeUndefined();
    expect(manifest.disabled['model.keys.disabled_model']?.[0]?.primary_key).toEqual([]);
  });

  it("infers each version's key from its own columns, and its own tests when it lists any", () => {
    // v1: all columns and the model's tests; v2: `id` excluded, its own `sku`; v3: `data_tests: []` replaces them.
    expect(keyOf('versioned.v1')).toEqual(['id']);
    expect(keyOf('versioned.v2')).toEqual(['key', 'sku']);
    expect(keyOf('versioned.v3')).toEqual([]);
  });

  it('is written for models only', () => {
    const seedGraph = compileFixture('seeds-snapshots');
    const nodes = (toManifest(seedGraph) as { nodes: Record<string, Record<string, unknown>> }).nodes;
    expect(nodes['seed.history.countries']).not.toHaveProperty('primary_key');
    expect(nodes['snapshot.history.orders_snapshot']).not.toHaveProperty('primary_key');
  });
});

describe('primary_key from tests as written', () => {
  const infer = (entry: Record<string, unknown>) => inferPrimaryKey([], {}, modelTests(entry));

  it('sorts by code point, as Python sorts strings', () => {
    // U+1F600 is two UTF-16 units starting at 0xD83D: JavaScript's default sort would put it before U+FF5E.
    const entry = { columns: ['b', '\u{1F600}', 'B', '\uFF5E', 'a'].map((name) => ({ name, tests: ['unique'] })) };
    expect(infer(entry)).toEqual(['B', 'a', 'b', '\uFF5E', '\u{1F600}']);
  });

  it('reads `enabled` from `config:` over a falsy top-level one, and `False` as Jinja renders it', () => {
    const tests = modelTests({
      columns: [
        { name: 'a', tests: [{ unique: { enabled: false } }] },
        { name: 'b', tests: [{ unique: { config: { enabled: 'False' } } }] },
        { name: 'c', tests: [{ unique: { enabled: false, config: { enabled: true } } }] },
      ],
    });
    expect(tests.map((t) => [t.columns[0], t.enabled])).toEqual([
      ['a', false],
      ['b', false],
      ['c', true],
    ]);
  });

  it('skips tests dbt rejects: arguments that are not a dict, several keys without test_name', () => {
    expect(infer({ columns: [{ name: 'a', tests: [{ unique: null }, { unique: {}, not_null: {} }] }] })).toEqual([]);
  });

  it('prefers column_name over combination_of_columns, and iterates a string as Python does', () => {
    const entry = {
      tests: [
        { unique_combination_of_columns: { column_name: 'id', combination_of_columns: ['x', 'y'] } },
        { unique_combination_of_columns: { combination_of_columns: 'ab' } },
      ],
    };
    expect(infer(entry)).toEqual(['a', 'b', 'id']);
  });
});
