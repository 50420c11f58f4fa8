// MetricFlow's resources (semantic_models:, metrics:, saved_queries:) in the manifest, and what they add to the
// maps: a model's children include the semantic models built on it, a semantic model's the metrics of its
// measures, a metric's the metrics and saved queries that use it. Checked against a public project's manifest
// (dbt Coalesce 2024 workshop: 3 semantic models, 9 metrics, 27 map entries, all equal); the fixture
// (test/fixtures/dbt/semantic/tea) is our own.
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { manifestShape } from '../../src/dbt/manifest/manifest-shape.js';
import { loadFixture } from '../support/load-fixture.js';

const TARGET = { schema: 'main', database: 'tea_db', type: 'duckdb' };
const files = loadFixture('semantic/tea');
const graph = compile(files, { project: '', target: TARGET, tests: true });
type Section = Record<string, Record<string, unknown>>;
const manifest = toManifest(graph, TARGET) as {
  semantic_models: Section;
  metrics: Section;
  saved_queries: Section;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
  group_map: Record<string, string[]>;
};

describe('MetricFlow resources in the manifest', () => {
  it('write a semantic model field by field, its relation named as its model is', () => {
    const none = { meta: {} };
    expect(manifest.semantic_models['semantic_model.tea.orders']).toEqual({
      name: 'orders',
      resource_type: 'semantic_model',
      package_name: 'tea',
      path: 'marts/_semantic.yml',
      original_file_path: 'models/marts/_semantic.yml',
      unique_id: 'semantic_model.tea.orders',
      // Folders, then the name: not the file's name.
      fqn: ['tea', 'marts', 'orders'],
      model: "ref('orders')",
      node_relation: {
        alias: 'orders',
        schema_name: 'main',
        database: 'tea_db',
        relation_name: '"tea_db"."main"."orders"',
      },
      description: 'One row per tea order.',
      label: null,
      defaults: { agg_time_dimension: 'ordered_at' },
      entities: [
        // dbt 1.9+ writes each element's config (SemanticLayerElementConfig), its meta empty unless set.
        { name: 'order', type: 'primary', description: null, label: null, role: null, expr: 'order_id', config: none },
        {
          name: 'customer',
          type: 'foreign',
          description: null,
          label: null,
          role: null,
          expr: 'customer_id',
          config: none,
        },
      ],
      measures: [
        {
          name: 'order_total',
          agg: 'sum',
          description: null,
          label: null,
          create_metric: false,
          expr: 'amount',
          agg_params: null,
          non_additive_dimension: null,
          agg_time_dimension: null,
          config: none,
        },
        // `expr: 1` is written as text, as dbt writes it.
        expect.objectContaining({ name: 'order_count', expr: '1' }),
      ],
      dimensions: [
        {
          name: 'ordered_at',
          type: 'time',
          description: null,
          label: null,
          is_partition: false,
          type_params: { time_granularity: 'day', validity_params: null },
          expr: null,
          metadata: null,
          config: none,
        },
      ],
      metadata: null,
      depends_on: { macros: [], nodes: ['model.tea.orders'] },
      refs: [{ name: 'orders', package: null, version: null }],
      created_at: 0,
      config: { enabled: true, group: null, meta: {} },
      unrendered_config: {},
      primary_entity: null,
      group: null,
    });
  });

  it('resolve what each metric depends on: the semantic model of its measure, or its input metrics', () => {
    const dependsOn = Object.fromEntries(
      Object.entries(manifest.metrics).map(([id, m]) => [id, (m['depends_on'] as { nodes: string[] }).nodes]),
    );
    expect(dependsOn).toEqual({
      'metric.tea.revenue': ['semantic_model.tea.orders'],
      'metric.tea.weekly_revenue': ['semantic_model.tea.orders'],
      'metric.tea.orders_placed': ['semantic_model.tea.orders'],
      'metric.tea.revenue_per_order': ['metric.tea.revenue', 'metric.tea.orders_placed'],
      'metric.tea.doubled_revenue': ['metric.tea.revenue'],
      'metric.tea.lost_metric': [],
    });
    expect(graph.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'semantic-target-missing', file: 'models/marts/_semantic.yml', line: 60 }),
    );
  });

  it("end a metric's type_params as dbt 1.11 does, and as 1.12 does with its shape", () => {
    const keys = (m: typeof manifest) =>
      Object.keys(m.metrics['metric.tea.weekly_revenue']!['type_params'] as object).slice(-3);
    // A manifest dbt 1.11.8 wrote ends type_params with metric_aggregation_params (null for the older YAML).
    expect(keys(manifest)).toEqual(['conversion_type_params', 'cumulative_type_params', 'metric_aggregation_params']);
    const v112 = toManifest(graph, { ...TARGET, shape: manifestShape('1.12')! }) as typeof manifest;
    expect(keys(v112)).toEqual(['fill_nulls_with', 'join_to_timespine', 'is_private']);
    // A manifest dbt 1.10.4 wrote has none; one dbt 1.10.13 wrote has it.
    const v110 = toManifest(graph, { ...TARGET, shape: manifestShape('1.10.4')! }) as typeof manifest;
    expect(keys(v110)).toEqual(['metrics', 'conversion_type_params', 'cumulative_type_params']);
    const v11013 = toManifest(graph, { ...TARGET, shape: manifestShape('1.10.13')! }) as typeof manifest;
    expect(keys(v11013)).toEqual(['conversion_type_params', 'cumulative_type_params', 'metric_aggregation_params']);
    expect(v112.metrics['metric.tea.weekly_revenue']!['type_params']).toMatchObject({
      metric_aggregation_params: null,
      fill_nulls_with: null,
      join_to_timespine: false,
      is_private: null,
    });
  });

  it("write a cumulative metric's window as dbt does, and every metric's input measures", () => {
    const weekly = manifest.metrics['metric.tea.weekly_revenue']!['type_params'] as Record<string, unknown>;
    expect(weekly['window']).toEqual({ count: 7, granularity: 'day' });
    expect(weekly['cumulative_type_params']).toEqual({
      window: { count: 7, granularity: 'day' },
      grain_to_date: null,
      period_agg: 'first',
    });
    const ratio = manifest.metrics['metric.tea.revenue_per_order']!['type_params'] as Record<string, unknown>;
    expect((ratio['input_measures'] as Array<{ name: string }>).map((m) => m.name)).toEqual([
      'order_total',
      'order_count',
    ]);
    expect(ratio['numerator']).toEqual({
      name: 'revenue',
      filter: null,
      alias: null,
      offset_window: null,
      offset_to_grain: null,
    });
  });

  it("write a saved query's exports with the target's schema and database, and its metrics as what it depends on", () => {
    const query = manifest.saved_queries['saved_query.tea.daily_revenue']!;
    expect(query['exports']).toEqual([
      {
        name: 'daily_revenue',
        config: { export_as: 'table', schema_name: 'main', alias: 'daily_revenue', database: 'tea_db' },
        unrendered_config: { export_as: 'table' },
      },
    ]);
    expect(query['depends_on']).toEqual({ macros: [], nodes: ['metric.tea.revenue', 'metric.tea.orders_placed'] });
    // dbt 1.9+ (a manifest dbt 1.10.4 wrote): its own tags last, a string as a list of one; none before 1.9.
    expect(Object.entries(query).at(-1)).toEqual(['tags', ['finance']]);
    const v18 = toManifest(graph, { ...TARGET, shape: manifestShape('1.8')! }) as typeof manifest;
    expect(v18.saved_queries['saved_query.tea.daily_revenue']).not.toHaveProperty('tags');
  });

  it('are edges of parent_map and child_map, and members of group_map', () => {
    expect(manifest.child_map['model.tea.orders']).toEqual(['model.tea.order_facts', 'semantic_model.tea.orders']);
    expect(manifest.child_map['semantic_model.tea.orders']).toEqual([
      'metric.tea.orders_placed',
      'metric.tea.revenue',
      'metric.tea.weekly_revenue',
    ]);
    expect(manifest.child_map['metric.tea.revenue']).toEqual([
      'exposure.tea.revenue_board',
      'metric.tea.doubled_revenue',
      'metric.tea.revenue_per_order',
      'saved_query.tea.daily_revenue',
    ]);
    expect(manifest.parent_map['metric.tea.revenue_per_order']).toEqual([
      'metric.tea.orders_placed',
      'metric.tea.revenue',
    ]);
    expect(manifest.child_map['saved_query.tea.daily_revenue']).toEqual([]);
    expect(manifest.group_map['finance']).toEqual(['metric.tea.revenue_per_order']);
  });

  it('list every group in group_map, one without members too, as dbt does', () => {
    const withGroup = new Map(files);
    const groups = withGroup.get('models/marts/_groups.yml')!;
    withGroup.set('models/marts/_groups.yml', `${groups}\n  - name: support\n    owner:\n      name: Support\n`);
    const compiled = compile(withGroup, { project: '', target: TARGET, tests: true });
    const map = (toManifest(compiled, TARGET) as typeof manifest).group_map;
    expect(map).toEqual({ finance: manifest.group_map['finance'], support: [] });
  });

  it("link an exposure's metric() calls after its refs, as dbt's process_metrics, in the manifest's maps", () => {
    const exposures = manifest as unknown as { exposures: Section };
    const board = exposures.exposures['exposure.tea.revenue_board']!;
    expect(board['depends_on']).toEqual({
      macros: [],
      nodes: ['model.tea.order_facts', 'metric.tea.revenue', 'metric.tea.orders_placed'],
    });
    expect(board['metrics']).toEqual([['revenue'], ['tea', 'orders_placed']]);
    expect(manifest.parent_map['exposure.tea.revenue_board']).toEqual([
      'metric.tea.orders_placed',
      'metric.tea.revenue',
      'model.tea.order_facts',
    ]);
    expect(manifest.child_map['metric.tea.orders_placed']).toContain('exposure.tea.revenue_board');
    expect(manifest.child_map['model.tea.order_facts']).toEqual(['exposure.tea.revenue_board']);
  });

  it('report a metric() that names no metric, as dbt stops on it (reviews, which build no metrics, do not)', () => {
    const withBoard = new Map([
      ...files,
      [
        'models/marts/_exposures.yml',
        "exposures:\n  - name: board\n    type: dashboard\n    owner: {name: BI}\n    depends_on:\n      - metric('nope')\n",
      ],
    ]);
    const unknown = (g: typeof graph) => g.diagnostics.filter((d) => d.code === 'unknown-metric');
    expect(unknown(compile(withBoard, { project: '', target: TARGET, tests: true }))).toEqual([
      {
        code: 'unknown-metric',
        severity: 'error',
        message: "exposure.tea.board depends on metric('nope'), which matches no enabled metric",
        file: 'models/marts/_exposures.yml',
        line: 6,
      },
    ]);
    expect(unknown(compile(withBoard, { project: '', target: TARGET }))).toEqual([]);
  });

  it('are built for the manifest only, not for reviews (whose maps keep to nodes)', () => {
    const review = compile(files, { project: '', target: TARGET });
    expect(review.semantic).toBeUndefined();
    expect(review.child_map['model.tea.orders']).toEqual(['model.tea.order_facts']);
  });
});

describe('MetricFlow resources dbt reads in less common ways', () => {
  const base = {
    'dbt_project.yml': [
      'name: shop',
      'version: "1"',
      'config-version: 2',
      'metrics:',
      '  shop:',
      '    +meta:',
      '      owner: "{{ \'finance\' }}"',
      '',
    ].join('\n'),
    'models/orders.sql': 'select 1 as id, 2 as amount',
    'models/_sm.yml': [
      'semantic_models:',
      "  - {name: orders, model: ref('orders'), measures: [{name: total, agg: sum, expr: amount}]}",
      '',
    ].join('\n'),
  };
  const build = (extra: Record<string, string>) => {
    const compiled = compile(new Map(Object.entries({ ...base, ...extra })), {
      project: '',
      target: TARGET,
      tests: true,
    });
    return { graph: compiled, manifest: toManifest(compiled, TARGET) as typeof manifest & { disabled: Section } };
  };

  it("render the project's config trees, leave filters as written, and list a disabled metric under disabled", () => {
    const { graph: g, manifest: m } = build({
      'models/_metrics.yml': [
        'metrics:',
        '  - name: revenue',
        '    label: Revenue',
        '    type: simple',
        "    filter: \"{{ Dimension('order__status') }} = 'paid'\"",
        '    type_params: {measure: total}',
        '  - {name: parked, label: Parked, type: simple, config: {enabled: false}, type_params: {measure: total}}',
        '  - {name: tagged, label: T, type: simple, config: {meta: {by: "{{ \'x\' }}"}}, type_params: {measure: total}}',
        '',
      ].join('\n'),
    });
    const revenue = m.metrics['metric.shop.revenue']!;
    expect(revenue['config']).toEqual({ enabled: true, group: null, meta: { owner: 'finance' } });
    expect(revenue['filter']).toEqual({
      where_filters: [{ where_sql_template: "{{ Dimension('order__status') }} = 'paid'" }],
    });
    expect(g.diagnostics.filter((d) => d.file === 'models/_metrics.yml')).toEqual([]);
    expect(Object.keys(m.disabled)).toEqual(['metric.shop.parked']);
    // unrendered_config as written, config rendered.
    const tagged = m.metrics['metric.shop.tagged']!;
    expect([tagged['config'], tagged['unrendered_config']]).toEqual([
      { enabled: true, group: null, meta: { owner: 'finance', by: 'x' } },
      { meta: { by: "{{ 'x' }}" } },
    ]);
    expect(m.parent_map['metric.shop.parked']).toBeUndefined();
    // dbt's edge members: metrics before semantic models, whatever the files' order.
    expect(Object.keys(m.parent_map).filter((id) => !id.startsWith('model.'))).toEqual([
      'metric.shop.revenue',
      'metric.shop.tagged',
      'semantic_model.shop.orders',
    ]);
  });

  it('depend a conversion metric on the semantic models of its base and conversion measures', () => {
    const { manifest: m } = build({
      'models/_sm2.yml': [
        'semantic_models:',
        "  - {name: visits, model: ref('orders'), measures: [{name: visit_count, agg: sum}]}",
        '',
      ].join('\n'),
      'models/_metrics.yml': [
        'metrics:',
        '  - name: visit_to_order',
        '    label: Visit to order',
        '    type: conversion',
        '    type_params:',
        '      conversion_type_params:',
        '        entity: customer',
        '        base_measure: visit_count',
        '        conversion_measure: {name: total}',
        '        window: 7 days',
        '',
      ].join('\n'),
    });
    const metric = m.metrics['metric.shop.visit_to_order']!;
    expect(metric['depends_on']).toEqual({
      macros: [],
      nodes: ['semantic_model.shop.visits', 'semantic_model.shop.orders'],
    });
    const params = metric['type_params'] as Record<string, Record<string, unknown>>;
    expect(params['conversion_type_params']).toEqual({
      base_measure: { name: 'visit_count', filter: null, alias: null, join_to_timespine: false, fill_nulls_with: null },
      conversion_measure: { name: 'total', filter: null, alias: null, join_to_timespine: false, fill_nulls_with: null },
      entity: 'customer',
      calculation: 'conversion_rate',
      window: { count: 7, granularity: 'day' },
      constant_properties: null,
    });
    expect((params['input_measures'] as unknown as Array<{ name: string }>).map((x) => x.name)).toEqual([
      'visit_count',
      'total',
    ]);
  });

  it("copy a measure's filter into input_measures as it is", () => {
    const { manifest: m } = build({
      'models/_metrics.yml': [
        'metrics:',
        '  - name: paid',
        '    label: Paid',
        '    type: simple',
        '    type_params:',
        '      measure: {name: total, filter: "status = \'paid\'"}',
        '',
      ].join('\n'),
    });
    const params = m.metrics['metric.shop.paid']!['type_params'] as Record<string, unknown>;
    const filter = { where_filters: [{ where_sql_template: "status = 'paid'" }] };
    expect((params['measure'] as Record<string, unknown>)['filter']).toEqual(filter);
    expect((params['input_measures'] as Array<Record<string, unknown>>)[0]!['filter']).toEqual(filter);
  });

  it("resolve a metric by name in the root project first, as dbt's resolve_metric does", () => {
    const { manifest: m } = build({
      'packages.yml': 'packages:\n  - local: dep\n',
      'dep/dbt_project.yml': 'name: dep\nversion: "1"\nconfig-version: 2\n',
      'dep/models/_dep.yml': 'metrics:\n  - {name: revenue, label: R, type: simple, type_params: {measure: total}}\n',
      'models/_metrics.yml': [
        'metrics:',
        '  - {name: revenue, label: R, type: simple, type_params: {measure: total}}',
        '  - {name: half, label: H, type: ratio, type_params: {numerator: revenue, denominator: ~}}',
        '',
      ].join('\n'),
    });
    expect(m.parent_map['metric.shop.half']).toEqual(['metric.shop.revenue']);
    expect((m.metrics['metric.shop.half']!['type_params'] as Record<string, unknown>)['denominator']).toBeNull();
  });
});

describe('MetricFlow resources as dbt parses them', () => {
  const files = new Map([
    ['dbt_project.yml', "name: leaf\nversion: '1'\nconfig-version: 2\n"],
    ['models/sales.sql', 'select 1 as id, 2 as amount'],
    ['models/docs.md', '{% docs sales_doc %}Sales, one row per sale.{% enddocs %}'],
    [
      'models/_semantic.yml',
      [
        'semantic_models:',
        '  - name: sales',
        '    description: "{{ doc(\'sales_doc\') }}"',
        "    model: ref('sales')",
        '    entities: [{name: sale, type: primary, expr: id}]',
        '    measures:',
        '      - {name: amount_total, agg: sum, expr: amount, create_metric: true}',
        '      - {name: sale_count, agg: count, expr: id, description: Sales counted}',
        '      - {name: max_sale, agg: max, expr: amount, label: Largest sale, create_metric: true}',
        'metrics:',
        '  - name: sales_made',
        '    label: Sales made',
        '    type: simple',
        '    type_params: {measure: sale_count}',
        'saved_queries:',
        '  - name: big_sales',
        '    description: "{{ doc(\'sales_doc\') }}"',
        '    query_params:',
        '      metrics: [sales_made]',
        "      where: \"{{ Metric('amount_total', ['sale']) }} > 100\"",
        '',
      ].join('\n'),
    ],
  ]);
  const g = compile(files, { project: '', target: TARGET, tests: true });
  const written = toManifest(g, TARGET) as { metrics: Section; saved_queries: Section; semantic_models: Section };

  it("make a simple metric of a measure with create_metric, after the file's own metrics", () => {
    expect(Object.keys(written.metrics)).toEqual([
      'metric.leaf.sales_made',
      'metric.leaf.amount_total',
      'metric.leaf.max_sale',
    ]);
    // Labelled as its measure is, when it is.
    expect(written.metrics['metric.leaf.max_sale']!['label']).toBe('Largest sale');
    const made = written.metrics['metric.leaf.amount_total']!;
    expect([made['label'], made['description'], made['type'], made['depends_on']]).toEqual([
      'amount_total',
      'Metric created from measure amount_total',
      'simple',
      { macros: [], nodes: ['semantic_model.leaf.sales'] },
    ]);
  });

  it("depend a saved query on the metrics its where filters call, and leave the filters' Jinja as written", () => {
    const query = written.saved_queries['saved_query.leaf.big_sales']!;
    expect(query['depends_on']).toEqual({ macros: [], nodes: ['metric.leaf.sales_made', 'metric.leaf.amount_total'] });
    expect((query['query_params'] as { where: unknown }).where).toEqual({
      where_filters: [{ where_sql_template: "{{ Metric('amount_total', ['sale']) }} > 100" }],
    });
    expect(g.diagnostics).toEqual([]);
  });

  it("render descriptions as dbt's docs pass does, doc() included", () => {
    expect(written.saved_queries['saved_query.leaf.big_sales']!['description']).toBe('Sales, one row per sale.');
    expect(written.semantic_models['semantic_model.leaf.sales']!['description']).toBe('Sales, one row per sale.');
  });
});

describe('MetricFlow meta as dbt 1.9+ writes it', () => {
  const g = compile(
    new Map([
      ['dbt_project.yml', "name: leaf\nversion: '1'\nconfig-version: 2\nmetrics:\n  leaf:\n    +meta: {tier: gold}\n"],
      ['models/sales.sql', 'select 1 as id'],
      [
        'models/_semantic.yml',
        [
          'semantic_models:',
          '  - name: sales',
          "    model: ref('sales')",
          '    entities: [{name: sale, type: primary, expr: id, config: {meta: {pk: true}}}]',
          '    measures: [{name: total, agg: sum, expr: id, config: {meta: {unit: usd}}}]',
          '    dimensions: [{name: kind, type: categorical, config: {meta: {pii: false}}}]',
          'metrics:',
          '  - name: total_sales',
          '    label: Total sales',
          '    type: simple',
          '    meta: {ignored: true}',
          '    type_params: {measure: total}',
          '',
        ].join('\n'),
      ],
    ]),
    { project: '', target: TARGET, tests: true },
  );
  const written = toManifest(g, TARGET) as { metrics: Section; semantic_models: Section };

  it("give each entity, measure and dimension its own config meta, and a metric's meta its config's", () => {
    const model = written.semantic_models['semantic_model.leaf.sales']!;
    const configs = (key: string) => (model[key] as Array<{ config: unknown }>).map((element) => element.config);
    expect([configs('entities'), configs('measures'), configs('dimensions')]).toEqual([
      [{ meta: { pk: true } }],
      [{ meta: { unit: 'usd' } }],
      [{ meta: { pii: false } }],
    ]);
    expect(written.metrics['metric.leaf.total_sales']!['meta']).toEqual({ tier: 'gold' });
  });
});

describe("metric() in a model's SQL", () => {
  it("lists the metrics and depends on them after the model's refs, as dbt's process_metrics does", () => {
    const files = new Map([
      ...loadFixture('semantic/tea'),
      [
        'models/marts/kpis.sql',
        "select * from {{ ref('orders') }}\n-- {{ metric('revenue') }} {{ metric('tea', 'orders_placed') }}",
      ],
      ['analyses/revenue_check.sql', "-- depends_on: {{ metric('revenue') }}\nselect 1"],
    ]);
    const g = compile(files, { project: '', target: TARGET, tests: true });
    const written = toManifest(g, TARGET) as { nodes: Section; child_map: Record<string, string[]> };
    const kpis = written.nodes['model.tea.kpis']!;
    expect([kpis['metrics'], (kpis['depends_on'] as { nodes: string[] }).nodes]).toEqual([
      [['revenue'], ['tea', 'orders_placed']],
      ['model.tea.orders', 'metric.tea.revenue', 'metric.tea.orders_placed'],
    ]);
    expect(written.child_map['metric.tea.revenue']).toEqual(expect.arrayContaining(['model.tea.kpis']));
    // An analysis too: dbt's process_metrics walks every node of the manifest.
    expect((written.nodes['analysis.tea.revenue_check']!['depends_on'] as { nodes: string[] }).nodes).toEqual([
      'metric.tea.revenue',
    ]);
    expect(written.child_map['metric.tea.revenue']).toContain('analysis.tea.revenue_check');
    // Reviews build no metrics: the graph's own edges keep the ref alone.
    const review = compile(files, { project: '', target: TARGET });
    expect(review.nodes['model.tea.kpis']?.depends_on.nodes).toEqual(['model.tea.orders']);
    expect(review.diagnostics.filter((d) => d.code === 'unknown-metric')).toEqual([]);
  });
});

describe("a metric's input measures", () => {
  it('keep one measure twice when the two uses differ (filter, time spine), as dbt compares them whole', () => {
    const files = new Map([
      ...loadFixture('semantic/tea'),
      [
        'models/marts/_more_metrics.yml',
        [
          'metrics:',
          '  - name: big_revenue',
          '    label: Big revenue',
          '    type: simple',
          '    type_params:',
          '      measure: {name: order_total, filter: "{{ Dimension(\'order__amount\') }} > 100", join_to_timespine: true}',
          '  - name: both_revenues',
          '    label: Both revenues',
          '    type: derived',
          '    type_params:',
          '      expr: revenue + big_revenue + doubled',
          '      metrics: [revenue, big_revenue, {name: doubled_revenue, alias: doubled}]',
          '',
        ].join('\n'),
      ],
    ]);
    const written = toManifest(compile(files, { project: '', target: TARGET, tests: true }), TARGET) as {
      metrics: Section;
    };
    const inputs = (written.metrics['metric.tea.both_revenues']!['type_params'] as { input_measures: unknown[] })
      .input_measures as Array<{ name: string; join_to_timespine: boolean }>;
    // revenue's plain order_total, big_revenue's filtered one; doubled_revenue's plain one again is a duplicate.
    expect(inputs.map((m) => [m.name, m.join_to_timespine])).toEqual([
      ['order_total', false],
      ['order_total', true],
    ]);
  });
});

describe("dbt 1.12's latest semantic layer spec", () => {
  // Shapes and defaults as a manifest dbt 1.12.0 wrote for a public project (lightdash's metricflow-demo: one
  // semantic model, 15 metrics, all equal) and dbt-core's schema_yaml_readers.
  const g = compile(
    new Map([
      ['dbt_project.yml', 'name: latest\n'],
      ['models/orders.sql', 'select 1 as order_id, 2 as customer_id, now() as ordered_at, 1 as amount'],
      [
        'models/marts/orders.yml',
        [
          'models:',
          '  - name: orders',
          '    description: One row per order.',
          '    semantic_model:',
          '      enabled: true',
          '    agg_time_dimension: ordered_at',
          '    columns:',
          '      - name: order_id',
          '        entity: {type: primary, name: order}',
          '      - name: customer_id',
          '        description: Who ordered.',
          '        entity: foreign',
          '      - name: ordered_at',
          '        granularity: day',
          '        dimension: {type: time}',
          '      - name: status',
          '        meta: {pii: false}',
          '        dimension: categorical',
          '    metrics:',
          '      - name: revenue',
          '        label: Revenue',
          '        type: simple',
          '        agg: sum',
          '        expr: amount',
          '        config: {meta: {owner: finance}}',
          '      - name: p95_amount',
          '        agg: percentile',
          '        percentile: 95.0',
          '        percentile_type: discrete',
          '        expr: amount',
          "        filter: \"{{ Dimension('order__status') }} = 'done'\"",
          '  - name: order_items',
          '    metrics:',
          '      - name: orphan',
          '        agg: count',
          'metrics:',
          '  - name: revenue_per_order',
          '    type: ratio',
          '    numerator: revenue',
          "    denominator: {name: p95_amount, filter: \"{{ Dimension('order__status') }} = 'x'\"}",
          '  - name: running_revenue',
          '    type: cumulative',
          '    input_metric: revenue',
          '    window: 7 days',
          '',
        ].join('\n'),
      ],
    ]),
    { project: '', target: TARGET, tests: true },
  );
  const written = toManifest(g, { ...TARGET, shape: manifestShape('1.12.0')! }) as typeof manifest;

  it("makes a model's semantic_model: a semantic model of it, its columns' entity / dimension its elements", () => {
    const none = { meta: {} };
    expect(written.semantic_models['semantic_model.latest.orders']).toMatchObject({
      name: 'orders',
      path: 'marts/orders.yml',
      original_file_path: 'models/marts/orders.yml',
      fqn: ['latest', 'marts', 'orders'],
      model: "ref('orders')",
      description: 'One row per order.',
      label: null,
      defaults: { agg_time_dimension: 'ordered_at' },
      entities: [
        { name: 'order', type: 'primary', description: '', label: null, role: null, expr: 'order_id', config: none },
        {
          name: 'customer_id',
          type: 'foreign',
          description: 'Who ordered.',
          label: null,
          role: null,
          expr: null,
          config: none,
        },
      ],
      measures: [],
      dimensions: [
        {
          name: 'ordered_at',
          type: 'time',
          description: '',
          label: null,
          is_partition: false,
          type_params: { time_granularity: 'day', validity_params: null },
          expr: null,
          metadata: null,
          config: none,
        },
        {
          name: 'status',
          type: 'categorical',
          description: '',
          label: null,
          is_partition: false,
          type_params: null,
          expr: null,
          metadata: null,
          config: { meta: { pii: false } },
        },
      ],
      depends_on: { macros: [], nodes: ['model.latest.orders'] },
      config: { enabled: true, group: null, meta: {} },
      unrendered_config: {},
      primary_entity: null,
    });
  });

  it('reads its metrics and top-level metrics of the flat form, with their inputs and what they depend on', () => {
    const revenue = written.metrics['metric.latest.revenue']!;
    expect(Object.keys(revenue).slice(-3)).toEqual(['group', 'meta', 'tags']);
    expect(revenue).toMatchObject({
      label: 'Revenue',
      type: 'simple',
      config: { enabled: true, group: null, meta: { owner: 'finance' } },
      meta: {},
      tags: [],
      depends_on: { macros: [], nodes: ['semantic_model.latest.orders'] },
      type_params: {
        measure: null,
        input_measures: [],
        expr: 'amount',
        window: null,
        metrics: [],
        metric_aggregation_params: {
          semantic_model: 'orders',
          agg: 'sum',
          agg_params: { percentile: null, use_discrete_percentile: false, use_approximate_percentile: false },
          agg_time_dimension: 'ordered_at',
          non_additive_dimension: null,
        },
        fill_nulls_with: null,
        join_to_timespine: false,
        is_private: false,
      },
    });
    const p95 = written.metrics['metric.latest.p95_amount']!;
    expect([p95['label'], p95['filter']]).toEqual([
      'p95_amount',
      { where_filters: [{ where_sql_template: "{{ Dimension('order__status') }} = 'done'" }] },
    ]);
    expect((p95['type_params'] as { metric_aggregation_params: unknown }).metric_aggregation_params).toMatchObject({
      agg: 'percentile',
      agg_params: { percentile: 95, use_discrete_percentile: true, use_approximate_percentile: false },
    });
    const ratio = written.metrics['metric.latest.revenue_per_order']!;
    expect(ratio['type_params']).toMatchObject({
      numerator: { name: 'revenue', filter: null, alias: null, offset_window: null, offset_to_grain: null },
      denominator: {
        name: 'p95_amount',
        filter: { where_filters: [{ where_sql_template: "{{ Dimension('order__status') }} = 'x'" }] },
      },
      metric_aggregation_params: null,
    });
    expect(ratio['depends_on']).toEqual({ macros: [], nodes: ['metric.latest.revenue', 'metric.latest.p95_amount'] });
    expect(written.metrics['metric.latest.running_revenue']!['type_params']).toMatchObject({
      window: null,
      cumulative_type_params: {
        window: { count: 7, granularity: 'day' },
        grain_to_date: null,
        period_agg: 'first',
        metric: { name: 'revenue' },
      },
    });
    expect(written.metrics['metric.latest.running_revenue']!['depends_on']).toEqual({
      macros: [],
      nodes: ['metric.latest.revenue'],
    });
    // The model's metrics come first, as dbt reads them with the model.
    expect(Object.keys(written.metrics)).toEqual([
      'metric.latest.revenue',
      'metric.latest.p95_amount',
      'metric.latest.revenue_per_order',
      'metric.latest.running_revenue',
    ]);
    expect(written.parent_map['semantic_model.latest.orders']).toEqual(['model.latest.orders']);
    expect(written.child_map['semantic_model.latest.orders']).toEqual([
      'metric.latest.p95_amount',
      'metric.latest.revenue',
    ]);
  });

  it("reports a model's metrics without a semantic model, not read", () => {
    expect(g.diagnostics.filter((d) => d.code === 'unread-semantic-spec').map((d) => [d.file, d.line])).toEqual([
      ['models/marts/orders.yml', 33],
    ]);
    expect(written.metrics['metric.latest.orphan']).toBeUndefined();
  });
});

const teaGraph = graph;

describe("dbt 1.12's latest spec: edges", () => {
  const files = (yml: string, extra: Record<string, string> = {}) =>
    new Map([
      ['dbt_project.yml', 'name: edge\n'],
      ['models/orders.sql', 'select 1 as order_id'],
      ['models/orders.yml', yml],
      ...Object.entries(extra),
    ]);
  const build = (yml: string, options: { dbtVersion?: number } = {}, extra: Record<string, string> = {}) => {
    const graph = compile(files(yml, extra), { project: '', target: TARGET, tests: true, ...options });
    return { graph, m: toManifest(graph, TARGET) as typeof manifest };
  };
  const base = [
    'models:',
    '  - name: orders',
    '    semantic_model: {config: {}, group: g}',
    '    columns:',
    '      - {entity: primary}',
    '      - name: order_id',
    '        entity: primary',
    '    metrics:',
    '      - name: conv',
    '        type: conversion',
    "        base_metric: \"{{ 'b' ~ 'ase' }}\"",
    '        conversion_metric: base',
    '        entity: order_id',
    '      - name: base',
    '        agg: count',
    '        expr: order_id',
    '',
  ].join('\n');

  it('is read from a file without top-level semantic keys; config: {} keeps meta and enabled as written', () => {
    const { graph, m } = build(base);
    const model = m.semantic_models['semantic_model.edge.orders']!;
    // The column without a name is no column: one entity.
    expect((model['entities'] as unknown[]).length).toBe(1);
    expect(model['unrendered_config']).toEqual({ meta: {}, enabled: true, group: 'g' });
    const conv = m.metrics['metric.edge.conv']!['type_params'] as { conversion_type_params: { base_metric: unknown } };
    // Input names are rendered (only filters are left as written).
    expect(conv.conversion_type_params.base_metric).toMatchObject({ name: 'base' });
    // A conversion metric without `calculation` stops dbt.
    expect(graph.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'invalid-semantic-model', file: 'models/orders.yml', line: 9 }),
    );
  });

  it('is not read for an older dbt version asked for, nor for a disabled model', () => {
    expect(Object.keys(build(base, { dbtVersion: manifestShape('1.11.8')!.version }).m.semantic_models)).toEqual([]);
    const disabled = build(base, {}, { 'models/orders.sql': '{{ config(enabled=false) }}select 1 as order_id' });
    expect(Object.keys(disabled.m.semantic_models)).toEqual([]);
    expect(disabled.graph.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'unread-semantic-spec', file: 'models/orders.yml', line: 3 }),
    );
  });

  it('ends dimensions with datatype (null) from dbt 1.12.5 (dbt-core #16311), legacy ones too', () => {
    const { graph } = build(
      [
        'models:',
        '  - name: orders',
        '    semantic_model: true',
        '    columns:',
        '      - name: order_id',
        '        dimension: categorical',
        '',
      ].join('\n'),
    );
    const dimensions = (version: string) =>
      (
        (toManifest(graph, { ...TARGET, shape: manifestShape(version)! }) as typeof manifest).semantic_models[
          'semantic_model.edge.orders'
        ]!['dimensions'] as Array<Record<string, unknown>>
      ).map((d) => Object.keys(d).at(-1));
    expect(dimensions('1.12.5')).toEqual(['datatype']);
    expect(dimensions('1.12.4')).toEqual(['config']);
    // A legacy semantic model's dimensions too (the tea fixture at the top of this file).
    const tea = toManifest(teaGraph, { ...TARGET, shape: manifestShape('1.12.5')! }) as typeof manifest;
    for (const model of Object.values(tea.semantic_models))
      for (const d of model['dimensions'] as Array<Record<string, unknown>>) expect(d['datatype']).toBeNull();
  });
});

describe("a package's MetricFlow resources", () => {
  it("take the root project's configs of their fqn last, as every resource of a package does", () => {
    const g = compile(
      new Map([
        ['dbt_project.yml', 'name: root\nsemantic-models:\n  shared:\n    +meta: {team: root}\n'],
        ['packages.yml', 'packages:\n  - local: shared\n'],
        ['models/a.sql', "select * from {{ ref('orders') }}"],
        ['shared/dbt_project.yml', 'name: shared\nsemantic-models:\n  +meta: {team: shared, tier: 1}\n'],
        ['shared/models/orders.sql', 'select 1 as order_id'],
        [
          'shared/models/orders.yml',
          "semantic_models:\n  - name: orders\n    model: ref('orders')\n    entities:\n      - {name: order_id, type: primary}\n",
        ],
      ]),
      { project: '', target: TARGET, tests: true },
    );
    const m = toManifest(g, TARGET) as typeof manifest;
    expect(m.semantic_models['semantic_model.shared.orders']!['config']).toMatchObject({
      meta: { team: 'root', tier: 1 },
    });
  });
});
