// Keys of a column entry that are none of dbt's column properties (`null_ok: false`, an org's own `policy:`):
// dbt keeps them (ParserRef builds ColumnInfo with `_extra=column.extra`) and writes them after its own fields, as
// a manifest dbt 1.11.11 wrote for a public project of 159 models shows on three of its columns.
import { compile } from '../../src/dbt/compile.js';
import { graphFromManifest } from '../../src/dbt/manifest-input.js';
import { toManifest } from '../../src/dbt/manifest.js';
import { loadFixture } from '../support/load-fixture.js';

type Columns = Record<string, Record<string, unknown>>;
const manifest = toManifest(compile(loadFixture('column-extra'), { project: '' })) as {
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
    expect(Object.keys(manifest.nodes['model.registry.accounts']!.columns['label']!).at(-1)).toBe('doc_blocks');
  });

  it("are kept on sources' columns", () => {
    expect(manifest.sources['source.registry.crm.accounts']!.columns['id']!['null_ok']).toBe(true);
  });

  it('survive a manifest read back with --manifest', () => {
    const { graph } = graphFromManifest(manifest, 'manifest.json');
    const again = toManifest(graph!) as typeof manifest;
    expect(again.nodes['model.registry.accounts']!.columns['id']).toEqual(
      manifest.nodes['model.registry.accounts']!.columns['id'],
    );
  });
});
