// A source table's `external:` as dbt writes it (ExternalTable): every field, null when not set, before the keys
// it does not know; partitions written as mappings get ExternalPartition's defaults.
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { compileFiles } from './helpers.js';

const files = {
  'dbt_project.yml': 'name: p\n',
  'models/src.yml': [
    'sources:',
    '  - name: s',
    '    tables:',
    '      - name: json_files',
    '        external:',
    '          location: "gs://b/t1/*.json"',
    '          options:',
    '            format: NEWLINE_DELIMITED_JSON',
    '      - name: parquet',
    '        external:',
    '          location: s3://b/t2',
    '          file_format: parquet',
    '          partitions:',
    '            - name: dt',
    '              data_type: date',
    '              expression: "to_date(x)"',
    '      - name: named_partitions',
    '        external: {partitions: [dt, region]}',
    '      - name: internal',
    '',
  ].join('\n'),
};

describe("a source table's external", () => {
  const sources = (toManifest(compileFiles(files)) as { sources: Record<string, { external: unknown }> }).sources;
  const external = (table: string) => JSON.stringify(sources[`source.p.s.${table}`]?.external);

  it("writes ExternalTable's fields in its order, null when not set, then the other keys as written", () => {
    expect(external('json_files')).toBe(
      JSON.stringify({
        location: 'gs://b/t1/*.json',
        file_format: null,
        row_format: null,
        tbl_properties: null,
        partitions: null,
        options: { format: 'NEWLINE_DELIMITED_JSON' },
      }),
    );
  });

  it('gives partitions written as mappings the defaults of ExternalPartition, and keeps a list of names', () => {
    const parquet = sources['source.p.s.parquet']?.external as { partitions: unknown[] };
    expect(JSON.stringify(parquet.partitions)).toBe(
      JSON.stringify([{ name: 'dt', description: '', data_type: 'date', meta: {}, expression: 'to_date(x)' }]),
    );
    expect((sources['source.p.s.named_partitions']?.external as { partitions: unknown }).partitions).toEqual([
      'dt',
      'region',
    ]);
    expect(sources['source.p.s.internal']?.external).toBeNull();
  });

  it('reports a partition without a name or data type, which dbt refuses', () => {
    const graph = compileFiles({
      ...files,
      'models/src.yml':
        'sources:\n  - name: s\n    tables:\n      - name: t\n        external:\n          partitions: [{name: dt}]\n',
    });
    expect(graph.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['invalid-external', 'error', 4]]);
  });
});
