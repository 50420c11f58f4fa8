// Doc blocks as dbt 1.10+ writes them: each `{% docs %}` block in the manifest's `docs`, and on nodes, sources and
// columns the `doc_blocks` their descriptions call (found before rendering, as dbt's _get_doc_blocks does).
import { createHash } from 'node:crypto';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles, node } from './helpers.js';

const graph = compileFiles({
  'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\n',
  'packages.yml': 'packages:\n  - local: shared\n',
  'models/docs/orders.md': [
    '{% docs orders %}',
    '  One row per order.  ',
    '{% enddocs %}',
    '',
    '{% docs order_id %}The key.{% enddocs %}',
    '',
  ].join('\n'),
  'models/orders.sql': 'select 1 as order_id',
  'models/plain.sql': 'select 1 as id',
  'models/versioned_v2.sql': 'select 1 as id',
  'models/orders.yml': [
    'models:',
    '  - name: orders',
    "    description: \"{{ doc('orders') }} See also {{ doc('shared', 'glossary') }}.\"",
    '    columns:',
    '      - name: order_id',
    '        description: "{{ doc(\'order_id\') }}"',
    '      - name: status',
    "        description: \"{{ doc('order_id') ~ '!' }}\"",
    '  - name: plain',
    '    description: No doc blocks here.',
    '    columns:',
    '      - name: id',
    '        description: "{{ doc(\'nowhere\') }}"',
    '  - name: versioned',
    '    description: "{{ doc(\'orders\') }}"',
    '    versions:',
    '      - v: 2',
    '        description: "{{ doc(\'order_id\') }}"',
    'sources:',
    '  - name: raw',
    '    tables:',
    '      - name: orders',
    '        description: "{{ doc(\'orders\') }}"',
    '        columns:',
    '          - name: id',
    '            description: "{{ doc(\'order_id\') }}"',
    '',
  ].join('\n'),
  'shared/dbt_project.yml': 'name: shared\nversion: "1"\nconfig-version: 2\n',
  'shared/models/glossary.md':
    '{% docs glossary %}Words.{% enddocs %}\n{% docs orders %}Not the root one.{% enddocs %}\n',
  'shared/models/terms.sql': 'select 1 as id',
  'shared/models/terms.yml': 'models:\n  - name: terms\n    description: "{{ doc(\'orders\') }}"\n',
});

describe('doc blocks', () => {
  it("lists the doc blocks a model's and its columns' descriptions call, resolved as rendering resolves them", () => {
    const orders = node(graph, 'model.shop.orders');
    expect(orders.description).toBe('One row per order. See also Words..');
    expect(orders.doc_blocks).toEqual(['doc.shop.orders', 'doc.shared.glossary']);
    expect(orders.columns['order_id']?.doc_blocks).toEqual(['doc.shop.order_id']);
    // Inside an expression: rendered, but not listed (dbt looks at top-level doc() outputs only).
    expect(orders.columns['status']?.description).toBe('The key.!');
    expect(orders.columns['status']?.doc_blocks).toEqual([]);
  });

  it('lists none for plain text or a doc block that does not exist', () => {
    const plain = node(graph, 'model.shop.plain');
    expect(plain.doc_blocks).toEqual([]);
    expect(plain.columns['id']?.doc_blocks).toEqual([]);
    expect(graph.diagnostics.map((d) => d.code)).toContain('unknown-doc');
  });

  it("takes a version's own description, and a package's node finds the root project's block first", () => {
    expect(node(graph, 'model.shop.versioned.v2').doc_blocks).toEqual(['doc.shop.order_id']);
    expect(node(graph, 'model.shared.terms').doc_blocks).toEqual(['doc.shop.orders']);
  });

  it('lists them for source tables and their columns', () => {
    const source = graph.sources['source.shop.raw.orders'];
    expect(source?.doc_blocks).toEqual(['doc.shop.orders']);
    expect(source?.columns['id']?.doc_blocks).toEqual(['doc.shop.order_id']);
  });

  it("writes every block in the manifest's docs, its contents stripped, its path relative to the docs path", () => {
    const manifest = toManifest(graph) as {
      docs: Record<string, unknown>;
      nodes: Record<string, { doc_blocks: unknown; columns: Record<string, { doc_blocks: unknown }> }>;
      sources: Record<string, { doc_blocks: unknown }>;
    };
    expect(Object.keys(manifest.docs).sort()).toEqual([
      'doc.shared.glossary',
      'doc.shared.orders',
      'doc.shop.order_id',
      'doc.shop.orders',
    ]);
    expect(manifest.docs['doc.shop.orders']).toEqual({
      name: 'orders',
      resource_type: 'doc',
      package_name: 'shop',
      path: 'docs/orders.md',
      original_file_path: 'models/docs/orders.md',
      unique_id: 'doc.shop.orders',
      block_contents: 'One row per order.',
    });
    expect(manifest.docs['doc.shared.glossary']).toMatchObject({
      path: 'glossary.md',
      original_file_path: 'models/glossary.md',
    });
    expect(manifest.nodes['model.shop.orders']?.doc_blocks).toEqual(['doc.shop.orders', 'doc.shared.glossary']);
    expect(manifest.nodes['model.shop.orders']?.columns['order_id']?.doc_blocks).toEqual(['doc.shop.order_id']);
    expect(manifest.sources['source.shop.raw.orders']?.doc_blocks).toEqual(['doc.shop.orders']);
  });
});

describe('doc blocks of disabled nodes and sources', () => {
  // dbt renders descriptions of enabled nodes and sources only (process_docs walks manifest.nodes and sources).
  const disabled = compileFiles({
    'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\n',
    'models/docs.md': '{% docs orders %}One row per order.{% enddocs %}\n',
    'models/retired.sql': '{{ config(enabled=false) }}\nselect 1 as id',
    'models/props.yml': [
      'models:',
      '  - name: retired',
      '    description: "{{ doc(\'orders\') }}"',
      '    columns:',
      '      - name: id',
      '        description: "{{ doc(\'orders\') }}"',
      'sources:',
      '  - name: raw',
      '    config: {enabled: false}',
      '    tables:',
      '      - name: orders',
      '        description: "{{ doc(\'orders\') }}"',
      '',
    ].join('\n'),
  });

  it('keeps their descriptions as written, with no doc_blocks', () => {
    const retired = disabled.disabled['model.shop.retired']?.[0];
    expect(retired?.description).toBe("{{ doc('orders') }}");
    expect(retired?.doc_blocks).toEqual([]);
    expect(retired?.columns['id']).toMatchObject({ description: "{{ doc('orders') }}", doc_blocks: [] });
    const source = disabled.disabledResources?.['source.shop.raw.orders']?.[0];
    expect(source).toMatchObject({ description: "{{ doc('orders') }}", doc_blocks: [] });
  });
});

describe('seed checksums', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const big = `id\n${'1\n'.repeat(600_000)}`;
  const seeds = compileFiles({
    'dbt_project.yml': 'name: shop\nversion: "1"\nconfig-version: 2\n',
    'seeds/small.csv': 'id\n1\n\n',
    'seeds/big.csv': big,
  });

  it('hashes a seed up to 1 MiB stripped, and names a larger one by its path, as dbt does', () => {
    expect(node(seeds, 'seed.shop.small').checksum.toJSON()).toEqual({ name: 'sha256', checksum: sha256('id\n1') });
    expect(big.length).toBeGreaterThan(1024 * 1024);
    expect(node(seeds, 'seed.shop.big').checksum.toJSON()).toEqual({ name: 'path', checksum: 'seeds/big.csv' });
  });
});

// dbt stops on a doc() it cannot find in an enabled resource's description (DocTargetNotFoundError), and on two docs
// blocks of one name in a package (DuplicateResourceNameError).
describe('doc blocks dbt stops on', () => {
  const files = {
    'dbt_project.yml': "name: app\nversion: '1'\nconfig-version: 2\n",
    'models/m.sql': 'select 1 as id',
    'models/docs.md': '{% docs dup %}first{% enddocs %}',
    'models/more_docs.md': '{% docs dup %}second{% enddocs %}',
    'models/schema.yml': [
      'models:',
      '  - name: m',
      '    description: "{{ doc(\'nowhere\') }}"',
      '    columns:',
      '      - name: id',
      '        description: "{{ doc(\'dup\') }}"',
    ].join('\n'),
  };

  it('is an error for a missing block and for a second block of one name', () => {
    const graph = compileFiles(files);
    expect(
      graph.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.code} ${d.file}:${d.line}`)
        .sort(),
    ).toEqual(['duplicate-doc models/more_docs.md:1', 'unknown-doc models/schema.yml:3']);
  });

  it('is a warning for a missing block when a package the project installs is not in the repository', () => {
    const packages = { 'packages.yml': 'packages:\n  - package: fivetran/hubspot_source\n    version: 0.15.0\n' };
    const graph = compileFiles({ ...files, ...packages });
    expect(graph.diagnostics.find((d) => d.code === 'unknown-doc')?.severity).toBe('warning');
  });
});

describe('doc() where dbt does not stop', () => {
  it("is no error in a disabled exposure's description (dbt renders enabled resources' only), nor for dbt's overview", () => {
    const graph = compileFiles({
      'dbt_project.yml': "name: app\nversion: '1'\nconfig-version: 2\n",
      'models/m.sql': 'select 1 as id',
      'models/schema.yml': [
        'models:',
        '  - name: m',
        '    description: "{{ doc(\'__overview__\') }}"',
        'exposures:',
        '  - name: ex_off',
        '    type: dashboard',
        '    owner: {email: a@b.c}',
        '    config: {enabled: false}',
        '    description: "{{ doc(\'missing\') }}"',
        "    depends_on: [ref('m')]",
      ].join('\n'),
    });
    expect(graph.diagnostics.filter((d) => d.code === 'unknown-doc')).toEqual([]);
  });
});
