// Config precedence and merging as dbt does it: dbt_project.yml (least specific folder first) < property file
// `config` < SQL config(); meta merges by key, tags append, the rest replaces; a local package's node gets the
// root project's `models:` configs on top, and the root's vars.
import { compileFiles, compileFixture, diagnosticsOf, lineOf, node } from './helpers.js';
import { loadFixture } from '../support/load-fixture.js';

const files = loadFixture('precedence');
const graph = compileFixture('precedence');
const pos = (file: string, needle: string) => ({ file, line: lineOf(files.get(file), needle) });

describe('config precedence', () => {
  it('compiles with no diagnostics (a ref into an uncommitted package is not an error)', () => {
    expect(diagnosticsOf(graph)).toEqual([]);
  });

  it('lets the SQL config() win over the property file, which wins over dbt_project.yml', () => {
    const layered = node(graph, 'model.prec.layered');
    expect(layered.config.materialized).toBe('incremental');
    expect(layered.configPositions['materialized']).toEqual({ file: 'models/marts/layered.sql', line: 1 });
  });

  it('merges meta by key, the most specific layer winning each key, with where each key came from', () => {
    const layered = node(graph, 'model.prec.layered');
    expect(layered.meta).toEqual({ owner: 'sql-owner', domain: 'property', layer: 'marts' });
    expect(layered.config.meta).toEqual(layered.meta);
    expect(layered.metaPositions).toEqual({
      owner: { file: 'models/marts/layered.sql', line: 1 },
      domain: pos('models/marts/marts.yml', 'domain: property'),
      layer: pos('dbt_project.yml', 'layer: marts'),
    });
  });

  it('appends tags from every layer: the config in precedence order, the node as dbt adds them as it parses', () => {
    const layered = node(graph, 'model.prec.layered');
    expect(layered.config.tags).toEqual(['project', 'marts', 'property', 'sql']);
    // dbt's update_parsed_node_config appends the config's new tags to the node: once for the SQL file
    // (dbt_project.yml and config()), then once more when the property entry patches it.
    expect(layered.tags).toEqual(['project', 'marts', 'sql', 'property']);
  });

  it('defaults access to protected', () => {
    expect(node(graph, 'model.prec.layered').access).toBe('protected');
  });
});

describe('enabled', () => {
  it('moves a model disabled by a var in dbt_project.yml (a default, as --vars are the only vars there) to disabled', () => {
    expect(graph.nodes['model.prec.old_model']).toBeUndefined();
    expect(graph.disabled['model.prec.old_model']?.map((n) => [n.original_file_path, n.config.enabled])).toEqual([
      ['models/legacy/old_model.sql', false],
    ]);
    expect(graph.parent_map['model.prec.old_model']).toBeUndefined();
  });

  it('moves a model disabled by a project var in a property file to disabled', () => {
    expect(graph.nodes['model.prec.beta_model']).toBeUndefined();
    expect(Object.keys(graph.disabled).sort()).toEqual(['model.prec.beta_model', 'model.prec.old_model']);
  });

  it('enables both with --vars', () => {
    const on = compileFixture('precedence', { vars: { enable_legacy: true, enable_beta: true } });
    expect(node(on, 'model.prec.old_model').config.enabled).toBe(true);
    expect(node(on, 'model.prec.beta_model').config.enabled).toBe(true);
    expect(on.disabled).toEqual({});
  });
});

describe('local packages', () => {
  const pkg = () => node(graph, 'model.pkg_local.pkg_model');

  it('compiles a local package with its own package_name and paths relative to its folder', () => {
    expect([pkg().package_name, pkg().original_file_path, pkg().path, pkg().fqn, pkg().file]).toEqual([
      'pkg_local',
      'models/pkg_model.sql',
      'pkg_model.sql',
      ['pkg_local', 'pkg_model'],
      'packages/pkg_local/models/pkg_model.sql',
    ]);
    expect(pkg().patch_path).toBe('pkg_local://models/pkg.yml');
    expect(pkg().description).toBe('A model of the local package');
    expect(graph.projects).toEqual([
      { name: 'prec', root: '', isPackage: false },
      { name: 'pkg_local', root: 'packages/pkg_local', isPackage: true },
    ]);
  });

  it("applies the root project's models: configs on top of the package's own and of its SQL config()", () => {
    expect(pkg().config.materialized).toBe('ephemeral');
    expect(pkg().tags).toEqual(['package', 'from-root', 'pkg-property']);
    expect(pkg().config.tags).toEqual(['package', 'pkg-property', 'from-root']);
    expect(pkg().meta).toMatchObject({ owner: 'root-says', origin: 'package' });
    expect(pkg().metaPositions['owner']).toEqual(pos('dbt_project.yml', 'owner: root-says'));
    expect(pkg().metaPositions['origin']).toEqual(pos('packages/pkg_local/dbt_project.yml', 'origin: package'));
  });

  it("gives the package's nodes the root's global vars and the root's block for the package over its own", () => {
    expect(pkg().meta).toMatchObject({
      pkg_var: 'root-scoped-for-pkg',
      shared: 'root-global',
      own: 'package-only',
    });
  });

  it('resolves one- and two-argument refs into the local package, and keeps uncommitted packages external', () => {
    expect(node(graph, 'model.prec.layered').depends_on.nodes).toEqual(['model.pkg_local.pkg_model']);
    expect(node(graph, 'model.prec.uses_utils').depends_on.nodes).toEqual(['model.dbt_utils.date_spine_model']);
    expect(graph.external['model.dbt_utils.date_spine_model']).toEqual({
      unique_id: 'model.dbt_utils.date_spine_model',
      name: 'date_spine_model',
      package_name: 'dbt_utils',
      version: null,
    });
    expect(graph.child_map['model.dbt_utils.date_spine_model']).toEqual(['model.prec.uses_utils']);
  });

  it("resolves a package's unqualified ref to the root project's model first, as dbt's ref lookup does", () => {
    expect(node(graph, 'model.pkg_local.pkg_user').depends_on.nodes).toEqual(['model.prec.shared_name']);
    expect(graph.nodes['model.pkg_local.shared_name']?.package_name).toBe('pkg_local');
  });

  it("runs a local package's macros, called as package.macro()", () => {
    expect(node(graph, 'model.prec.uses_pkg_macro').depends_on.nodes).toEqual(['model.pkg_local.pkg_model']);
  });

  it("resolves doc() in a package's property file from the root project first, as dbt's doc lookup does", () => {
    expect(pkg().columns['id']?.description).toBe('From the root project.');
    expect(pkg().columns['other']?.description).toBe('Only in the package. From the package.');
  });
});

describe('grants merge as dbt merges them (DictKeyAppend)', () => {
  it('replaces a privilege from a more specific layer, extends it with +, and always lists grantees', () => {
    const g = compileFiles({
      'dbt_project.yml': [
        'name: grants',
        'version: "1"',
        'config-version: 2',
        'models:',
        '  grants:',
        '    +grants:',
        '      select: reporter',
        '      insert: [loader]',
        '',
      ].join('\n'),
      'models/a.sql': "{{ config(grants={'+select': ['analyst'], 'insert': 'etl'}) }}\nselect 1\n",
      'models/b.sql': "{{ config(grants={'select': ['bi']}) }}\nselect 1\n",
    });
    expect(node(g, 'model.grants.a').config['grants']).toEqual({ select: ['reporter', 'analyst'], insert: ['etl'] });
    expect(node(g, 'model.grants.b').config['grants']).toEqual({ select: ['bi'], insert: ['loader'] });
  });
});

describe('dict configs that dbt replaces whole', () => {
  it('replaces persist_docs and a model freshness, which have no merge behaviour in dbt, at each layer', () => {
    const g = compileFiles({
      'dbt_project.yml': [
        'name: docs',
        'version: "1"',
        'config-version: 2',
        'models:',
        '  docs:',
        '    +persist_docs: {relation: true, columns: true}',
        '    +freshness: {build_after: {count: 1, period: day}}',
        '    quiet:',
        '      +persist_docs: {relation: false}',
        '',
      ].join('\n'),
      'models/loud.sql': 'select 1\n',
      'models/quiet/a.sql': 'select 1\n',
      'models/quiet/b.sql':
        "{{ config(persist_docs={'columns': false}, freshness={'build_after': {'count': 2}}) }}\nselect 1\n",
    });
    expect(node(g, 'model.docs.loud').config['persist_docs']).toEqual({ relation: true, columns: true });
    expect(node(g, 'model.docs.a').config['persist_docs']).toEqual({ relation: false });
    const b = node(g, 'model.docs.b');
    expect(b.config['persist_docs']).toEqual({ columns: false });
    expect(b.config['freshness']).toEqual({ build_after: { count: 2 } });
  });
});

describe('source configs merge as dbt merges them (_generate_source_config)', () => {
  it("takes the table's config over the source's as one shallow dict, then over the project's +meta", () => {
    const g = compileFiles({
      'dbt_project.yml': [
        'name: src',
        'version: "1"',
        'config-version: 2',
        'sources:',
        '  src:',
        '    +meta:',
        '      from_project: 1',
        '      shared: project',
        '',
      ].join('\n'),
      'models/sources.yml': [
        'sources:',
        '  - name: raw',
        '    config:',
        '      meta: {from_source: 1, shared: source}',
        '      tags: [source_tag]',
        '    tables:',
        '      - name: a',
        '        config:',
        '          meta: {from_table: 1, shared: table}',
        '      - name: b',
        '',
      ].join('\n'),
    });
    // Table a: its `meta:` replaced the source's whole dict before the project's +meta was merged under it.
    expect(g.sources['source.src.raw.a']?.config['meta']).toEqual({ from_project: 1, shared: 'table', from_table: 1 });
    expect(g.sources['source.src.raw.a']?.config['tags']).toEqual(['source_tag']);
    // Table b sets nothing: the source's config applies.
    expect(g.sources['source.src.raw.b']?.config['meta']).toEqual({
      from_project: 1,
      shared: 'source',
      from_source: 1,
    });
  });
});
