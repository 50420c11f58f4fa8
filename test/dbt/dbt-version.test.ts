// `manifest --dbt-version 1.12`: what dbt 1.12 writes differently from 1.11, as four manifests dbt 1.12.0 to 1.12.4
// wrote for public projects show (every model, seed and source of two of them equal with this shape): checksums of
// whitespace-compacted files (dbt-core's read_files.normalize_file_contents; seeds as before), ColumnInfo's
// `dimension` / `entity`, ModelConfig's `on_error` / `latest_version_pointer`, TestConfig's `sql_header`. The
// expected digests were computed with Python: hashlib.sha256(" ".join(text.split()).encode()).
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compactWhitespace, manifestShape } from '../../src/dbt/manifest/manifest-shape.js';
import { loadFixture } from '../support/load-fixture.js';
import { runCli } from '../cli/harness.js';

type Json = Record<string, Record<string, unknown>>;
const files = loadFixture('shape/kiosk');
const graph = compile(files, { project: '', tests: true });
const TARGET = { schema: 'public', database: 'analytics', type: 'postgres' };
const nodesOf = (version?: string): Json => {
  const shape = version === undefined ? undefined : manifestShape(version)!;
  return (toManifest(graph, shape ? { ...TARGET, shape } : TARGET) as { nodes: Json }).nodes;
};
const v111 = nodesOf();
const v112 = nodesOf('1.12');
const MODEL = 'model.kiosk.sales';
const SEED = 'seed.kiosk.prices';
const SINGULAR = 'test.kiosk.assert_no_negative_sales';
const GENERIC = 'test.kiosk.not_null_sales_id.3d0421fce8';
const checksum = (nodes: Json, id: string) => (nodes[id]!['checksum'] as { checksum: string }).checksum;

describe('manifest shape of dbt 1.12', () => {
  it('hashes models and singular tests with their whitespace compacted, seeds as before', () => {
    expect(checksum(v112, MODEL)).toBe('4e6a0cd9864f457b2a9791696eb6eb090ddb0c83d1b231e72579619c0e4bed46');
    expect(checksum(v112, SINGULAR)).toBe('d7ddbc20b0cd0aeda837e41bf123ca84c4e129f9ce54aa88f48d9b1a99551517');
    expect(checksum(v112, SEED)).toBe('cc732bf94dfbc36eed0b2821b178576a575b0d3f218f3a688d297dbcf1287023');
    expect(checksum(v111, SEED)).toBe(checksum(v112, SEED));
    // dbt 1.11 hashes the stripped file as it is.
    expect(checksum(v111, MODEL)).not.toBe(checksum(v112, MODEL));
    expect(v112[GENERIC]!['checksum']).toEqual({ name: 'none', checksum: '' });
  });

  it("puts ModelConfig's new keys after freshness, before the keys a user adds", () => {
    const keys = Object.keys(v112[MODEL]!['config'] as object);
    expect(keys.slice(-4)).toEqual(['freshness', 'on_error', 'latest_version_pointer', 'my_extra_key']);
    expect(v112[MODEL]!['config']).toMatchObject({
      on_error: null,
      latest_version_pointer: { enabled: null, alias: null },
    });
    expect(Object.keys(v112[SEED]!['config'] as object)).not.toContain('on_error');
    expect(Object.keys(v111[MODEL]!['config'] as object)).not.toContain('on_error');
  });

  it("gives columns dimension and entity between granularity and doc_blocks, and tests' config a sql_header", () => {
    const column = (v112[MODEL]!['columns'] as Json)['id']!;
    expect(Object.keys(column).slice(-4)).toEqual(['granularity', 'dimension', 'entity', 'doc_blocks']);
    expect([column['dimension'], column['entity']]).toEqual([null, null]);
    expect(Object.keys((v111[MODEL]!['columns'] as Json)['id']!)).not.toContain('dimension');
    for (const id of [SINGULAR, GENERIC]) {
      const keys = Object.keys(v112[id]!['config'] as object);
      expect(keys.slice(keys.indexOf('store_failures_as'), keys.indexOf('store_failures_as') + 3)).toEqual([
        'store_failures_as',
        'sql_header',
        'where',
      ]);
    }
  });

  it("gives unit tests' config static_analysis (null) after enabled, not before 1.12", () => {
    const unitTests = (version?: string) => {
      const bakery = compile(loadFixture('unit-tests/bakery'), { project: '', tests: true });
      const shape = version === undefined ? undefined : manifestShape(version)!;
      return Object.values(
        (toManifest(bakery, shape ? { ...TARGET, shape } : TARGET) as { unit_tests: Json }).unit_tests,
      );
    };
    const newer = unitTests('1.12.3');
    expect(newer.length).toBeGreaterThan(0);
    for (const test of newer)
      expect(Object.keys(test['config'] as object)).toEqual(['tags', 'meta', 'enabled', 'static_analysis']);
    for (const test of unitTests()) expect(Object.keys(test['config'] as object)).toEqual(['tags', 'meta', 'enabled']);
  });

  it("writes a metric's meta and tags last, after group (1.11 after time_granularity)", () => {
    const tea = compile(loadFixture('semantic/tea'), { project: '', tests: true });
    const metricKeys = (version?: string) => {
      const shape = version === undefined ? undefined : manifestShape(version)!;
      const metrics = (toManifest(tea, shape ? { ...TARGET, shape } : TARGET) as { metrics: Json }).metrics;
      return Object.values(metrics).map((m) => Object.keys(m));
    };
    const newer = metricKeys('1.12.0');
    expect(newer.length).toBeGreaterThan(0);
    for (const keys of newer) expect(keys.slice(-3)).toEqual(['group', 'meta', 'tags']);
    for (const keys of metricKeys())
      expect(keys.slice(keys.indexOf('time_granularity'), keys.indexOf('time_granularity') + 3)).toEqual([
        'time_granularity',
        'meta',
        'tags',
      ]);
  });

  it('leaves everything else as 1.11 writes it', () => {
    const strip = (nodes: Json) =>
      Object.fromEntries(
        Object.entries(nodes).map(([id, node]) => {
          const { checksum: _c, config: _k, columns: _l, ...rest } = node;
          return [id, rest];
        }),
      );
    expect(strip(v112)).toEqual(strip(v111));
  });
});

describe('compactWhitespace', () => {
  it('is Python\'s " ".join(text.split()), with str.isspace\'s characters', () => {
    expect(compactWhitespace('  select\n\t a ,\r\n  b  ')).toBe('select a , b');
    // \x1c-\x1f, NEL, NBSP and the ideographic space are whitespace to Python; the BOM and ZWSP are not.
    expect(compactWhitespace('a\x1cb\u0085c\u00a0d\u3000e')).toBe('a b c d e');
    expect(compactWhitespace('\ufeffa\u200bb')).toBe('\ufeffa\u200bb');
    expect(compactWhitespace(' \n\t ')).toBe('');
  });
});

describe('--dbt-version', () => {
  it.each([
    ['1.12', true],
    ['1.12.4', true],
    ['1.12.0b3', true],
    ['2.0', true],
    ['1.11.10', false],
    ['1.8', false],
  ])('%s writes 1.12 checksums: %s', (version, compact) => {
    expect(manifestShape(version)?.compactChecksums).toBe(compact);
  });

  it('refuses text that names no version', async () => {
    const result = await runCli(['manifest', 'test/fixtures/dbt/shape/kiosk', '--dbt-version', 'latest']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--dbt-version takes a dbt version such as 1.12');
  });

  it('writes the 1.12 shape from the command line', async () => {
    const result = await runCli(['manifest', 'test/fixtures/dbt/shape/kiosk', '--dbt-version', '1.12.4']);
    expect(result.code).toBe(0);
    const nodes = (JSON.parse(result.stdout) as { nodes: Json }).nodes;
    expect(checksum(nodes, MODEL)).toBe(checksum(v112, MODEL));
  });
});

describe('manifest shape of dbt 1.11 patches', () => {
  const configKeys = (nodes: Json, id: string) => Object.keys(nodes[id]!['config'] as object);

  it('writes static_analysis from 1.11.9 on, functions from 1.11.0 on', () => {
    const v1111 = nodesOf('1.11.11');
    const v1110 = nodesOf('1.11.2');
    const v110 = nodesOf('1.10.15');
    for (const id of [MODEL, SEED, SINGULAR, GENERIC]) {
      expect(configKeys(v1111, id)).toContain('static_analysis');
      expect(configKeys(v1110, id)).not.toContain('static_analysis');
    }
    expect(v1110[MODEL]!['functions']).toEqual([]);
    expect(v110[MODEL]).not.toHaveProperty('functions');
    expect(v110[GENERIC]).not.toHaveProperty('functions');
    const top = (version: string) => toManifest(graph, { ...TARGET, shape: manifestShape(version)! });
    expect(top('1.11.0')).toHaveProperty('functions', {});
    expect(top('1.10')).not.toHaveProperty('functions');
    // Without a patch, a minor version is its newest patch.
    expect(configKeys(nodesOf('1.11'), MODEL)).toContain('static_analysis');
  });
});

describe('manifest shape of dbt 1.8 to 1.10', () => {
  // Keys dbt 1.9 and 1.10 added, as manifests dbt 1.8.4 (413 tests) and 1.9.3 wrote show: with their version, both
  // compare equal on every compared field.
  const sourceOf = (version?: string) => {
    const shape = version === undefined ? undefined : manifestShape(version)!;
    const manifest = toManifest(graph, shape ? { ...TARGET, shape } : TARGET) as { sources: Json };
    return manifest.sources['source.kiosk.till.receipts']!;
  };

  it('leaves out what 1.10 added: doc_blocks, model and source freshness, source loaded_at_* and config meta/tags', () => {
    const v19 = nodesOf('1.9.3');
    expect(v19[MODEL]).not.toHaveProperty('doc_blocks');
    expect(Object.keys(v19[MODEL]!['config'] as object)).not.toContain('freshness');
    expect(Object.keys(v19[MODEL]!['config'] as object)).toContain('event_time');
    expect(Object.keys((v19[MODEL]!['columns'] as Json)['id']!)).toEqual([
      'name',
      'description',
      'meta',
      'data_type',
      'constraints',
      'quote',
      'tags',
      'granularity',
    ]);
    const source = sourceOf('1.9.5');
    expect(source).not.toHaveProperty('loaded_at_query');
    expect(Object.keys(source['config'] as object)).toEqual(['enabled', 'event_time']);
    expect(Object.keys(sourceOf()['config'] as object)).toContain('loaded_at_field');
  });

  it("writes a source's config freshness from 1.9.6 (dbt-core #11683), as a dbt 1.9.8 manifest has it", () => {
    const noCounts = { count: null, period: null };
    for (const version of ['1.9.6', '1.9.8', '1.9']) {
      expect(sourceOf(version)['config']).toEqual({
        enabled: true,
        event_time: null,
        freshness: { warn_after: noCounts, error_after: noCounts, filter: null },
      });
    }
  });

  it('leaves out what 1.9 added: microbatch configs, primary_key, time_spine, column granularity', () => {
    const v18 = nodesOf('1.8.4');
    for (const id of [MODEL, SEED]) {
      const keys = Object.keys(v18[id]!['config'] as object);
      for (const key of ['batch_size', 'lookback', 'begin', 'event_time', 'concurrent_batches'])
        expect(keys).not.toContain(key);
    }
    expect(v18[MODEL]).not.toHaveProperty('primary_key');
    expect(v18[MODEL]).not.toHaveProperty('time_spine');
    expect((v18[MODEL]!['columns'] as Json)['id']).not.toHaveProperty('granularity');
    expect(nodesOf('1.10')[MODEL]).toHaveProperty('doc_blocks');
    // dbt-core #10675 (1.9.0) wrote a source's database and schema as written.
    expect(sourceOf('1.8')).not.toHaveProperty('unrendered_database');
    expect(sourceOf('1.8')).not.toHaveProperty('unrendered_schema');
    expect(sourceOf('1.9.0')).toHaveProperty('unrendered_schema', null);
  });
});

describe('a config key a user set before dbt knew it', () => {
  it("is kept in a source's config too, and an explicit value equal to the default", () => {
    const files = loadFixture('shape/kiosk');
    const sources = files
      .get('models/_sources.yml')!
      .replace('  - name: till\n', '  - name: till\n    config:\n      meta: {owner: ops}\n');
    const sql = `{{ config(lookback=1) }}\n${files.get('models/sales.sql')!}`;
    const own = new Map(files).set('models/_sources.yml', sources).set('models/sales.sql', sql);
    const manifest = toManifest(compile(own, { project: '', tests: true }), {
      ...TARGET,
      shape: manifestShape('1.8')!,
    }) as {
      nodes: Json;
      sources: Json;
    };
    expect(manifest.sources['source.kiosk.till.receipts']!['config']).toMatchObject({ meta: { owner: 'ops' } });
    expect(Object.keys(manifest.sources['source.kiosk.till.receipts']!['config'] as object)).not.toContain('tags');
    expect(manifest.nodes[MODEL]!['config']).toMatchObject({ lookback: 1 });
  });

  it('is kept in an older shape, as dbt keeps a key of its own', () => {
    const files = loadFixture('shape/kiosk');
    const sql = files.get('models/sales.sql')!;
    const own = new Map(files).set('models/sales.sql', `{{ config(event_time='sold_at') }}\n${sql}`);
    const nodes = (
      toManifest(compile(own, { project: '', tests: true }), { ...TARGET, shape: manifestShape('1.8')! }) as {
        nodes: Json;
      }
    ).nodes;
    expect(nodes[MODEL]!['config']).toMatchObject({ event_time: 'sold_at' });
    expect(Object.keys(nodes[MODEL]!['config'] as object)).not.toContain('batch_size');
  });
});

describe('keys of a patch release or of groups and sources before dbt 1.10', () => {
  // A manifest dbt 1.9.0 wrote (Formula One project) has neither column config nor group description/config, and
  // `{}` as the unrendered_config of a source without config; one dbt 1.9.10 wrote (astronomer-cosmos) has column
  // config: dbt-core #11684 back-ported it to 1.9.latest.
  const files = new Map(loadFixture('shape/kiosk'))
    .set('models/_groups.yml', 'groups:\n  - name: tills\n    owner: {name: Till team}\n')
    .set(
      'models/_sources.yml',
      [
        'sources:',
        '  - name: till',
        '    meta: {owner: ops}',
        '    tables:',
        '      - name: receipts',
        '      - name: refunds',
        '        config: {meta: {pii: true}, enabled: true}',
        '      - name: voids',
        '        loaded_at_field: voided_at',
        '        freshness: {error_after: {count: 24, period: hour}}',
        '',
      ].join('\n'),
    );
  const manifestOf = (version?: string) => {
    const shape = version === undefined ? undefined : manifestShape(version)!;
    const graph = compile(files, { project: '', tests: true, ...(shape ? { dbtVersion: shape.version } : {}) });
    return toManifest(graph, { ...TARGET, ...(shape ? { shape } : {}) }) as {
      nodes: Json;
      sources: Json;
      groups: Json;
    };
  };
  const columnOf = (version: string) => (manifestOf(version).nodes[MODEL]!['columns'] as Json)['id']!;

  it("keeps a table's top-level freshness and loaded_at_field out of its config before 1.10 (a dbt 1.8.8 manifest)", () => {
    const configOf = (version: string) => manifestOf(version).sources['source.kiosk.till.voids']!['config'];
    expect(configOf('1.8.8')).toEqual({ enabled: true });
    expect(configOf('1.9.3')).toEqual({ enabled: true, event_time: null });
    expect(Object.keys(configOf('1.9.8') as object)).toEqual(['enabled', 'event_time', 'freshness']);
    expect(configOf('1.10')).toMatchObject({ loaded_at_field: 'voided_at' });
    expect(manifestOf('1.8.8').sources['source.kiosk.till.voids']).toMatchObject({ loaded_at_field: 'voided_at' });
  });

  it("merges a table's freshness into its unrendered_config from 1.9.6 on (a dbt 1.9.10 manifest: 3 of 3 sources)", () => {
    const unrendered = (version: string, table: string) =>
      manifestOf(version).sources[`source.kiosk.till.${table}`]!['unrendered_config'];
    expect(unrendered('1.9.5', 'voids')).toEqual({});
    const merged = {
      freshness: {
        warn_after: { count: null, period: null },
        error_after: { count: 24, period: 'hour' },
        filter: null,
      },
    };
    expect(unrendered('1.9.10', 'voids')).toEqual(merged);
    // Not loaded_at_field (1.10+), and nothing for a table without a freshness threshold.
    expect(unrendered('1.9.10', 'receipts')).toEqual({});
    expect(unrendered('1.10.3', 'voids')).toEqual({ ...merged, loaded_at_field: 'voided_at', loaded_at_query: null });
  });

  it("writes a source's meta and tags in its config and unrendered_config from 1.10.5 on (dbt-core #11839)", () => {
    // Manifests dbt 1.10.3 and 1.10.4 wrote have neither; 1.10.6 on have both.
    const receipts = (version: string) => manifestOf(version).sources['source.kiosk.till.receipts']!;
    for (const version of ['1.10.3', '1.10.4']) {
      expect(Object.keys(receipts(version)['config'] as object)).toEqual([
        'enabled',
        'event_time',
        'freshness',
        'loaded_at_field',
        'loaded_at_query',
      ]);
      expect(receipts(version)['unrendered_config']).toEqual({ loaded_at_field: null, loaded_at_query: null });
    }
    expect(receipts('1.10.5')['config']).toMatchObject({ meta: { owner: 'ops' }, tags: [] });
    expect(receipts('1.10.5')['unrendered_config']).toEqual({
      loaded_at_field: null,
      loaded_at_query: null,
      meta: { owner: 'ops' },
      tags: [],
    });
    // A key the user sets in `config:` is theirs in any version.
    const refunds = manifestOf('1.10.3').sources['source.kiosk.till.refunds']!;
    expect(refunds['config']).toMatchObject({ meta: { pii: true } });
  });

  it('writes column config from 1.9.6 on (1.9 without a patch is its newest)', () => {
    expect(columnOf('1.9.3')).not.toHaveProperty('config');
    expect(columnOf('1.9.10')['config']).toEqual({ meta: {}, tags: [] });
    expect(columnOf('1.9')).toHaveProperty('config');
    expect(columnOf('1.9.10')).not.toHaveProperty('doc_blocks');
  });

  it("writes a group's description and config from 1.10 on", () => {
    const group = (version?: string) => manifestOf(version).groups['group.kiosk.tills']!;
    expect(Object.keys(group('1.9'))).not.toContain('description');
    expect(Object.keys(group('1.9'))).not.toContain('config');
    expect(group('1.9')['owner']).toEqual({ name: 'Till team', email: null });
    expect(group('1.10')).toMatchObject({ description: null, config: { meta: {} } });
    expect(group()).toMatchObject({ config: { meta: {} } });
  });

  it("writes a source's unrendered_config as its config entries alone before 1.10", () => {
    const sources = (version?: string) => manifestOf(version).sources;
    expect(sources('1.9')['source.kiosk.till.receipts']!['unrendered_config']).toEqual({});
    expect(sources('1.9')['source.kiosk.till.refunds']!['unrendered_config']).toEqual({
      meta: { pii: true },
      enabled: true,
    });
    expect(sources()['source.kiosk.till.receipts']!['unrendered_config']).toMatchObject({
      loaded_at_field: null,
      meta: { owner: 'ops' },
      tags: [],
    });
  });
});

describe("the manifest metadata's quoting (dbt 1.10+)", () => {
  // Manifests dbt 1.10.2 to 1.12.5 wrote: postgres and bigquery all true, snowflake all false, column null.
  const metadataOf = (files: Map<string, string>, type: string, version?: string) => {
    const shape = version === undefined ? undefined : manifestShape(version)!;
    const graph = compile(files, { project: '', target: { type } });
    return (
      toManifest(graph, { ...TARGET, type, ...(shape ? { shape } : {}) }) as { metadata: Record<string, unknown> }
    ).metadata;
  };
  const base = loadFixture('shape/kiosk');

  it("is the adapter's quote policy with the project's quoting applied, column null (dbt keeps relation parts)", () => {
    expect(metadataOf(base, 'postgres')['quoting']).toEqual({
      database: true,
      schema: true,
      identifier: true,
      column: null,
    });
    expect(metadataOf(base, 'snowflake')['quoting']).toEqual({
      database: false,
      schema: false,
      identifier: false,
      column: null,
    });
    const quoted = new Map(base).set(
      'dbt_project.yml',
      `${base.get('dbt_project.yml')!}\nquoting:\n  identifier: false\n  column: true\n`,
    );
    expect(metadataOf(quoted, 'postgres')['quoting']).toEqual({
      database: true,
      schema: true,
      identifier: false,
      column: null,
    });
    // dbt-spark quotes nothing by default; dbt-trino (1.7+) everything (a manifest dbt 1.11.11 wrote on trino).
    expect(metadataOf(base, 'spark')['quoting']).toMatchObject({ database: false, schema: false, identifier: false });
    expect(metadataOf(base, 'trino')['quoting']).toMatchObject({ database: true, schema: true, identifier: true });
  });

  it('is not written before 1.10', () => {
    expect(metadataOf(base, 'postgres', '1.9')).not.toHaveProperty('quoting');
  });
});
