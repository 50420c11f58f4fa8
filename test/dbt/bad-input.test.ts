// Bad input never crashes the compile and never loses the rest of the project: each problem is a diagnostic
// with file and line, and everything else is still compiled.
import { compileFixture, diagnosticsOf, node } from './helpers.js';

describe('bad input', () => {
  const graph = compileFixture('bad-input', { maxFileChars: 500 });
  const find = (code: string) => graph.diagnostics.filter((d) => d.code === code);

  it('reports every problem once, with file and line', () => {
    expect(diagnosticsOf(graph)).toEqual([
      'duplicate-node models/b/dup.sql:1',
      'dynamic-ref models/exposures.yml:10',
      'dynamic-ref snapshots/snap.sql:5',
      'file-too-large models/huge.sql:1',
      'invalid-property-entry models/ok.yml:8',
      'missing-env-var models/needs_env.sql:1',
      'missing-version-file models/more.yml:9',
      'property-without-node models/ok.yml:6',
      'unknown-group models/more.yml:6',
      'unknown-macro models/exposures.yml:10',
      'unknown-macro snapshots/snap.sql:5',
      'unknown-ref models/uses_unknown.sql:3',
      'unknown-source models/uses_unknown.sql:4',
      'yaml-alias-bomb models/bomb.yml:1',
      'yaml-syntax broken_project/dbt_project.yml:5',
      'yaml-syntax models/broken.yml:6',
    ]);
  });

  it('still compiles the rest of the project', () => {
    expect(Object.keys(graph.nodes).sort()).toEqual([
      'model.bad.dup',
      'model.bad.good',
      'model.bad.needs_env',
      'model.bad.uses_unknown',
      'snapshot.bad.dynamic_snapshot',
    ]);
    // ok.yml still applies although broken.yml and bomb.yml next to it are skipped.
    expect(node(graph, 'model.bad.good').description).toBe('The good model');
    expect(node(graph, 'model.bad.good').property).toEqual({ file: 'models/ok.yml', line: 4 });
  });

  it('keeps the known edges of a model with an unknown ref', () => {
    expect(node(graph, 'model.bad.uses_unknown').depends_on.nodes).toEqual(['model.bad.good']);
    expect(find('unknown-ref')[0]?.message).toContain('does_not_exist');
  });

  it('reports a dynamic ref in a snapshot block and in an exposure once, on its own line', () => {
    expect(graph.nodes['snapshot.bad.dynamic_snapshot']?.depends_on.nodes).toEqual([]);
    expect(graph.exposures['exposure.bad.dashboard']?.depends_on.nodes).toEqual(['model.bad.good']);
  });

  it('keeps the first of two models with one name', () => {
    expect(node(graph, 'model.bad.dup').original_file_path).toBe('models/a/dup.sql');
    expect(find('duplicate-node')[0]?.message).toContain('models/a/dup.sql');
  });

  it('skips a file over the size cap, and keeps it under the default cap', () => {
    expect(graph.nodes['model.bad.huge']).toBeUndefined();
    expect(compileFixture('bad-input').nodes['model.bad.huge']?.original_file_path).toBe('models/huge.sql');
  });

  it('skips a project whose dbt_project.yml does not parse, and reports where', () => {
    expect(graph.projects.map((p) => p.name)).toEqual(['bad']);
    expect(find('yaml-syntax').map((d) => d.message)).toEqual([
      expect.stringContaining('flow collection'),
      expect.stringContaining('bad indentation'),
    ]);
  });

  it('reports an env_var() without a value or default and leaves the value null', () => {
    expect(node(graph, 'model.bad.needs_env').meta).toEqual({ secret: null });
  });

  it('detects an alias bomb quickly', () => {
    const started = performance.now();
    compileFixture('bad-input');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
