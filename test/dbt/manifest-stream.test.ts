// `dbt-steward manifest` writes the manifest in pieces (manifestJson) rather than as one string: the text must be
// exactly JSON.stringify(toManifest(...)), and no piece holds more than one node's entry.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../src/dbt/compile.js';
import { manifestJson, toManifest } from '../../src/dbt/manifest/manifest.js';
import { loadFixture } from '../support/load-fixture.js';

const fixtures = readdirSync(fileURLToPath(new URL('../fixtures/dbt', import.meta.url)));
const target = { schema: 'public', database: 'analytics', type: 'postgres' };

describe('manifestJson', () => {
  it.each(fixtures)('writes the %s fixture as JSON.stringify(toManifest()) does', (name) => {
    const files = loadFixture(name);
    const graph = compile(files, files.has('dbt_project.yml') ? { project: '' } : {});
    const whole = JSON.stringify(toManifest(graph, target));
    const pieces = [...manifestJson(graph, target)];
    expect(pieces.join('')).toBe(whole);
    // Each node's entry is a piece of its own (its id another): the manifest is never joined into big strings.
    const nodes = Object.values(toManifest(graph, target)['nodes'] as Record<string, unknown>);
    for (const node of nodes) expect(pieces).toContain(JSON.stringify(node));
    expect(pieces.length).toBeGreaterThan(2 * nodes.length);
  });

  it('covers disabled nodes and disabled sources, whose entries come from two lists', () => {
    const graphs = fixtures.map((name) => compile(loadFixture(name)));
    expect(graphs.some((g) => Object.keys(g.disabled).length > 0)).toBe(true);
    expect(graphs.some((g) => Object.keys(g.disabledResources ?? {}).length > 0)).toBe(true);
    for (const graph of graphs)
      expect([...manifestJson(graph, target)].join('')).toBe(JSON.stringify(toManifest(graph, target)));
  });
});
