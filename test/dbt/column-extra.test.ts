// Keys of a column entry that are none of dbt's column properties (`null_ok: false`, an org's own `policy:`):
// dbt keeps them (ParserRef builds ColumnInfo with `_extra=column.extra`) and writes them after its own fields, as
// a manifest dbt 1.11.11 wrote for a public project of 159 models shows on three of its columns.
import { compile } from '../../src/dbt/compile.js';
import { graphFromManifest } from '../../src/dbt/manifest/manifest-input.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { manifestShape } from '../../src/dbt/manifest/manifest-shape.js';
import { loadFixture } from '../support/load-fixture.js';

type Columns = Record<string, Record<string, unknown>>;
const graph = compile(loadFixture('column-extra'), { project: '' });
const manifest = toManifest(graph) as {
  nodes: Record<string, { columns: Columns }>;
  sources: Record<string, { columns: Columns }>;
};

describe('column keys dbt does not declare', () => {
  it("are kept on models' columns, after doc_blocks, in the order written", () => {
    const id = manifest.nodes['model.registry.accounts']!.columns['id']!;
    expect(Object.keys(id).slice(-3)).toEqual(['doc_blocks', 'null_ok', 'policy']);
    expect([id['null_ok'], id['policy']]).toEqual([false, { pii: false }]);
    // Properties dbt reads are not repeated; a column without other keys has none.
    expect(id).not.toHaveProperty('data_tests');
    expect(Object.keys(manifest.nodes['model.registry.accounts']!.columns['id']!)).not.toContain('entity');
  });

  it("are kept on seeds' and sources' columns", () => {
    expect(manifest.nodes['seed.registry.regions']!.columns['code']!['policy_tags']).toEqual(['restricted']);
    expect(manifest.sources['source.registry.crm.accounts']!.columns['id']!['null_ok']).toBe(true);
  });

  it("are dbt 1.12's dimension and entity in its shape, other keys before it", () => {
    const label = (m: typeof manifest) => m.nodes['model.registry.accounts']!.columns['label']!;
    expect(Object.keys(label(manifest)).slice(-2)).toEqual(['doc_blocks', 'entity']);
    const v112 = toManifest(graph, { schema: 'public', database: 'analytics', shape: manifestShape('1.12')! });
    expect(Object.keys(label(v112 as typeof manifest)).slice(-4)).toEqual([
      'granularity',
      'dimension',
      'entity',
      'doc_blocks',
    ]);
    expect(label(v112 as typeof manifest)['entity']).toBe('primary');
  });

  it('survive a manifest read back with --manifest', () => {
    const { graph } = graphFromManifest(manifest, 'manifest.json');
    const again = toManifest(graph!) as typeof manifest;
    expect(again.nodes['model.registry.accounts']!.columns['id']).toEqual(
      manifest.nodes['model.registry.accounts']!.columns['id'],
    );
  });
});
