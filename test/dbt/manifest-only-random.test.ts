// Seeded random entries for what only the manifest lists (unit_tests:, semantic_models:, metrics:,
// saved_queries:, macros: entries and macro files), well-formed or not: the compile never throws, writes a manifest
// that JSON can carry, and every problem it reports names a file and a line.
import yaml from 'js-yaml';
import { compile } from '../../src/dbt/compile.js';
import { manifestJson } from '../../src/dbt/manifest/manifest.js';
import { makeRandom } from '../../bench/generate.js';

const SCALARS: unknown[] = [
  'orders',
  "ref('orders')",
  "ref('dishes', v=2)",
  "source('raw', 'orders')",
  '{{ var("x", 1) }}',
  '{{ 1 + }}',
  'sum',
  'simple',
  'ratio',
  'cumulative',
  'derived',
  '7 days',
  'dict',
  'csv',
  'sql',
  'id,name\n1,a\n2,\n',
  'select 1',
  '',
  0,
  1,
  5.5,
  -0.00001,
  1e16,
  true,
  false,
  null,
];
const KEYS = [
  'name',
  'model',
  'given',
  'expect',
  'rows',
  'input',
  'format',
  'fixture',
  'overrides',
  'versions',
  'include',
  'config',
  'enabled',
  'tags',
  'meta',
  'description',
  'entities',
  'measures',
  'dimensions',
  'type',
  'type_params',
  'measure',
  'metrics',
  'numerator',
  'window',
  'query_params',
  'exports',
  'arguments',
  'agg',
  'expr',
];
const MACRO_PARTS = [
  '{% macro m1(a) %}{{ m2(a) }}{% endmacro %}',
  '{%- macro m2(x=m1(1)) -%}\n{{ adapter.dispatch("m2", "shop")(x) }}\n{%- endmacro -%}',
  '{% macro default__m2(x) %}{{ x.replace("a", "b") }}{% endmacro %}',
  '{% materialization mat, default %}{% call statement("main") %}select 1{% endcall %}{% endmaterialization %}',
  '{% if true %}',
  '{% endif %}',
  '{% macro unclosed() %}',
  '{% raw %}{% macro r() %}{% endraw %}',
  '{# {% macro c() %} #}',
  '{{ "%}" }}',
  '{% endmacro %}',
  '\ufeff',
  '\r\n',
];

function value(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth > 3 || pick < 0.45) return SCALARS[Math.floor(random() * SCALARS.length)];
  if (pick < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => value(random, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 5); i > 0; i--)
    out[KEYS[Math.floor(random() * KEYS.length)]!] = value(random, depth + 1);
  return out;
}

describe('manifest-only resources from random entries', () => {
  it('never throw, and report every problem at a file and line', () => {
    const random = makeRandom(8);
    for (let round = 0; round < 300; round++) {
      // Mostly entries that name what exists (so that they are built), with random parts.
      const entries = (n: number, base: () => Record<string, unknown>) =>
        Array.from({ length: n }, (_, i) => {
          const entry = value(random, 1);
          if (random() < 0.15 || entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry;
          return { name: `e${i}`, ...(random() < 0.8 ? base() : {}), ...entry };
        });
      const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
      const doc = {
        models: [{ name: 'orders' }],
        unit_tests: entries(2, () => ({
          model: 'orders',
          given: [{ input: "ref('orders')", rows: value(random, 2) }],
          expect: { rows: value(random, 2) },
        })),
        semantic_models: entries(2, () => ({
          model: "ref('orders')",
          measures: [{ name: pick(['m1', 'm2']), agg: 'sum' }],
        })),
        metrics: entries(2, () => ({
          type: pick(['simple', 'ratio', 'derived', 'cumulative']),
          type_params: { measure: pick(['m1', 'm2', 'x']), metrics: [pick(['e0', 'e1'])] },
        })),
        saved_queries: entries(1, () => ({ query_params: { metrics: [pick(['e0', 'e1', 'zz'])] } })),
        macros: entries(1, () => ({ name: pick(['m1', 'm2', 'nope']) })),
      };
      const macro = Array.from({ length: 3 }, () => MACRO_PARTS[Math.floor(random() * MACRO_PARTS.length)]).join('\n');
      const files = new Map([
        ['dbt_project.yml', 'name: shop\nversion: "1"\nconfig-version: 2\n'],
        ['models/orders.sql', 'select 1 as id'],
        ['models/_all.yml', yaml.dump(doc)],
        ['macros/random.sql', macro],
        ['tests/fixtures/f.csv', 'id\n1\n'],
      ]);
      const graph = compile(files, { project: '', tests: true });
      let text = '';
      for (const chunk of manifestJson(graph)) text += chunk;
      expect(() => JSON.parse(text)).not.toThrow();
      for (const d of graph.diagnostics) {
        expect(typeof d.file).toBe('string');
        if (d.file !== 'dbt_project.yml') expect(d.line).toEqual(expect.any(Number));
      }
    }
  });
});

describe('governance configs, analyses and installed packages from random entries', () => {
  it('never throw, and report every problem at a file and line', () => {
    const random = makeRandom(17);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const refs = ["ref('orders')", "ref('vendor', 'v_model')", "ref('secret')", "ref('orders', v=pick)", "ref('nope')"];
    for (let round = 0; round < 200; round++) {
      const config = () => ({
        group: pick(['finance', 'marketing', null, 'ghost', 7]),
        access: pick(['private', 'protected', 'public', 'weird', null]),
        materialized: pick(['ephemeral', 'table', 'view', value(random, 3)]),
        contract: pick([{ enforced: true }, { enforced: false }, true, null]),
        tags: value(random, 3),
        enabled: pick([true, false, true, 'maybe']),
      });
      const doc = {
        groups: [
          { name: 'finance', owner: { name: 'F' } },
          { name: 'marketing', owner: value(random, 3) },
        ],
        models: [
          { name: 'orders', config: config(), columns: pick([[], [{ name: 'id', data_type: 'int' }], null]) },
          {
            name: 'secret',
            config: config(),
            latest_version: pick([1, 2, 3, 0, 'x', null]),
            versions: pick([[{ v: 1 }, { v: 2 }], [{ v: 1 }, { v: 1 }], [], null, value(random, 3)]),
          },
        ],
        analyses: [{ name: pick(['report', 'other']), description: value(random, 3), config: config() }],
        exposures: [{ name: 'board', type: 'dashboard', owner: { name: 'BI' }, depends_on: [pick(refs)] }],
      };
      const files = new Map([
        [
          'dbt_project.yml',
          `name: shop\nversion: "1"\nconfig-version: 2\n${pick(['', 'packages-install-path: dbt_modules\n', 'analysis-paths: [models]\n'])}`,
        ],
        ['models/orders.sql', `select * from {{ ${pick(refs).replace('pick', '1')} }}`],
        ['models/secret_v1.sql', 'select 1 as id'],
        ['models/secret.sql', pick(['select 0', '{{ config(enabled=false) }}select 0'])],
        ['models/_all.yml', yaml.dump(doc)],
        ['analyses/report.sql', `select * from {{ ${pick(refs).replace('pick', '2')} }}`],
        [
          'dbt_packages/vendor/dbt_project.yml',
          `name: ${pick(['vendor', 'shop', 'other'])}\nversion: "1"\nconfig-version: 2\n${pick(['', 'restrict-access: true\n'])}`,
        ],
        ['dbt_packages/vendor/models/v_model.sql', `select * from {{ ${pick(refs).replace('pick', '1')} }}`],
        ['dbt_packages/vendor/integration_tests/dbt_project.yml', 'name: it\nversion: "1"\nconfig-version: 2\n'],
        ['dbt_modules/vendor/dbt_project.yml', 'name: vendor\nversion: "1"\nconfig-version: 2\n'],
      ]);
      for (const project of [pick(['', undefined]), undefined] as const) {
        const graph = compile(files, { ...(project === undefined ? {} : { project }), tests: true });
        let text = '';
        for (const chunk of manifestJson(graph)) text += chunk;
        expect(() => JSON.parse(text)).not.toThrow();
        for (const d of graph.diagnostics) {
          expect(typeof d.file).toBe('string');
          expect(d.line).toEqual(expect.any(Number));
        }
      }
    }
  });
});
