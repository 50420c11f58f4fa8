// User-defined functions (dbt 1.11+): files under function-paths are the manifest's `functions`, configured from the
// `functions:` tree, their property entry and their config() calls; `function()` calls in models are dependencies.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { graphFromManifest } from '../../src/dbt/manifest/manifest-input.js';
import { manifestShape } from '../../src/dbt/manifest/manifest-shape.js';
import { compileFixture, compileFiles, diagnosticsOf } from './helpers.js';
import { loadFixture, withFiles } from '../support/load-fixture.js';

interface FunctionJson {
  returns: { data_type: unknown; description: unknown };
  resource_type: string;
  schema: string;
  path: string;
  original_file_path: string;
  fqn: string[];
  language: string;
  config: Record<string, unknown>;
  unrendered_config: Record<string, unknown>;
  tags: string[];
  description: string;
  patch_path: string | null;
  relation_name: string;
  raw_code: string;
  refs: unknown[];
  sources: unknown[];
  depends_on: { nodes: string[]; macros: string[] };
  arguments: unknown[];
  overloads?: unknown[];
}

interface Manifest {
  nodes: Record<string, { depends_on: { nodes: string[] }; functions: string[][] }>;
  functions: Record<string, FunctionJson>;
  disabled: Record<string, FunctionJson[]>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
}

describe('user-defined functions', () => {
  const graph = compileFixture('functions', { tests: true });
  const manifest = toManifest(graph) as unknown as Manifest;

  it('are function nodes named by their file, with a model-like fqn, schema and relation', () => {
    expect(Object.keys(manifest.functions).sort()).toEqual([
      'function.shop.country_name',
      'function.shop.double_it',
      'function.shop.safe_ratio',
      'function.shop.slugify',
    ]);
    const double = manifest.functions['function.shop.double_it']!;
    expect(double).toMatchObject({
      resource_type: 'function',
      path: 'math/double_it.sql',
      original_file_path: 'functions/math/double_it.sql',
      fqn: ['shop', 'math', 'double_it'],
      // `+schema: udfs` of the functions: tree, through generate_schema_name.
      schema: 'public_udfs',
      relation_name: '"analytics"."public_udfs"."double_it"',
      language: 'sql',
      raw_code: 'value * 2',
      description: 'Doubles a number.',
      patch_path: 'shop://functions/functions.yml',
      returns: { data_type: 'float', description: null },
      arguments: [{ name: 'value', data_type: 'float', description: 'The number to double.', default_value: null }],
    });
    // FunctionMandatory's `returns` first, the node's fields, then `arguments` last (dbt 1.11's key order).
    const keys = Object.keys(double);
    expect([keys[0], keys[keys.length - 1]]).toEqual(['returns', 'arguments']);
    expect(keys.slice(1, 4)).toEqual(['database', 'schema', 'name']);
    expect(double.overloads).toBeUndefined();
  });

  it('take FunctionConfig defaults, the functions: tree, the entry and config() in that order of precedence', () => {
    const double = manifest.functions['function.shop.double_it']!.config;
    expect(double).toMatchObject({
      materialized: 'function',
      type: 'scalar',
      volatility: null,
      runtime_version: null,
      entry_point: null,
    });
    // FunctionConfig's own fields come after NodeConfig's, and a function's config has no model keys.
    expect(Object.keys(double).slice(-4)).toEqual(['type', 'volatility', 'runtime_version', 'entry_point']);
    expect('access' in double).toBe(false);
    // The entry says deterministic, the file's config() says stable: the file wins, as for models.
    const ratio = manifest.functions['function.shop.safe_ratio']!;
    expect(ratio.config['volatility']).toBe('stable');
    expect(ratio.tags).toEqual(['finance']);
    // The text/ folder of the tree sets deterministic; the Python body's config() is rendered too.
    const slugify = manifest.functions['function.shop.slugify']!;
    expect([slugify.language, slugify.config['volatility'], slugify.config['entry_point']]).toEqual([
      'python',
      'deterministic',
      'slugify',
    ]);
    expect(slugify.config['runtime_version']).toBe('3.11');
  });

  it('depend on the models they ref, not on sources (dbt 1.11)', () => {
    const country = manifest.functions['function.shop.country_name']!;
    expect(country.depends_on.nodes).toEqual(['model.shop.countries']);
    expect(manifest.parent_map['function.shop.country_name']).toEqual(['model.shop.countries']);
    const sourced = toManifest(
      compileFiles(
        withFiles(loadFixture('functions'), {
          'functions/text/country_name.sql': "(select name from {{ source('raw', 'countries') }})",
          'models/sources.yml': 'sources:\n  - name: raw\n    tables: [{name: countries}]\n',
        }),
        { tests: true },
      ),
    ) as unknown as Manifest;
    const fn = sourced.functions['function.shop.country_name']!;
    expect(fn.sources).toEqual([['raw', 'countries']]);
    expect(fn.depends_on.nodes).toEqual([]);
  });

  it('are dependencies of the nodes that call function(), after their refs', () => {
    const orders = manifest.nodes['model.shop.orders']!;
    expect(orders.functions).toEqual([['double_it'], ['shop', 'safe_ratio']]);
    expect(orders.depends_on.nodes).toEqual([
      'model.shop.countries',
      'function.shop.double_it',
      'function.shop.safe_ratio',
    ]);
    expect(manifest.parent_map['model.shop.orders']).toEqual([
      'function.shop.double_it',
      'function.shop.safe_ratio',
      'model.shop.countries',
    ]);
    expect(manifest.child_map['function.shop.double_it']).toEqual(['model.shop.orders']);
    expect(manifest.child_map['function.shop.slugify']).toEqual(['model.shop.customers']);
    expect(manifest.child_map['model.shop.countries']).toEqual([
      'function.shop.country_name',
      'model.shop.customers',
      'model.shop.orders',
    ]);
  });

  it('are dependencies of the singular tests that call them too', () => {
    const test = manifest.nodes['test.shop.no_negative_ratio']!;
    expect(test.functions).toEqual([['safe_ratio']]);
    expect(test.depends_on.nodes).toEqual(['model.shop.orders', 'function.shop.safe_ratio']);
    expect(manifest.child_map['function.shop.safe_ratio']).toEqual([
      'model.shop.orders',
      'test.shop.no_negative_ratio',
    ]);
  });

  it('report what dbt refuses, on its line, and list a disabled function under disabled', () => {
    expect(diagnosticsOf(graph)).toEqual([
      'invalid-function functions/functions.yml:40',
      'invalid-function functions/math/legacy_round.sql:1',
      'unknown-function models/customers.sql:2',
    ]);
    const messages = graph.diagnostics.map((d) => d.message).join('\n');
    expect(messages).toContain("Non-defaulted argument 'fallback' of function 'country_name'");
    expect(messages).toContain("model.shop.customers depends on a function named 'titlecase' which was not found");
    expect(Object.keys(manifest.disabled)).toEqual(['function.shop.legacy_round']);
    expect(manifest.disabled['function.shop.legacy_round']![0]!.config['enabled']).toBe(false);
    expect(manifest.functions['function.shop.legacy_round']).toBeUndefined();
  });

  it('refuse, on their line, entries dbt does not validate, and read the rest', () => {
    const graph = compileFiles(
      withFiles(loadFixture('functions'), {
        'functions/functions.yml': [
          'functions:',
          '  - name: double_it',
          '    returns: float',
          '    arguments: {value: float}',
          '  - name: safe_ratio',
          '    returns: {data_type: float}',
          '    arguments:',
          '      - numerator',
          '      - name: denominator',
          '  - name: slugify',
          '    returns: {data_type: string}',
          '',
        ].join('\n'),
      }),
      { tests: true },
    );
    const found = graph.diagnostics
      .filter((d) => d.code === 'invalid-function')
      .map((d) => `${d.file}:${d.line} ${d.severity}`)
      .sort();
    // What dbt's validation refuses is an error; a function without an entry at all (legacy_round, and
    // country_name whose entry is gone) a warning.
    expect(found).toEqual([
      'functions/functions.yml:3 error',
      'functions/functions.yml:4 error',
      'functions/functions.yml:8 error',
      'functions/functions.yml:9 error',
      'functions/math/legacy_round.sql:1 warning',
      'functions/text/country_name.sql:1 warning',
    ]);
    const json = toManifest(graph) as unknown as Manifest;
    expect(json.functions['function.shop.safe_ratio']!.arguments).toEqual([
      { name: 'denominator', data_type: null, description: null, default_value: null },
    ]);
  });

  it('stay out of the graph reviews read, which say nothing of the calls to them', () => {
    const review = compileFixture('functions');
    expect(review.functions).toBeUndefined();
    expect(Object.keys(review.nodes).sort()).toEqual([
      'model.shop.countries',
      'model.shop.customers',
      'model.shop.orders',
    ]);
    expect(review.nodes['model.shop.orders']!.depends_on.nodes).toEqual(['model.shop.countries']);
    expect(diagnosticsOf(review)).toEqual([]);
    // Nor does the manifest's linking reach the graph's own maps.
    expect(graph.parent_map['model.shop.orders']).toEqual(['model.shop.countries']);
  });

  it('are not read before dbt 1.11, whose function-paths do not exist: nor their folder, nor calls to them', () => {
    const v110 = compileFixture('functions', { tests: true, dbtVersion: manifestShape('1.10')!.version });
    expect(v110.functions).toBeUndefined();
    expect(diagnosticsOf(v110)).toEqual([]);
    expect(Object.keys(v110.disabled)).toEqual([]);
    expect(v110.nodes['model.shop.orders']!.depends_on.nodes).toEqual(['model.shop.countries']);
    // A folder named functions/ holding something else (a cloud function's YAML) is nothing to dbt 1.10.
    const other = compileFiles(
      withFiles(loadFixture('functions'), { 'functions/ingest/serverless.yml': 'service: ingest\nprovider: aws\n' }),
      { tests: true, dbtVersion: manifestShape('1.10.8')!.version },
    );
    expect(diagnosticsOf(other)).toEqual([]);
  });

  it('are read back from a manifest dbt wrote (--manifest FILE), and written again as they were', () => {
    const read = graphFromManifest(JSON.parse(JSON.stringify(manifest)), 'target/manifest.json');
    expect(read.diagnostics).toEqual([]);
    const graphRead = read.graph!;
    expect(Object.keys(graphRead.functions ?? {}).sort()).toEqual(Object.keys(manifest.functions).sort());
    // The graph's own maps (reviews) hold no function, as a compiled graph's do not.
    expect(graphRead.parent_map['model.shop.orders']).toEqual(['model.shop.countries']);
    const again = toManifest(graphRead) as unknown as Manifest;
    expect(again.functions).toEqual(manifest.functions);
    expect(again.disabled).toEqual(manifest.disabled);
    // Data tests are not read from a manifest: the maps agree but for them.
    const withoutTests = (map: Record<string, string[]>) =>
      Object.fromEntries(
        Object.entries(map)
          .filter(([id]) => !id.startsWith('test.'))
          .map(([id, ids]) => [id, ids.filter((other) => !other.startsWith('test.'))]),
      );
    expect(again.parent_map).toEqual(withoutTests(manifest.parent_map));
    expect(again.child_map).toEqual(withoutTests(manifest.child_map));
    expect(again.nodes['model.shop.orders']).toMatchObject({
      functions: [['double_it'], ['shop', 'safe_ratio']],
      depends_on: { nodes: ['model.shop.countries', 'function.shop.double_it', 'function.shop.safe_ratio'] },
    });
  });

  it("take dbt 1.12's overload files as no functions of their own, and say their overloads are not written", () => {
    const graph = compileFiles(
      withFiles(loadFixture('functions'), {
        'functions/math/double_it_int.sql': 'value * 2',
        'functions/functions.yml': [
          'functions:',
          '  - name: double_it',
          '    arguments: [{name: value, data_type: float}]',
          '    returns: {data_type: float}',
          '    overloads:',
          '      - defined_in: double_it_int',
          '        arguments: [{name: value, data_type: int}]',
          '',
        ].join('\n'),
      }),
      { tests: true },
    );
    expect(Object.keys(graph.functions ?? {})).not.toContain('function.shop.double_it_int');
    expect(graph.functions?.['function.shop.double_it']).toBeDefined();
    expect(diagnosticsOf(graph)).toContain('unsupported-overloads functions/functions.yml:5');
  });

  it('carry dbt 1.12 overloads (none) and are left out before dbt 1.11', () => {
    const v112 = toManifest(graph, { schema: 'public', database: 'analytics', shape: manifestShape('1.12')! });
    const fn = (v112 as unknown as Manifest).functions['function.shop.double_it']!;
    expect(Object.keys(fn).slice(-2)).toEqual(['arguments', 'overloads']);
    expect(fn.overloads).toEqual([]);
    const v110 = toManifest(graph, { schema: 'public', database: 'analytics', shape: manifestShape('1.10')! });
    expect('functions' in v110).toBe(false);
  });
});
