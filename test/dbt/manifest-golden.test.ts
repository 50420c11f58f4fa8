// toManifest(compile(fixture)) against a hand-written manifest shaped like the one `dbt parse` writes, written
// from dbt's documented behaviour (and its parser's source), field by field. Compared fields:
// - nodes and disabled nodes: resource_type, name, package_name, original_file_path, path, fqn, description,
//   columns (name, description, data_type, meta, tags, constraints), config (materialized, tags, meta, group,
//   access, contract {enforced, alias_types}, enabled), access, group, version, latest_version,
//   depends_on.nodes, refs;
// - sources: resource_type, name, source_name, package_name, original_file_path, path, fqn, description,
//   source_description, loader, identifier, meta, source_meta, tags, columns (as for nodes);
// - exposures: resource_type, name, package_name, original_file_path, path, fqn, type, label, maturity, url,
//   description, owner, meta, tags, depends_on.nodes, refs;
// - groups: resource_type, name, package_name, original_file_path, path, owner;
// - disabled: as above, by resource_type (models, sources and exposures);
// - parent_map and child_map, whole.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/dbt/compile.js';
import { toManifest } from '../../src/dbt/manifest/manifest.js';
import { fixturePath, loadFixture } from '../support/load-fixture.js';

type Json = Record<string, unknown>;

const EXPECTED_FILE = 'expected-manifest.json';
const expected = JSON.parse(readFileSync(join(fixturePath('manifest-shop'), EXPECTED_FILE), 'utf8')) as Json;
const files = loadFixture('manifest-shop');
files.delete(EXPECTED_FILE);
const graph = compile(files);
const actual = toManifest(graph) as Json;

const COLUMN_FIELDS = ['name', 'description', 'data_type', 'meta', 'tags', 'constraints'];
const CONFIG_FIELDS = ['materialized', 'tags', 'meta', 'group', 'access', 'contract', 'enabled'];
const NODE_FIELDS = [
  'resource_type',
  'name',
  'package_name',
  'original_file_path',
  'path',
  'fqn',
  'description',
  'columns',
  'config',
  'access',
  'group',
  'version',
  'latest_version',
  'depends_on',
  'refs',
];
const SOURCE_FIELDS = [
  'resource_type',
  'name',
  'source_name',
  'package_name',
  'original_file_path',
  'path',
  'fqn',
  'description',
  'source_description',
  'loader',
  'identifier',
  'meta',
  'source_meta',
  'tags',
  'columns',
];
const EXPOSURE_FIELDS = [
  'resource_type',
  'name',
  'package_name',
  'original_file_path',
  'path',
  'fqn',
  'type',
  'label',
  'maturity',
  'url',
  'description',
  'owner',
  'meta',
  'tags',
  'depends_on',
  'refs',
];
const GROUP_FIELDS = ['resource_type', 'name', 'package_name', 'original_file_path', 'path', 'owner'];

function pick(value: unknown, fields: string[]): Json {
  const record = (value ?? {}) as Json;
  return Object.fromEntries(fields.map((f) => [f, record[f]]));
}

/** The compared part of one field: nested objects reduced to the compared sub-fields. */
function project(field: string, value: unknown): unknown {
  if (field === 'columns') {
    const columns = (value ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, pick(c, COLUMN_FIELDS)]));
  }
  if (field === 'config') {
    const config = pick(value, CONFIG_FIELDS);
    return { ...config, contract: pick(config['contract'], ['enforced', 'alias_types']) };
  }
  if (field === 'depends_on') return pick(value, ['nodes']);
  return value;
}

/** One expectation per (resource, field), so a failure names both. */
function compareResources(section: string, fields: string[], actualSection: Json, expectedSection: Json): void {
  expect(Object.keys(actualSection).sort()).toEqual(Object.keys(expectedSection).sort());
  for (const [id, expectedResource] of Object.entries(expectedSection)) {
    for (const field of fields) {
      const got = project(field, (actualSection[id] as Json | undefined)?.[field]);
      const want = project(field, (expectedResource as Json)[field]);
      expect({ at: `${section}.${id}.${field}`, value: got }).toEqual({ at: `${section}.${id}.${field}`, value: want });
    }
  }
}

describe('toManifest(compile(fixture)) against a hand-written dbt manifest', () => {
  it('compiles the fixture without diagnostics', () => {
    expect(graph.diagnostics).toEqual([]);
  });

  it('matches nodes', () => {
    compareResources('nodes', NODE_FIELDS, actual['nodes'] as Json, expected['nodes'] as Json);
  });

  it('matches sources', () => {
    compareResources('sources', SOURCE_FIELDS, actual['sources'] as Json, expected['sources'] as Json);
  });

  it('matches exposures', () => {
    compareResources('exposures', EXPOSURE_FIELDS, actual['exposures'] as Json, expected['exposures'] as Json);
  });

  it('matches groups', () => {
    compareResources('groups', GROUP_FIELDS, actual['groups'] as Json, expected['groups'] as Json);
  });

  it('matches disabled', () => {
    const actualDisabled = actual['disabled'] as Record<string, unknown[]>;
    const expectedDisabled = expected['disabled'] as Record<string, unknown[]>;
    expect(Object.keys(actualDisabled).sort()).toEqual(Object.keys(expectedDisabled).sort());
    for (const [id, list] of Object.entries(expectedDisabled)) {
      expect(actualDisabled[id]?.length).toBe(list.length);
      list.forEach((entry, i) => {
        const type = (entry as Json)['resource_type'];
        const fields = type === 'source' ? SOURCE_FIELDS : type === 'exposure' ? EXPOSURE_FIELDS : NODE_FIELDS;
        compareResources(`disabled[${i}]`, fields, { [id]: actualDisabled[id]?.[i] }, { [id]: entry });
      });
    }
  });

  it('matches parent_map and child_map', () => {
    expect(actual['parent_map']).toEqual(expected['parent_map']);
    expect(actual['child_map']).toEqual(expected['child_map']);
  });
});
