// The bundled example (examples/mesh) is what docs, demo and tests rely on: it must be well-formed dbt, its
// policy must validate, and its README must tell the truth about the pull request from base/ to head/.
import { join } from 'node:path';
import yaml from 'js-yaml';
import { policyConfigSchema } from '../../src/policy/config.js';
import {
  EXAMPLE_DIR,
  changedFiles,
  entryCovers,
  expectedFindings,
  listFiles,
  modelEntries,
  modelFileName,
  readText,
} from './example-files.js';

const BASE = join(EXAMPLE_DIR, 'base');
const HEAD = join(EXAMPLE_DIR, 'head');
const README = readText(EXAMPLE_DIR, 'README.md');

/** The rule catalogue of issue 4: the pull request must exercise every one. */
const CATALOGUE = [
  'ownership/model-has-owner',
  'ownership/owner-is-known-team',
  'ownership/required-meta',
  'contracts/cross-team-ref',
  'contracts/new-cross-team-dependency',
  'contracts/restricted-ref',
  'contracts/public-model-contract',
  'contracts/breaking-change',
  'contracts/deprecated-ref',
  'discoverability/model-has-description',
  'discoverability/column-descriptions',
  'discoverability/similar-model',
  'observability/notification-channel',
];

/** Model files that deliberately have no property entry; the README says why. */
const WITHOUT_PROPERTIES: Record<string, string[]> = {
  base: [],
  head: ['models/adhoc/adhoc_weekly_orders.sql'],
};

describe.each([
  ['base', BASE],
  ['head', HEAD],
])('examples/mesh/%s', (label, root) => {
  const files = listFiles(root);

  it('parses every YAML file with js-yaml', () => {
    const yamlFiles = files.filter((file) => /\.ya?ml$/.test(file));
    expect(yamlFiles.length).toBeGreaterThan(5);
    for (const file of yamlFiles) {
      expect(() => yaml.load(readText(root, file))).not.toThrow();
    }
  });

  it('is the mesh_shop dbt project', () => {
    const project = yaml.load(readText(root, 'dbt_project.yml'));
    expect(project).toMatchObject({ name: 'mesh_shop', profile: 'mesh_shop', 'config-version': 2 });
  });

  it('has a policy config that validates', () => {
    const result = policyConfigSchema.safeParse(yaml.load(readText(root, '.github/dbt-steward.yml')));
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(Object.keys(result.data.teams).sort()).toEqual(['core', 'finance', 'marketing', 'product_analytics']);
    expect(result.data.rules['observability/notification-channel']).toBe('warning');
  });

  it('has a property entry for every model file, except the ones left out on purpose', () => {
    const entries = modelEntries(root);
    const uncovered = files.filter((file) => {
      const name = modelFileName(file);
      return name !== null && !entries.some((entry) => entryCovers(entry, name));
    });
    expect(uncovered).toEqual(WITHOUT_PROPERTIES[label]);
    for (const path of uncovered) expect(README).toContain(`\`${path}\` intentionally has no property entry`);
  });

  it('has a model file for every property entry', () => {
    const names = new Set(files.map(modelFileName).filter((name): name is string => name !== null));
    const dangling = modelEntries(root).filter(
      (entry) => !(entry.versions.length === 0 ? [entry.name] : entry.versions.map((v) => `${entry.name}_v${v}`)).every(
        (name) => names.has(name),
      ),
    );
    expect(dangling).toEqual([]);
  });

  it('refs only models, seeds and snapshots that exist', () => {
    const known = new Set<string>();
    for (const file of files) {
      const name = /([^/]+)\.(sql|py|csv)$/.exec(file)?.[1];
      if (name) known.add(name.replace(/_v\d+$/, ''));
      for (const match of readText(root, file).matchAll(/{%\s*snapshot\s+(\w+)/g)) known.add(match[1] ?? '');
    }
    const refs = files
      .filter((file) => /\.(sql|py|yml)$/.test(file))
      .flatMap((file) => [...readText(root, file).matchAll(/\bref\(\s*["'](\w+)["']/g)].map((m) => m[1] ?? ''));
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('the pull request examples/mesh base -> head', () => {
  const baseFiles = new Set(listFiles(BASE));
  const headFiles = new Set(listFiles(HEAD));

  it('changes exactly the files the README lists, as it says', () => {
    const actual = [...new Set([...baseFiles, ...headFiles])]
      .sort()
      .flatMap((path) => {
        if (!baseFiles.has(path)) return [{ path, status: 'added' }];
        if (!headFiles.has(path)) return [{ path, status: 'removed' }];
        return readText(BASE, path) === readText(HEAD, path) ? [] : [{ path, status: 'modified' }];
      });
    expect(changedFiles(README)).toEqual(actual);
  });

  it('keeps the policy config unchanged', () => {
    expect(readText(HEAD, '.github/dbt-steward.yml')).toBe(readText(BASE, '.github/dbt-steward.yml'));
  });

  it('lists an expected finding for every rule of the catalogue', () => {
    const rules = new Set(expectedFindings(README).map((finding) => finding.rule));
    expect([...rules].sort()).toEqual([...CATALOGUE].sort());
  });

  it.each(expectedFindings(README).map((finding) => [finding.rule, finding.node, finding] as const))(
    '%s on %s points at a line of head/ that shows the cause',
    (_rule, _node, finding) => {
      expect(['error', 'warning', 'notice']).toContain(finding.severity);
      expect(finding.lookAt.file).toBe(finding.entry.file);
      expect(finding.lookAt.line).toBeGreaterThanOrEqual(finding.entry.line);
      const lines = readText(HEAD, finding.lookAt.file).split('\n');
      expect(lines[finding.lookAt.line - 1]).toContain(finding.snippet);
      expect(lines[finding.entry.line - 1]).toBeDefined();
    },
  );

  it('puts every finding on a file the pull request changed', () => {
    const changed = new Set(changedFiles(README).map((file) => file.path));
    for (const finding of expectedFindings(README)) expect(changed).toContain(finding.lookAt.file);
  });
});
