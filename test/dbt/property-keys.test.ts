// Keys of property-file entries that no dbt version reads: a warning each, with its line (property-keys.ts).
import { compile } from '../../src/dbt/compile.js';
import type { Diagnostic } from '../../src/dbt/types.js';

const PROPERTIES = [
  'version: 2',
  'defaults: &defaults',
  '  description: shared',
  'models:',
  '  - name: orders',
  '    owner: sales',
  '    tags: [daily]',
  '    meta: {team: sales}',
  '    colunms:',
  '      - name: id',
  '    columns:',
  '      - name: id',
  '        descripton: the key',
  '        null_ok: false',
  '    versions:',
  '      - v: 1',
  '        defined_in: orders',
  '        descriptoin: first',
  'sources:',
  '  - name: raw',
  '    loader: fivetran',
  '    tabels: []',
  '    tables:',
  '      - name: payments',
  '        identifer: payments_v2',
  '        columns:',
  '          - name: amount',
  '            dat_type: numeric',
  'exposures:',
  '  - name: board',
  '    type: dashboard',
  '    owner: {email: bi@example.com}',
  '    maturty: high',
  'groups:',
  '  - name: sales',
  '    owner: {name: Sales}',
  '    slack: "#sales"',
  '',
].join('\n');

const files = new Map([
  ['dbt_project.yml', 'name: shop\nversion: "1"\n'],
  ['models/orders.sql', 'select 1 as id\n'],
  ['models/_properties.yml', PROPERTIES],
]);
const warnings = (): Array<[number, string]> =>
  compile(files, { project: '' })
    .diagnostics.filter((d: Diagnostic) => d.code === 'unknown-property')
    .map((d) => [d.line ?? 0, d.message]);

describe('unknown property keys', () => {
  it('are a warning each, on the line of the key, with a near miss named', () => {
    expect(warnings()).toEqual([
      [
        2,
        '`defaults` is not a property of a property file (at its top level), so dbt ignores it (YAML anchors can live under `anchors:`)',
      ],
      [
        6,
        '`owner` is not a property of model `orders`, so dbt ignores it: custom metadata belongs under `config: meta:`',
      ],
      [7, '`tags` is not a property of model `orders`, so dbt ignores it: put it under `config:`'],
      [9, '`colunms` is not a property of model `orders`, so dbt ignores it: did you mean `columns`?'],
      [
        13,
        '`descripton` is not a property of a column of model `orders`, so dbt ignores it: did you mean `description`?',
      ],
      [
        18,
        '`descriptoin` is not a property of version 1 of model `orders`, so dbt ignores it: did you mean `description`?',
      ],
      [22, '`tabels` is not a property of source `raw`, so dbt ignores it: did you mean `tables`?'],
      [
        25,
        '`identifer` is not a property of table `payments` of source `raw`, so dbt ignores it: did you mean `identifier`?',
      ],
      [
        28,
        '`dat_type` is not a property of a column of table `payments` of source `raw`, so dbt ignores it: did you mean `data_type`?',
      ],
      [33, '`maturty` is not a property of exposure `board`, so dbt ignores it: did you mean `maturity`?'],
      [
        37,
        '`slack` is not a property of group `sales`, so dbt ignores it: custom metadata belongs under `config: meta:`',
      ],
    ]);
  });

  it("leave a column's keys of its own alone (an adapter's, kept as dbt keeps them), and every key some dbt reads", () => {
    const messages = warnings().map(([, message]) => message);
    expect(messages.some((m) => m.includes('null_ok'))).toBe(false);
    expect(messages.some((m) => m.startsWith('`meta`') || m.startsWith('`defined_in`'))).toBe(false);
  });

  it('change nothing in the graph: the entry is read as before', () => {
    const graph = compile(files, { project: '' });
    expect(graph.nodes['model.shop.orders.v1']!.meta).toEqual({ team: 'sales' });
    expect(graph.nodes['model.shop.orders.v1']!.config.tags).toEqual([]);
  });
});

describe('unknown property keys: where they are not reported', () => {
  it("skips an installed package's files, which are not the user's to fix", () => {
    const own = new Map([
      ['dbt_project.yml', 'name: shop\nversion: "1"\n'],
      ['models/orders.sql', 'select 1 as id\n'],
      ['dbt_packages/pkg/dbt_project.yml', 'name: pkg\nversion: "1"\n'],
      ['dbt_packages/pkg/models/p.sql', 'select 1 as id\n'],
      ['dbt_packages/pkg/models/p.yml', 'models:\n  - name: p\n    colunms: []\n'],
    ]);
    const codes = compile(own, { project: '' }).diagnostics.map((d: Diagnostic) => [d.code, d.file]);
    expect(codes).not.toContainEqual(['unknown-property', 'dbt_packages/pkg/models/p.yml']);
  });

  it('accepts the keys dbt declares on tables and seeds, and says where a config key goes', () => {
    const own = new Map([
      ['dbt_project.yml', 'name: shop\nversion: "1"\n'],
      ['seeds/codes.csv', 'id\n1\n'],
      [
        'models/_p.yml',
        [
          'seeds:',
          '  - name: codes',
          '    quote_columns: true',
          'sources:',
          '  - name: raw',
          '    tables:',
          '      - name: t',
          '        data_type: json',
          '        constraints: []',
          '',
        ].join('\n'),
      ],
    ]);
    const messages = compile(own, { project: '' })
      .diagnostics.filter((d: Diagnostic) => d.code === 'unknown-property')
      .map((d) => d.message);
    expect(messages).toEqual([
      '`quote_columns` is not a property of seed `codes`, so dbt ignores it: put it under `config:`',
    ]);
  });
});

describe("a `+` key under a property entry's `config:`", () => {
  // A manifest dbt 1.11 wrote (dbt Cloud, bigquery): a seed's `config: {+schema: cortex}` left its schema the target's
  // and its config with a `"+schema": "cortex"` key of its own; only dbt_project.yml drops the `+`.
  const graph = compile(
    new Map([
      ['dbt_project.yml', 'name: shop\nversion: "1"\nmodels:\n  shop:\n    +materialized: view\n'],
      ['seeds/codes.csv', 'id\n1\n'],
      ['models/m.sql', 'select 1 as id\n'],
      [
        'models/_p.yml',
        'seeds:\n  - name: codes\n    config:\n      +schema: cortex\nmodels:\n  - name: m\n    config: {+materialized: table}\n',
      ],
    ]),
    { project: '' },
  );

  it('is a config of that name, not the config without it', () => {
    const seed = graph.nodes['seed.shop.codes']!;
    expect(seed.config.schema).toBeNull();
    expect(seed.config['+schema']).toBe('cortex');
    expect(seed.unrendered_config).toEqual({ '+schema': 'cortex' });
    expect(graph.nodes['model.shop.m']!.config.materialized).toBe('view');
  });

  it('is a warning on its line', () => {
    const plus = graph.diagnostics.filter((d: Diagnostic) => d.code === 'plus-config-key');
    expect(plus.map((d) => [d.file, d.line, d.message])).toEqual([
      [
        'models/_p.yml',
        4,
        '`+schema` under `config:` of seed `codes` keeps its `+`: dbt reads a config named `+schema`, not `schema` (the `+` belongs in dbt_project.yml)',
      ],
      [
        'models/_p.yml',
        7,
        '`+materialized` under `config:` of model `m` keeps its `+`: dbt reads a config named `+materialized`, not `materialized` (the `+` belongs in dbt_project.yml)',
      ],
    ]);
  });
});
