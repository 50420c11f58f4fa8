// `dbt-steward manifest` writes the manifest in chunks (manifestJson) rather than as one string: the text must be
// exactly JSON.stringify(toManifest(...)), wherever the chunks happen to break.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../src/dbt/compile.js';
import { manifestJson, toManifest } from '../../src/dbt/manifest.js';
import { loadFixture } from '../support/load-fixture.js';

const fixtures = readdirSync(fileURLToPath(new URL('../fixtures/dbt', import.meta.url)));
const target = { schema: 'public', database: 'analytics', type: 'postgres' };

describe('manifestJson', () => {
  it.each(fixtures)('writes the %s fixture as JSON.stringify(toManifest()) does', (name) => {
    const files = loadFixture(name);
    const graph = compile(files, files.has('dbt_project.yml') ? { project: '' } : {});
    const whole = JSON.stringify(toManifest(graph, target));
    const chunks = [...manifestJson(graph, target, 500)];
    expect(chunks.join('')).toBe(whole);
    // Small chunks do split a fixture of several nodes: the test covers the breaks, not one big chunk.
    if (Object.keys(graph.nodes).length > 3) expect(chunks.length).toBeGreaterThan(2);
  });

  it('covers disabled nodes and disabled sources, whose entries come from two lists', () => {
    const graphs = fixtures.map((name) => compile(loadFixture(name)));
    expect(graphs.some((g) => Object.keys(g.disabled).length > 0)).toBe(true);
    expect(graphs.some((g) => Object.keys(g.disabledResources ?? {}).length > 0)).toBe(true);
    for (const graph of graphs)
      expect([...manifestJson(graph, target, 200)].join('')).toBe(JSON.stringify(toManifest(graph, target)));
  });
});
