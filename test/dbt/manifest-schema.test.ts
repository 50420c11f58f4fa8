// What `dbt-steward manifest` prints validates against dbt's published manifest v12 JSON schema (a copy of
// schemas.getdbt.com's file, test/fixtures/reference), so tools that read dbt manifests can read ours.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { loadDir, loadFixture } from '../support/load-fixture.js';

const schemaPath = fileURLToPath(new URL('../fixtures/reference/dbt-manifest-v12.schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
// dbt 1.11.8+ writes a macro's `config` (meta and docs, as at its top level: dbt-core #12559), which the published
// schema's Macro does not list (it refuses unlisted keys): allowed here, as `docs` is shaped.
const macro = (
  schema['properties'] as Record<string, { additionalProperties: { properties: Record<string, unknown> } }>
)['macros']!.additionalProperties;
macro.properties['config'] = {
  type: 'object',
  additionalProperties: false,
  properties: { meta: { type: 'object' }, docs: macro.properties['docs'] },
};
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

function without(files: Map<string, string>, path: string): Map<string, string> {
  files.delete(path);
  return files;
}

describe('manifest output against dbt manifest v12 schema', () => {
  const validate = validator();
  const cases: Array<[string, Map<string, string>]> = [
    ['the bundled example', loadDir(fileURLToPath(new URL('../../examples/mesh/base', import.meta.url)))],
    ['the properties fixture', loadFixture('properties')],
    ['the monorepo fixture', loadFixture('monorepo')],
    ['the seeds and snapshots fixture', loadFixture('seeds-snapshots')],
    ['the generic tests fixture', loadFixture('generic-tests/adtech')],
    ['the source tests fixture', loadFixture('generic-tests/shop')],
    ['the test forms fixture (configs dbt refuses left out)', loadFixture('generic-tests/forms')],
    ['the versioned tests fixture', loadFixture('generic-tests/versioned')],
    ['the unit tests fixture (enabled, versioned and disabled)', loadFixture('unit-tests/bakery')],
    ['the macros fixture', loadFixture('macros/kitchen')],
    ['the semantic models fixture', loadFixture('semantic/tea')],
    // Its function without a property entry (which dbt requires) is left out: its return type is null.
    ['the user-defined functions fixture', without(loadFixture('functions'), 'functions/math/legacy_round.sql')],
  ];
  it.each(cases)('%s validates', (_name, files) => {
    const graph = compile(files, files.has('dbt_project.yml') ? { project: '', tests: true } : { tests: true });
    expect(Object.keys(graph.nodes).length).toBeGreaterThan(2);
    const manifest = toManifest(graph, {
      schema: 'public',
      database: 'analytics',
      type: 'postgres',
    });
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is checked by a validator that does reject a wrong manifest', () => {
    const manifest = toManifest(compile(loadFixture('properties'), { project: '' }));
    (manifest['metadata'] as Record<string, unknown>)['generator'] = 'someone';
    expect(validate(manifest)).toBe(false);
  });
});
