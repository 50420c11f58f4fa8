// Files as users have them: CRLF line endings, a UTF-8 byte-order mark, tabs inside YAML values, Windows-style
// paths in dbt_project.yml; tabs as YAML indentation are a syntax error reported with its line.
import { createHash } from 'node:crypto';
import { compile } from '../../src/dbt/compile.js';
import { compileFixture, diagnosticsOf, node } from './helpers.js';
import { loadFixture } from '../support/load-fixture.js';

const files = loadFixture('file-formats');
const graph = compileFixture('file-formats');

describe('file formats', () => {
  it('really has CRLF and a BOM on disk', () => {
    expect(files.get('dbt_project.yml')?.charCodeAt(0)).toBe(0xfeff);
    expect(files.get('models/marts/orders.sql')).toContain('\r\n');
    expect(files.get('models/marts/orders.yml')).toContain('\t');
  });

  it('reads Windows-style model paths', () => {
    expect(Object.keys(graph.nodes).sort()).toEqual(['model.formats.orders', 'model.formats.stg_orders']);
    const orders = node(graph, 'model.formats.orders');
    expect([orders.path, orders.original_file_path, orders.fqn]).toEqual([
      'orders.sql',
      'models/marts/orders.sql',
      ['formats', 'orders'],
    ]);
  });

  it('counts lines of CRLF files with a BOM as an editor shows them', () => {
    const orders = node(graph, 'model.formats.orders');
    expect(orders.refs.map((r) => r.pos)).toEqual([{ file: 'models/marts/orders.sql', line: 4 }]);
    expect(orders.depends_on.nodes).toEqual(['model.formats.stg_orders']);
    expect(orders.property).toEqual({ file: 'models/marts/orders.yml', line: 4 });
    expect(orders.columns['id']?.pos).toEqual({ file: 'models/marts/orders.yml', line: 11 });
    expect(orders.metaPositions).toEqual({
      layer: { file: 'dbt_project.yml', line: 8 },
      owner: { file: 'models/marts/orders.yml', line: 8 },
      tier: { file: 'models/marts/orders.yml', line: 9 },
    });
  });

  it('keeps tabs inside YAML values', () => {
    const orders = node(graph, 'model.formats.orders');
    expect(orders.description).toBe('Orders\tby customer');
    expect(orders.meta).toEqual({ layer: 'any', owner: 'sales\tteam', tier: 'gold\tplus' });
  });

  it('reports tabs used as indentation as a YAML syntax error on that line, and compiles the rest', () => {
    expect(diagnosticsOf(graph)).toEqual(['yaml-syntax models/staging/tabs.yml:5']);
    expect(node(graph, 'model.formats.stg_orders').property).toBeNull();
  });
});

describe('a snapshot file with CRLF line ends', () => {
  it('keeps CRLF in the block’s raw_code, as dbt cuts it from the file as read, and reads the block the same', () => {
    const file =
      '{% snapshot snap %}\r\n{{ config(unique_key="id", strategy="check", check_cols="all") }}\r\nselect 1 as id\r\n{% endsnapshot %}\r\n';
    const graph = compile(
      new Map([
        ['dbt_project.yml', 'name: crlf\nversion: "1"\nconfig-version: 2\n'],
        ['snapshots/snap.sql', file],
      ]),
    );
    const snap = graph.nodes['snapshot.crlf.snap']!;
    expect(snap.raw_code).toBe(
      '\r\n{{ config(unique_key="id", strategy="check", check_cols="all") }}\r\nselect 1 as id\r\n',
    );
    expect([snap.config['unique_key'], snap.config['strategy']]).toEqual(['id', 'check']);
    // dbt hashes the whole file, stripped (CRLF kept).
    expect(snap.checksum.toJSON().checksum).toBe(createHash('sha256').update(file.trim()).digest('hex'));
  });
});
