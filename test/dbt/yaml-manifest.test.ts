// YAML values through a compile, into manifest.json as dbt writes it: PyYAML's values, written by json.dumps
// (dates by isoformat()). The manifest is compared as JSON text, the way it reaches a reader.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles, diagnosticsOf } from './helpers.js';

const PROJECT = [
  'name: p',
  'version: "1.0"',
  'models:',
  '  p:',
  '    +meta: {audited: 2023-12-01, sla: 1:30, legacy: off}',
].join('\n');

const PROPERTIES = [
  'version: 2',
  'models:',
  '  - name: m',
  '    meta: {pii: yes, reviewed: 2024-03-01, count: 1_000, ratio: 1e3, on_call: on, y: y}',
  '    columns:',
  '      - name: id',
  '        meta: {checked_at: 2024-03-01 10:00:00, zone: 2024-03-01T10:00:00+02:00, mode: 0644}',
].join('\n');

const graph = compileFiles({ 'dbt_project.yml': PROJECT, 'models/m.sql': 'select 1', 'models/m.yml': PROPERTIES });
interface Node {
  meta: Record<string, unknown>;
  config: { meta: Record<string, unknown> };
  columns: Record<string, Node>;
}
const manifest = JSON.parse(JSON.stringify(toManifest(graph))) as { nodes: Record<string, Node> };
const node = manifest.nodes['model.p.m'];

describe('YAML 1.1 values in manifest.json', () => {
  it('compiles without diagnostics', () => {
    expect(diagnosticsOf(graph)).toEqual([]);
  });

  it('writes a property file meta as dbt does: true, "2024-03-01", 1000, "1e3"', () => {
    expect(node?.meta).toMatchObject({ pii: true, reviewed: '2024-03-01', count: 1000, ratio: '1e3' });
  });

  it('merges dbt_project.yml meta (dates kept, not turned into mappings) under the property file meta', () => {
    expect(node?.config.meta).toEqual({
      audited: '2023-12-01',
      sla: 90,
      legacy: false,
      pii: true,
      reviewed: '2024-03-01',
      count: 1000,
      ratio: '1e3',
      on_call: true,
      y: 'y',
    });
  });

  it('writes datetimes with isoformat(): naive without a zone, aware with its offset; 0644 is octal', () => {
    expect(node?.columns['id']?.meta).toEqual({
      checked_at: '2024-03-01T10:00:00',
      zone: '2024-03-01T10:00:00+02:00',
      mode: 420,
    });
  });
});
