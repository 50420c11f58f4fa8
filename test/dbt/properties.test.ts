// Property files: models (description, meta, config, columns, versions), sources, exposures, groups, doc blocks.
import { compileFiles, compileFixture, diagnosticsOf, node } from './helpers.js';
import { loadFixture } from '../support/load-fixture.js';

const files = loadFixture('properties');
const graph = compileFixture('properties');
const at = (file: string, needle: string, nth = 0) => {
  const lines = (files.get(file) ?? '').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  if (hits[nth] === undefined) throw new Error(`${needle} #${nth} not in ${file}`);
  return { file, line: hits[nth] };
};
const SCHEMA = 'models/schema.yml';
const DIM = 'models/marts/dim_customers.yml';

describe('property files', () => {
  it('compiles with one diagnostic: the exposure refs a private model, which dbt refuses', () => {
    expect(diagnosticsOf(graph)).toEqual(['private-ref models/exposures.yml:14']);
  });

  describe('models', () => {
    it('resolves doc blocks in model and column descriptions', () => {
      const customers = node(graph, 'model.props.customers');
      expect(customers.description).toBe('One row per customer.');
      expect(customers.columns['email']?.description).toBe("The customer's e-mail address.");
      expect(customers.columns['customer_id']?.description).toBe('Primary key');
    });

    it('reads top-level access, group and meta, with their lines', () => {
      const customers = node(graph, 'model.props.customers');
      expect([customers.access, customers.group, customers.config.access, customers.config.group]).toEqual([
        'public',
        'sales',
        'public',
        'sales',
      ]);
      expect(customers.meta).toEqual({ owner: 'ana', tier: 1 });
      expect(customers.config.meta).toEqual({ owner: 'ana', tier: 1 });
      expect(customers.property).toEqual(at(SCHEMA, '- name: customers'));
      expect(customers.patch_path).toBe('props://models/schema.yml');
      expect(customers.metaPositions).toEqual({ owner: at(SCHEMA, 'owner: ana'), tier: at(SCHEMA, 'tier: 1') });
      expect(customers.configPositions['group']).toEqual(at(SCHEMA, 'group: sales', 0));
      expect(customers.configPositions['access']).toEqual(at(SCHEMA, 'access: public'));
    });

    it('reads columns with data_type, description, meta, constraints and their lines', () => {
      const columns = node(graph, 'model.props.customers').columns;
      expect(Object.keys(columns)).toEqual(['customer_id', 'email']);
      expect(columns['customer_id']).toMatchObject({
        data_type: 'integer',
        meta: { pii: false },
        constraints: [{ type: 'not_null' }, { type: 'primary_key' }],
        pos: at(SCHEMA, '- name: customer_id'),
      });
      expect(columns['email']).toMatchObject({
        data_type: 'varchar',
        meta: { pii: true },
        pos: at(SCHEMA, '- name: email'),
      });
    });

    it('reads config.group/access/materialized/enabled/tags/meta/contract', () => {
      const orders = node(graph, 'model.props.orders');
      expect(orders.config).toMatchObject({
        group: 'sales',
        access: 'private',
        materialized: 'table',
        enabled: true,
        tags: ['finance', 'daily'],
        meta: { owner: 'bo' },
        contract: { enforced: true, alias_types: true },
      });
      expect([orders.group, orders.access, orders.tags, orders.meta, orders.contract.enforced]).toEqual([
        'sales',
        'private',
        ['finance', 'daily'],
        { owner: 'bo' },
        true,
      ]);
      expect(orders.metaPositions['owner']).toEqual(at(SCHEMA, 'owner: bo'));
      expect(orders.configPositions['contract']).toEqual(at(SCHEMA, 'contract:'));
      expect(orders.columns['order_id']?.data_type).toBe('int');
    });

    it('adds refs and sources of foreign-key constraints (model-level and column) as dbt 1.9+ does', () => {
      const orders = node(graph, 'model.props.orders');
      expect(orders.constraints).toEqual([
        {
          type: 'foreign_key',
          name: null,
          expression: null,
          warn_unenforced: true,
          warn_unsupported: true,
          to: "ref('dim_customers', v=1)",
          to_columns: ['customer_id'],
          columns: ['customer_id'],
        },
      ]);
      expect(orders.refs.map((r) => [r.name, r.version, r.pos])).toEqual([
        ['customers', null, { file: 'models/orders.sql', line: 3 }],
        ['dim_customers', 1, at(SCHEMA, '- name: orders')],
      ]);
      expect(orders.sources.map((s) => [s.table, s.pos])).toEqual([
        ['orders', { file: 'models/orders.sql', line: 2 }],
        ['customers', at(SCHEMA, '- name: order_id')],
      ]);
    });

    it('defaults access to protected and contract to not enforced', () => {
      const report = node(graph, 'model.props.report');
      expect([report.access, report.group, report.contract, report.meta, report.tags]).toEqual([
        'protected',
        null,
        { enforced: false, alias_types: true },
        {},
        [],
      ]);
      expect(report.property).toEqual(at(DIM, '- name: report'));
    });
  });

  describe('versions', () => {
    it('makes one node per version with `.vN` ids, fqn ending in the version, and defined_in files', () => {
      const ids = Object.keys(graph.nodes).filter((id) => id.startsWith('model.props.dim_customers'));
      expect(ids.sort()).toEqual([
        'model.props.dim_customers.v1',
        'model.props.dim_customers.v2',
        'model.props.dim_customers.v3',
      ]);
      const v3 = node(graph, 'model.props.dim_customers.v3');
      expect(v3.original_file_path).toBe('models/marts/dim_customers_next.sql');
      expect(v3.fqn).toEqual(['props', 'marts', 'dim_customers', 'v3']);
      expect([v3.name, v3.version, v3.latest_version]).toEqual(['dim_customers', 3, 2]);
      expect(v3.property).toEqual(at(DIM, '- v: 3'));
      expect(graph.nodes['model.props.dim_customers_next']).toBeUndefined();
    });

    it('applies the model-level config and description to every version', () => {
      for (const v of [1, 2, 3]) {
        const n = node(graph, `model.props.dim_customers.v${v}`);
        expect([n.access, n.group, n.description]).toEqual(['public', 'sales', 'Customers for marts']);
        expect(n.configPositions['group']).toEqual(at(DIM, 'group: sales'));
      }
    });

    it('filters columns with include/exclude and adds version columns', () => {
      expect(Object.keys(node(graph, 'model.props.dim_customers.v1').columns)).toEqual(['customer_id', 'email']);
      expect(Object.keys(node(graph, 'model.props.dim_customers.v2').columns)).toEqual(['customer_id']);
      expect(Object.keys(node(graph, 'model.props.dim_customers.v3').columns)).toEqual(['customer_id', 'score']);
    });

    it("reads a version's own deprecation_date, as dbt serialises it (UTC), and not the model-level one", () => {
      // dbt reads a date as local midnight (UTC in CI) and writes it with isoformat(); a versioned patch takes
      // `deprecation_date=unparsed_version.deprecation_date` only.
      expect(node(graph, 'model.props.dim_customers.v1').deprecation_date).toBe('2027-01-31T00:00:00+00:00');
      expect(node(graph, 'model.props.dim_customers.v2').deprecation_date).toBeNull();
      expect(node(graph, 'model.props.customers').deprecation_date).toBeNull();
    });

    it("deep-merges the version config over the model config as dbt_common's deep_merge: lists joined (the version's first), dicts merged", () => {
      const v1 = node(graph, 'model.props.dim_customers.v1');
      const v3 = node(graph, 'model.props.dim_customers.v3');
      expect([v1.tags, v1.meta]).toEqual([['dim'], { owner: 'sales-team' }]);
      expect([v3.tags, v3.meta]).toEqual([['next', 'dim'], { owner: 'sales-team', stage: 'beta' }]);
      expect(v3.metaPositions).toEqual({ owner: at(DIM, 'owner: sales-team'), stage: at(DIM, 'stage: beta') });
    });

    it('resolves an unversioned ref to latest_version, and v=/version= to that version', () => {
      expect(node(graph, 'model.props.report').depends_on.nodes).toEqual([
        'model.props.dim_customers.v2',
        'model.props.dim_customers.v1',
        'model.props.dim_customers.v3',
      ]);
      expect(node(graph, 'model.props.report').refs.map((r) => [r.name, r.version, r.pos.line])).toEqual([
        ['dim_customers', null, 1],
        ['dim_customers', 1, 3],
        ['dim_customers', 3, 5],
      ]);
    });
  });

  describe('sources', () => {
    it('makes one source per table with meta, loader, description and columns', () => {
      expect(Object.keys(graph.sources).sort()).toEqual([
        'source.props.shop_raw.customers',
        'source.props.shop_raw.orders',
      ]);
      const orders = graph.sources['source.props.shop_raw.orders']!;
      expect(orders).toMatchObject({
        source_name: 'shop_raw',
        name: 'orders',
        package_name: 'props',
        original_file_path: 'models/sources.yml',
        fqn: ['props', 'shop_raw', 'orders'],
        description: 'Raw orders',
        source_description: 'Raw shop data',
        loader: 'fivetran',
        meta: { contains_pii: false },
        source_meta: { owner: 'platform' },
        file: 'models/sources.yml',
        line: at('models/sources.yml', '- name: orders').line,
      });
      expect(Object.keys(orders.columns)).toEqual(['id']);
      // dbt merges the source's meta under the table's (sources.py: meta = {**source_meta, **table_meta}).
      expect(orders.meta).toEqual({ owner: 'platform', contains_pii: false });
      expect(graph.sources['source.props.shop_raw.customers']?.meta).toEqual({ owner: 'platform' });
    });

    it('links source() calls', () => {
      expect(node(graph, 'model.props.orders').depends_on.nodes).toEqual([
        'source.props.shop_raw.orders',
        'source.props.shop_raw.customers',
        'model.props.customers',
        'model.props.dim_customers.v1',
      ]);
      expect(graph.child_map['source.props.shop_raw.orders']).toEqual(['model.props.orders']);
    });
  });

  describe('exposures', () => {
    it('reads owner, type, url, maturity, meta and depends_on', () => {
      const exposure = graph.exposures['exposure.props.weekly_dashboard']!;
      expect(exposure).toMatchObject({
        name: 'weekly_dashboard',
        label: 'Weekly dashboard',
        type: 'dashboard',
        maturity: 'high',
        url: 'https://bi.example.com/dashboards/1',
        owner: { name: 'Ana', email: 'ana@example.com' },
        meta: { tier: 'gold' },
        fqn: ['props', 'weekly_dashboard'],
        original_file_path: 'models/exposures.yml',
        path: 'exposures.yml',
        line: at('models/exposures.yml', '- name: weekly_dashboard').line,
      });
      expect(exposure.depends_on.nodes).toEqual([
        'source.props.shop_raw.customers',
        'model.props.orders',
        'model.props.dim_customers.v1',
      ]);
      expect(exposure.refs.map((r) => r.pos)).toEqual([
        at('models/exposures.yml', "ref('orders')"),
        at('models/exposures.yml', "ref('dim_customers', v=1)"),
      ]);
      expect(graph.parent_map['exposure.props.weekly_dashboard']).toEqual([
        'model.props.dim_customers.v1',
        'model.props.orders',
        'source.props.shop_raw.customers',
      ]);
    });
  });

  describe('groups', () => {
    it('reads the owner with extra keys', () => {
      expect(graph.groups['group.props.sales']).toMatchObject({
        name: 'sales',
        package_name: 'props',
        original_file_path: SCHEMA,
        path: 'schema.yml',
        description: 'Sales analytics',
        owner: { name: 'Sales Analytics', email: 'sales@example.com', slack: '#sales-data' },
        line: at(SCHEMA, '- name: sales').line,
      });
    });
  });
});

describe('exposures that depend on metrics', () => {
  it('take metric() as dbt does (no unknown-macro), keeping the refs beside it', () => {
    const g = compileFiles({
      'dbt_project.yml': 'name: m\nversion: "1"\nconfig-version: 2\n',
      'models/a.sql': 'select 1 as id\n',
      'models/exposures.yml': [
        'exposures:',
        '  - name: dash',
        '    type: dashboard',
        '    owner: {name: BI}',
        '    depends_on:',
        "      - ref('a')",
        "      - metric('revenue')",
        '',
      ].join('\n'),
    });
    expect(g.diagnostics).toEqual([]);
    expect(g.exposures['exposure.m.dash']?.depends_on.nodes).toEqual(['model.m.a']);
  });
});

describe('a block scalar that ends a property file', () => {
  it('keeps no final line break, as dbt reads the file stripped; one followed by a key keeps it', () => {
    const graph = compileFiles({
      'dbt_project.yml': 'name: p\n',
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 1 as id',
      'models/a.yml': 'models:\n  - name: a\n    description: >\n      Folded text that ends the file.\n\n  \n',
      'models/b.yml': [
        'models:',
        '  - name: b',
        '    description: >',
        '      Followed by a key.',
        '    columns:',
        '      - name: id',
        '        description: |',
        '          Ends the file.',
        '',
      ].join('\n'),
    });
    expect(node(graph, 'model.p.a').description).toBe('Folded text that ends the file.');
    expect(node(graph, 'model.p.b').description).toBe('Followed by a key.\n');
    expect(node(graph, 'model.p.b').columns['id']?.description).toBe('Ends the file.');
  });
});

describe('descriptions that cannot be rendered', () => {
  it('report at the line of the description, for a model and for a column', () => {
    const g = compileFiles({
      'dbt_project.yml': 'name: d\nversion: "1"\nconfig-version: 2\n',
      'models/a.sql': 'select 1 as id\n',
      'models/a.yml': [
        'models:',
        '  - name: a',
        '    columns:',
        '      - name: id',
        '        description: "{{ doc(\'no_such_column_doc\') }}"',
        '    description: "{{ doc(\'no_such_doc\') }}"',
        '',
      ].join('\n'),
    });
    expect(diagnosticsOf(g)).toEqual([
      'unknown-doc models/a.yml:5',
      'unknown-doc models/a.yml:6',
      'unrendered-value models/a.yml:5',
      'unrendered-value models/a.yml:6',
    ]);
  });
});

// dbt's check_format_version: a property file's `version:` may be left out, but when given it is the integer 2
// (dagster-open-platform carried a `version: 3` file; spellbook once hotfixed the same).
describe("a property file's version", () => {
  it('is a warning unless it is 2 or left out (older dbt stops, 1.12 reads it); the entries are read', () => {
    const graph = compileFiles({
      'dbt_project.yml': "name: p\nversion: '1'\nconfig-version: 2\n",
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 1 as id',
      'models/c.sql': 'select 1 as id',
      'models/a.yml': 'version: 3\nmodels:\n  - name: a\n    description: three\n',
      'models/b.yml': 'version: "2"\nmodels:\n  - name: b\n',
      'models/c.yml': 'version: 2\nmodels:\n  - name: c\n',
    });
    expect(
      graph.diagnostics.filter((d) => d.code === 'invalid-property-file').map((d) => `${d.file}:${d.line}`),
    ).toEqual(['models/a.yml:1', 'models/b.yml:1']);
    expect(graph.nodes['model.p.a']?.description).toBe('three');
  });
});
